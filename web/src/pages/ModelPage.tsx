import { useState } from 'react';
import { getModel, getModelHistory, getModelLineage } from '../api/models';
import { useAsync } from '../hooks/useAsync';
import { formatTime } from '../model/format';
import { href } from '../router';
import { ErrorAlert } from '../components/ui/ErrorAlert';
import { LineageView } from '../components/lineage/LineageView';
import { ModelActionDialog, type ModelAction } from '../components/registry/ModelActionDialog';
import { HealthPanel } from '../components/health/HealthPanel';
import { metricsText } from './ModelsPage';

/** One model: its aliases, its versions (promote, approve, roll back), the trail of its aliases (with the gates passed), and a version's lineage. */
export function ModelPage({ name, version }: { name: string; version: string | null }) {
  const model = useAsync(() => getModel(name), [name]);
  const history = useAsync(() => getModelHistory(name), [name]);
  const versions = model.data?.versions ?? [];
  const shown = version ?? (versions.length > 0 ? String(versions[versions.length - 1].version) : null);
  const [action, setAction] = useState<ModelAction | null>(null);
  const aliases = Object.entries(model.data?.aliases ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const lineage = useAsync(() => (shown ? getModelLineage(name, shown) : Promise.resolve(null)), [name, shown]);
  return (
    <div className="page">
      <div className="page-inner">
        <div className="page-header">
          <h1>
            <a href={href.models()}>Models</a> / {name}
          </h1>
        </div>
        <ErrorAlert error={model.error ?? history.error ?? lineage.error} />
        <div className="panel">
          <h2>Aliases</h2>
          {aliases.length === 0 && model.data ? <p className="muted">No alias points at a version yet: promote one below.</p> : null}
          <ul className="alias-list" data-testid="model-aliases">
            {aliases.map(([alias, number]) => (
              <li key={alias} className="row" data-testid={`alias-${alias}`}>
                <strong>{alias}</strong> → version {number}
                <button type="button" className="btn btn-sm" onClick={() => setAction({ kind: 'rollback', alias, version: number })} aria-label={`Roll back ${alias}`}>
                  Roll back
                </button>
              </li>
            ))}
          </ul>
        </div>
        <div className="panel">
          <h2>Versions</h2>
          <div className="table-wrap">
            <table className="table" data-testid="model-versions" aria-label="Versions">
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Aliases</th>
                  <th scope="col">Run</th>
                  <th scope="col">Metrics</th>
                  <th scope="col">Registered</th>
                  <th scope="col"><span className="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {[...versions].reverse().map((v) => (
                  <tr key={v.version} data-testid={`model-version-${v.version}`} aria-selected={String(v.version) === shown}>
                    <td><a href={href.model(name, v.version)}>{v.version}</a></td>
                    <td>{v.aliases.join(', ')}</td>
                    <td className="mono"><a href={href.run(v.run)}>{v.run}</a> ({v.output})</td>
                    <td className="mono">{metricsText(v.metrics)}</td>
                    <td className="nowrap">{formatTime(v.registered_at)} by {v.registered_by}</td>
                    <td className="nowrap">
                      <button type="button" className="btn btn-sm" onClick={() => setAction({ kind: 'promote', version: v.version })} aria-label={`Promote version ${v.version}`}>Promote…</button>{' '}
                      <button type="button" className="btn btn-sm" onClick={() => setAction({ kind: 'approve', version: v.version })} aria-label={`Approve version ${v.version}`}>Approve…</button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
        <div className="panel">
          <h2>Aliases moved</h2>
          <div className="table-wrap">
            <table className="table" data-testid="model-history" aria-label="Alias history">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Alias</th>
                  <th scope="col">Action</th>
                  <th scope="col">From → to</th>
                  <th scope="col">Who</th>
                  <th scope="col">Why</th>
                  <th scope="col">Gate</th>
                </tr>
              </thead>
              <tbody>
                {(history.data?.items ?? []).map((m) => (
                  <tr key={m.id} data-testid={`alias-move-${m.id}`}>
                    <td className="nowrap">{formatTime(m.at)}</td>
                    <td>{m.alias}</td>
                    <td>{m.action}</td>
                    <td>{m.from ?? '–'} → {m.to ?? '–'}</td>
                    <td>{m.actor}</td>
                    <td>{m.reason ?? ''}</td>
                    <td title={m.gate?.outcomes.map((o) => `${o.skipped ? 'skip' : o.passed ? 'pass' : 'FAIL'} ${o.rule}: ${o.detail}`).join('\n')}>
                      {m.gate ? `${m.gate.gate}: ${m.gate.outcomes.filter((o) => o.passed).length}/${m.gate.outcomes.length} rules passed` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
        <HealthPanel name={name} />
        {lineage.data ? (
          <div className="panel">
            <h2>Lineage of version {shown}</h2>
            <LineageView graph={lineage.data} />
          </div>
        ) : null}
      </div>
      {action ? (
        <ModelActionDialog
          name={name}
          action={action}
          onClose={() => setAction(null)}
          onDone={() => {
            setAction(null);
            model.reload();
            history.reload();
          }}
        />
      ) : null}
    </div>
  );
}
