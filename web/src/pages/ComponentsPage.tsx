import { useState } from 'react';
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

/** Custom components: drop a zip to check and publish one; the versions published, with their origin. */
export function ComponentsPage() {
  const { data, error, loading, reload } = useAsync(() => listPublished(), []);
  const [upload, setUpload] = useState<Upload>({ state: 'idle' });
  const [over, setOver] = useState(false);

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

  const items: PublishedVersion[] = data?.items ?? [];
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
                </tr>
              </thead>
              <tbody>
                <TableStatus columns={6} loading={loading && !data} empty={!loading && items.length === 0 && !error} emptyText="No custom component is published yet. Drop a zip above, or use 'loom component publish'." />
                {items.map((v) => (
                  <tr key={`${v.name}@${v.version}`} data-testid={`published-${v.name}@${v.version}`}>
                    <td className="mono">{v.name}</td>
                    <td className="mono">{v.version}</td>
                    <td className="mono">{v.origin}</td>
                    <td className="nowrap">{formatTime(v.published_at)}</td>
                    <td>{v.published_by}</td>
                    <td>{v.deprecation ?? ''}</td>
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
