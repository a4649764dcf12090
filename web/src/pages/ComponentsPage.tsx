import { Fragment, useState } from 'react';
import { listPublished, publishComponent, type GateStage, type PublishedVersion } from '../api/components';
import { ProblemError, errorMessage } from '../api/problem';
import { useAsync } from '../hooks/useAsync';
import { resetCatalog } from '../hooks/useCatalog';
import { formatTime } from '../model/format';
import { GateReport } from '../components/ui/GateReport';
import { ErrorAlert } from '../components/ui/ErrorAlert';
import { TableStatus } from '../components/ui/TableStatus';

type Upload =
  | { state: 'idle' }
  | { state: 'checking'; file: string }
  | { state: 'done'; file: string; message: string; ok: boolean; stages: GateStage[] };

/** Whether a published version's name, description or origin contains the search text (as the API's q does). */
function matches(v: PublishedVersion, query: string): boolean {
  const text = query.trim().toLowerCase();
  return !text || [v.name, v.description, v.origin].some((field) => field.toLowerCase().includes(text));
}

/**
 * Custom components: drop a zip to check and publish one; the versions published, searchable, each with its origin,
 * quality gate report and the pipelines that ran it.
 */
export function ComponentsPage() {
  const { data, error, loading, reload } = useAsync(() => listPublished(), []);
  const [upload, setUpload] = useState<Upload>({ state: 'idle' });
  const [over, setOver] = useState(false);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<string | null>(null);

  const publish = async (file: File) => {
    setUpload({ state: 'checking', file: file.name });
    try {
      const version = await publishComponent(file);
      setUpload({ state: 'done', file: file.name, ok: true, message: `Published ${version.name}@${version.version}`, stages: version.gate.stages });
      resetCatalog();
      reload();
    } catch (e) {
      const stages = e instanceof ProblemError && e.body.gate && typeof e.body.gate === 'object' ? ((e.body.gate as { stages?: GateStage[] }).stages ?? []) : [];
      setUpload({ state: 'done', file: file.name, ok: false, message: errorMessage(e), stages });
    }
  };

  const all: PublishedVersion[] = data?.items ?? [];
  const items = all.filter((v) => matches(v, query));
  return (
    <div className="page">
      <div className="page-inner">
        <div className="page-header">
          <h1>Components</h1>
        </div>
        <label
          className={`drop-zone${over ? ' drop-over' : ''}`}
          data-testid="component-drop"
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={(e) => {
            e.preventDefault();
            setOver(false);
            const f = e.dataTransfer.files?.[0];
            if (f) void publish(f);
          }}
        >
          <strong>Drop a component's .zip here</strong> or choose one. It is built, tested and checked by the quality gate
          before anyone can use it.
          <input
            type="file"
            accept=".zip,application/zip"
            data-testid="component-file"
            aria-label="Component zip"
            disabled={upload.state === 'checking'}
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void publish(f);
            }}
          />
        </label>
        {upload.state === 'checking' ? (
          <div className="alert" role="status" data-testid="publish-status"><span className="spinner" /> Checking {upload.file}: build, tests, manifest, determinism…</div>
        ) : null}
        {upload.state === 'done' ? (
          <div className={`alert ${upload.ok ? 'alert-success' : 'alert-error'}`} role={upload.ok ? 'status' : 'alert'} data-testid="publish-result">
            <div>
              <strong>{upload.message}</strong>
              {upload.stages.length > 0 ? <GateReport stages={upload.stages} /> : null}
            </div>
          </div>
        ) : null}
        <ErrorAlert error={error} />
        <div className="filters" role="search" aria-label="Search published components">
          <input
            className="input"
            type="search"
            placeholder="Search by name, description or origin"
            aria-label="Search published components"
            data-testid="published-search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
        <div className="panel">
          <div className="table-wrap">
            <table className="table" data-testid="published-table" aria-label="Published components">
              <thead>
                <tr>
                  <th scope="col">Component</th>
                  <th scope="col">Version</th>
                  <th scope="col">Origin</th>
                  <th scope="col">Published</th>
                  <th scope="col">By</th>
                  <th scope="col">Deprecated</th>
                  <th scope="col"><span className="visually-hidden">Details</span></th>
                </tr>
              </thead>
              <tbody>
                <TableStatus
                  columns={7}
                  loading={loading && !data}
                  empty={!loading && items.length === 0 && !error}
                  emptyText={all.length === 0 ? "No custom component is published yet. Drop a zip above, or use 'loom component publish'." : `No published component matches “${query}”.`}
                />
                {items.map((v) => {
                  const key = `${v.name}@${v.version}`;
                  const shown = open === key;
                  return (
                    <Fragment key={key}>
                      <tr data-testid={`published-${key}`}>
                        <td className="mono">{v.name}</td>
                        <td className="mono">{v.version}</td>
                        <td className="mono">{v.origin}</td>
                        <td className="nowrap">{formatTime(v.published_at)}</td>
                        <td>{v.published_by}</td>
                        <td>{v.deprecation ?? ''}</td>
                        <td>
                          <button type="button" className="btn btn-sm" aria-expanded={shown} data-testid={`details-${key}`} onClick={() => setOpen(shown ? null : key)}>
                            {shown ? 'Hide' : 'Details'}
                          </button>
                        </td>
                      </tr>
                      {shown ? (
                        <tr data-testid={`published-details-${key}`}>
                          <td colSpan={7}>
                            <p>{v.description}</p>
                            <h3 className="small">Quality gate</h3>
                            <GateReport stages={v.gate.stages} />
                            <h3 className="small">Used by</h3>
                            {v.used_by && v.used_by.length > 0 ? (
                              <ul data-testid="used-by">
                                {v.used_by.map((u) => (
                                  <li key={u.pipeline}>
                                    <span className="mono">{u.pipeline}</span>: {u.runs} run{u.runs === 1 ? '' : 's'}, last {formatTime(u.last_run_at)}
                                  </li>
                                ))}
                              </ul>
                            ) : (
                              <p className="muted" data-testid="used-by">No pipeline has run this version yet.</p>
                            )}
                          </td>
                        </tr>
                      ) : null}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}
