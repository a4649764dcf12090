import { listModels } from '../api/models';
import { useAsync } from '../hooks/useAsync';
import { formatMetric, formatTime } from '../model/format';
import { href } from '../router';
import { ErrorAlert } from '../components/ui/ErrorAlert';
import { TableStatus } from '../components/ui/TableStatus';

/** Registered models: each with its aliases and its latest version's metrics. */
export function ModelsPage() {
  const { data, error, loading } = useAsync(() => listModels(), []);
  const items = data?.items ?? [];
  return (
    <div className="page">
      <div className="page-inner">
        <div className="page-header">
          <h1>Models</h1>
        </div>
        <ErrorAlert error={error} />
        <div className="panel">
          <div className="table-wrap">
            <table className="table" data-testid="models-table" aria-label="Registered models">
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col">Versions</th>
                  <th scope="col">Aliases</th>
                  <th scope="col">Latest metrics</th>
                  <th scope="col">Registered</th>
                </tr>
              </thead>
              <tbody>
                <TableStatus columns={5} loading={loading && !data} empty={!loading && items.length === 0 && !error} emptyText="No model is registered yet: 'loom models register RUN STEP.PORT --name NAME'." />
                {items.map((m) => (
                  <tr key={m.name} data-testid={`model-row-${m.name}`}>
                    <td><a href={href.model(m.name)}>{m.name}</a></td>
                    <td>{m.versions}</td>
                    <td>{Object.entries(m.aliases).map(([alias, version]) => `${alias} → ${version}`).join(', ')}</td>
                    <td className="mono">{metricsText(m.latest.metrics)}</td>
                    <td className="nowrap">{formatTime(m.latest.registered_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}

/** The metrics of a version's evaluations, as "auc 0.8577, accuracy 0.8048". */
export function metricsText(metrics: Record<string, Record<string, unknown>>): string {
  return Object.values(metrics)
    .flatMap((values) => Object.entries(values).filter(([, v]) => typeof v === 'number').slice(0, 3).map(([k, v]) => `${k} ${formatMetric(v)}`))
    .join(', ');
}
