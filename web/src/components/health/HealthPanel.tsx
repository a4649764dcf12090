import { getModelAlerts, getModelHealth } from '../../api/models';
import { useAsync } from '../../hooks/useAsync';
import { formatTime } from '../../model/format';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PsiSparkline } from './PsiSparkline';

const fixed = (value: number | null | undefined, digits = 3) => (value === null || value === undefined ? '' : value.toFixed(digits));

/**
 * A model's health as `loom serve` judged it over the last day: the latest judgement field by field (PSI, p-value,
 * missing and unseen shares), each field's PSI over time, and the alerts raised when a field started to drift.
 */
export function HealthPanel({ name }: { name: string }) {
  const health = useAsync(() => getModelHealth(name), [name]);
  const alerts = useAsync(() => getModelAlerts(name), [name]);
  const snapshots = health.data?.items ?? [];
  const latest = snapshots.length > 0 ? snapshots[snapshots.length - 1] : null;
  const history = (field: string) =>
    snapshots
      .filter((s) => s.version === latest?.version)
      .flatMap((s) => s.report.fields.filter((f) => f.name === field).map((f) => ({ t: Date.parse(s.at), psi: f.psi, drifted: f.drifted })));
  return (
    <div className="panel" data-testid="model-health">
      <h2>Health</h2>
      <ErrorAlert error={health.error ?? alerts.error} />
      {!latest && !health.loading ? (
        <p className="muted">No health recorded in the last day: serve the model with <code>loom serve {name}@ALIAS</code> and its traffic is compared with its training data.</p>
      ) : null}
      {latest ? (
        <>
          <p data-testid="health-status">
            Version {latest.version}: <span className={`badge ${latest.status === 'ok' ? 'badge-succeeded' : 'badge-failed'}`}>{latest.status}</span>{' '}
            <span className="muted">over the last {latest.report.window_rows} rows, {formatTime(latest.at)}</span>
          </p>
          <div className="table-wrap">
            <table className="table" aria-label="Health by field">
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">PSI over time</th>
                  <th scope="col" className="num">PSI</th>
                  <th scope="col" className="num">p-value</th>
                  <th scope="col" className="num">Missing</th>
                  <th scope="col" className="num">Unseen</th>
                </tr>
              </thead>
              <tbody>
                {latest.report.fields.map((f) => (
                  <tr key={f.name} data-testid={`health-field-${f.name}`} data-drifted={f.drifted}>
                    <td className="mono">{f.drifted ? <strong>{f.name} ⚠</strong> : f.name}</td>
                    <td><PsiSparkline field={f.name} points={history(f.name)} /></td>
                    <td className="num mono">{fixed(f.psi)}</td>
                    <td className="num mono">{fixed(f.p_value, 4)}</td>
                    <td className="num mono">{fixed(f.missing_share)}</td>
                    <td className="num mono">{fixed(f.unseen_share)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {(alerts.data?.items.length ?? 0) > 0 ? (
        <>
          <h3>Alerts</h3>
          <ul className="alias-list" data-testid="model-alerts">
            {alerts.data!.items.map((a) => (
              <li key={a.id}>
                <span className="nowrap">{formatTime(a.at)}</span> version {a.version}: <span className="mono">{a.field}</span> {a.rules}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
