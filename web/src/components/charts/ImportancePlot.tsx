export interface Importance {
  column: string;
  drop: number;
}

/** Permutation importance as horizontal bars, largest first (negative drops to the left). */
export function ImportancePlot({ rows, limit = 25 }: { rows: Importance[]; limit?: number }) {
  const sorted = [...rows].filter((r) => Number.isFinite(r.drop)).sort((a, b) => b.drop - a.drop).slice(0, limit);
  const labelWidth = Math.min(160, 12 + 7 * Math.max(4, ...sorted.map((r) => r.column.length)));
  const W = 460;
  const barH = 18;
  const H = 24 + sorted.length * (barH + 4);
  const lo = Math.min(0, ...sorted.map((r) => r.drop));
  const hi = Math.max(0, ...sorted.map((r) => r.drop));
  const span = hi - lo || 1;
  const plotW = W - labelWidth - 70;
  const sx = (v: number) => labelWidth + ((v - lo) / span) * plotW;
  return (
    <figure style={{ margin: 0 }}>
      <figcaption className="chart-title">Feature importance (drop in the metric when a column is shuffled)</figcaption>
      <svg className="chart" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label="Feature importance" data-testid="importance-plot">
        <line className="axis" x1={sx(0)} x2={sx(0)} y1={4} y2={H - 16} />
        {sorted.map((r, i) => {
          const y = 6 + i * (barH + 4);
          const a = sx(Math.min(0, r.drop));
          const b = sx(Math.max(0, r.drop));
          return (
            <g key={r.column}>
              <text x={labelWidth - 6} y={y + barH / 2 + 4} textAnchor="end">{r.column.length > 22 ? `${r.column.slice(0, 21)}…` : r.column}</text>
              <rect className="bar" x={a} y={y} width={Math.max(1, b - a)} height={barH} rx={2} opacity={r.drop < 0 ? 0.45 : 1}>
                <title>{`${r.column}: ${r.drop}`}</title>
              </rect>
              <text x={b + 4} y={y + barH / 2 + 4}>{r.drop.toFixed(4)}</text>
            </g>
          );
        })}
        <text x={labelWidth + plotW / 2} y={H - 2} textAnchor="middle">drop</text>
      </svg>
    </figure>
  );
}

/** Rows of a table with columns `column` and `drop`, or null when the table is not of that shape. */
export function importanceRows(columns: { name: string }[], rows: unknown[][]): Importance[] | null {
  const c = columns.findIndex((x) => x.name === 'column');
  const d = columns.findIndex((x) => x.name === 'drop');
  if (c < 0 || d < 0) return null;
  return rows.map((r) => ({ column: String(r[c]), drop: Number(r[d]) }));
}
