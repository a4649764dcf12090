import type { Curve } from '../../api/types';

interface CurvePlotProps {
  curve: Curve;
  title: string;
  /** Draws the chance line y = x (for ROC). */
  diagonal?: boolean;
  testId?: string;
}

const W = 300;
const H = 260;
const M = { left: 46, right: 12, top: 12, bottom: 40 };

function extent(values: number[], fallback: [number, number]): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return fallback;
  const lo = Math.min(fallback[0], ...finite);
  const hi = Math.max(fallback[1], ...finite);
  return lo === hi ? [lo, lo + 1] : [lo, hi];
}

/** A curve (ROC, precision-recall…) as inline SVG, with axes, labels and ticks. */
export function CurvePlot({ curve, title, diagonal, testId }: CurvePlotProps) {
  const [x0, x1] = extent(curve.x, [0, 1]);
  const [y0, y1] = extent(curve.y, [0, 1]);
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const sx = (v: number) => M.left + ((v - x0) / (x1 - x0)) * pw;
  const sy = (v: number) => M.top + ph - ((v - y0) / (y1 - y0)) * ph;
  const n = Math.min(curve.x.length, curve.y.length);
  const points: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = curve.x[i];
    const y = curve.y[i];
    if (Number.isFinite(x) && Number.isFinite(y)) points.push(`${sx(x).toFixed(1)},${sy(y).toFixed(1)}`);
  }
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const xLabel = curve.x_label ?? 'x';
  const yLabel = curve.y_label ?? 'y';
  const area = typeof curve.area === 'number' ? ` (area ${curve.area.toFixed(4)})` : '';
  return (
    <figure style={{ margin: 0 }}>
      <figcaption className="chart-title">{title}{area}</figcaption>
      <svg
        className="chart"
        viewBox={`0 0 ${W} ${H}`}
        width={W}
        height={H}
        role="img"
        aria-label={`${title}: ${yLabel} against ${xLabel}${area}`}
        data-testid={testId}
      >
        {ticks.map((t) => {
          const vx = x0 + t * (x1 - x0);
          const vy = y0 + t * (y1 - y0);
          return (
            <g key={t}>
              <line className="grid" x1={sx(vx)} x2={sx(vx)} y1={M.top} y2={M.top + ph} />
              <line className="grid" x1={M.left} x2={M.left + pw} y1={sy(vy)} y2={sy(vy)} />
              <text x={sx(vx)} y={M.top + ph + 14} textAnchor="middle">{+vx.toFixed(2)}</text>
              <text x={M.left - 6} y={sy(vy) + 4} textAnchor="end">{+vy.toFixed(2)}</text>
            </g>
          );
        })}
        <line className="axis" x1={M.left} x2={M.left + pw} y1={M.top + ph} y2={M.top + ph} />
        <line className="axis" x1={M.left} x2={M.left} y1={M.top} y2={M.top + ph} />
        {diagonal ? (
          <line
            className="diagonal"
            data-testid={testId ? `${testId}-diagonal` : undefined}
            x1={sx(Math.max(x0, y0))}
            y1={sy(Math.max(x0, y0))}
            x2={sx(Math.min(x1, y1))}
            y2={sy(Math.min(x1, y1))}
          />
        ) : null}
        {points.length > 0 ? <polyline className="curve" points={points.join(' ')} /> : null}
        <text x={M.left + pw / 2} y={H - 6} textAnchor="middle" className="axis-label">{xLabel}</text>
        <text x={12} y={M.top + ph / 2} textAnchor="middle" transform={`rotate(-90 12 ${M.top + ph / 2})`} className="axis-label">
          {yLabel}
        </text>
      </svg>
    </figure>
  );
}
