/** A field's PSI over time as a small line, with the 0.2 drift threshold dashed; points where it drifted are marked. */
export function PsiSparkline({ points, field }: { points: { t: number; psi: number; drifted: boolean }[]; field: string }) {
  const width = 220;
  const height = 44;
  if (points.length === 0) return null;
  const t0 = points[0].t;
  const t1 = points[points.length - 1].t;
  const top = Math.max(0.3, ...points.map((p) => p.psi));
  const x = (t: number) => (t1 === t0 ? width / 2 : ((t - t0) / (t1 - t0)) * (width - 4) + 2);
  const y = (psi: number) => height - 2 - (Math.min(psi, top) / top) * (height - 4);
  return (
    <svg width={width} height={height} role="img" aria-label={`PSI of ${field} over time`} data-testid={`psi-${field}`} className="sparkline">
      <line x1={0} x2={width} y1={y(0.2)} y2={y(0.2)} className="sparkline-threshold" />
      <polyline points={points.map((p) => `${x(p.t).toFixed(1)},${y(p.psi).toFixed(1)}`).join(' ')} className="sparkline-line" />
      {points.filter((p) => p.drifted).map((p, i) => (
        <circle key={i} cx={x(p.t)} cy={y(p.psi)} r={2.5} className="sparkline-drift" />
      ))}
    </svg>
  );
}
