import { getRun } from '../api/runs';
import type { Run } from '../api/types';
import { asNumber, formatMetric, formatTime, shortHash, shortId } from '../model/format';
import { flattenMetrics } from '../model/metrics';
import { useAsync } from '../hooks/useAsync';
import { href } from '../router';
import { ErrorAlert } from '../components/ui/ErrorAlert';
import { StatusBadge } from '../components/ui/StatusBadge';

function text(value: unknown): string {
  if (value === undefined) return '—';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function Header({ label, run }: { label: string; run: Run }) {
  return (
    <div className="stack" style={{ gap: 2 }}>
      <div className="row">
        <strong>{label}</strong>
        <a className="mono" href={href.run(run.id)}>{shortId(run.id)}</a>
        <StatusBadge status={run.status} />
      </div>
      <div className="small muted">
        {run.pipeline} · <span className="mono">{shortHash(run.pipeline_version)}</span> · {formatTime(run.created_at)}
      </div>
    </div>
  );
}

/** Two runs side by side: parameters and metrics, differences highlighted, metric deltas. */
export function ComparePage({ a, b }: { a: string; b: string }) {
  const { data, error, loading } = useAsync(() => Promise.all([getRun(a), getRun(b)]), [a, b]);
  if (!a || !b) {
    return <div className="page"><div className="page-inner"><h1>Compare runs</h1><p>Pick two runs on the <a href={href.runs()}>runs page</a>.</p></div></div>;
  }
  const [ra, rb] = data ?? [null, null];
  const paramKeys = ra && rb ? [...new Set([...Object.keys(ra.parameters ?? {}), ...Object.keys(rb.parameters ?? {})])].sort() : [];
  const ma = ra ? flattenMetrics(ra) : new Map();
  const mb = rb ? flattenMetrics(rb) : new Map();
  const metricKeys = [...new Set([...ma.keys(), ...mb.keys()])];
  return (
    <div className="page">
      <div className="page-inner">
        <div className="page-header">
          <h1>Compare runs</h1>
          <a className="btn" href={href.runs()}>Back to runs</a>
        </div>
        {loading ? <div className="row muted"><span className="spinner" /> Loading…</div> : null}
        <ErrorAlert error={error} />
        {ra && rb ? (
          <>
            <div className="panel panel-body" style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 16 }}>
              <Header label="A" run={ra} />
              <Header label="B" run={rb} />
            </div>
            {ra.pipeline_version !== rb.pipeline_version ? (
              <div className="alert alert-info">
                The runs used different pipeline versions ({shortHash(ra.pipeline_version)} and {shortHash(rb.pipeline_version)}).
              </div>
            ) : null}
            <section className="panel">
              <div className="panel-header"><h2>Parameters</h2></div>
              <table className="table" data-testid="compare-parameters" aria-label="Parameters">
                <thead>
                  <tr><th scope="col">parameter</th><th scope="col">A</th><th scope="col">B</th></tr>
                </thead>
                <tbody>
                  {paramKeys.length === 0 ? <tr><td colSpan={3} className="muted">No parameters.</td></tr> : null}
                  {paramKeys.map((k) => {
                    const va = text(ra.parameters?.[k]);
                    const vb = text(rb.parameters?.[k]);
                    const differs = va !== vb;
                    return (
                      <tr key={k} data-testid={`compare-param-${k}`} data-differs={differs || undefined}>
                        <th scope="row" className="mono">{k}{differs ? <span className="visually-hidden"> (differs)</span> : null}</th>
                        <td className={`mono${differs ? ' diff-cell' : ''}`}>{va}</td>
                        <td className={`mono${differs ? ' diff-cell' : ''}`}>{vb}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </section>
            <section className="panel">
              <div className="panel-header"><h2>Metrics</h2></div>
              <table className="table" data-testid="compare-metrics" aria-label="Metrics">
                <thead>
                  <tr>
                    <th scope="col">metric</th>
                    <th scope="col" className="num">A</th>
                    <th scope="col" className="num">B</th>
                    <th scope="col" className="num">B − A</th>
                  </tr>
                </thead>
                <tbody>
                  {metricKeys.length === 0 ? <tr><td colSpan={4} className="muted">No metrics.</td></tr> : null}
                  {metricKeys.map((k) => {
                    const va = ma.get(k);
                    const vb = mb.get(k);
                    const na = asNumber(va);
                    const nb = asNumber(vb);
                    const delta = na !== null && nb !== null ? nb - na : null;
                    const differs = delta !== null ? Math.abs(delta) > 1e-12 : text(va) !== text(vb);
                    return (
                      <tr key={k} data-testid={`compare-metric-${k}`} data-differs={differs || undefined}>
                        <th scope="row" className="mono">{k}</th>
                        <td className={`num mono${differs ? ' diff-cell' : ''}`}>{va === undefined ? '—' : formatMetric(va)}</td>
                        <td className={`num mono${differs ? ' diff-cell' : ''}`}>{vb === undefined ? '—' : formatMetric(vb)}</td>
                        <td className={`num mono ${delta !== null && delta > 0 ? 'delta-up' : delta !== null && delta < 0 ? 'delta-down' : ''}`} data-testid={`delta-${k}`}>
                          {delta === null ? '' : `${delta > 0 ? '+' : ''}${delta.toFixed(4)}`}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </section>
          </>
        ) : null}
      </div>
    </div>
  );
}
