import { useMemo, useRef, useState } from 'react';
import { createPipeline, deletePipeline, listPipelines } from '../api/pipelines';
import { errorMessage } from '../api/problem';
import { formatTime, shortHash } from '../model/format';
import { parsePipelineYaml } from '../model/yaml';
import { useAsync } from '../hooks/useAsync';
import { href, navigate } from '../router';
import { ErrorAlert } from '../components/ui/ErrorAlert';
import { TableStatus } from '../components/ui/TableStatus';
import { NewPipelineDialog } from '../components/dialogs/NewPipelineDialog';

/** Every pipeline of the workspace, with New pipeline and Import YAML. */
export function PipelinesPage() {
  const { data, error, loading, reload } = useAsync(() => listPipelines(), []);
  const [creating, setCreating] = useState(false);
  const [importError, setImportError] = useState<unknown>(null);
  const [importing, setImporting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const file = useRef<HTMLInputElement>(null);
  const items = useMemo(() => [...(data?.items ?? [])].sort((a, b) => a.name.localeCompare(b.name)), [data]);
  const taken = useMemo(() => new Set(items.map((i) => i.name)), [items]);

  const importFile = async (f: File) => {
    setImporting(true);
    setImportError(null);
    try {
      const yaml = await f.text();
      const result = await createPipeline({ yaml, message: `Imported from ${f.name}` });
      let name = result?.name;
      if (!name) {
        try {
          name = parsePipelineYaml(yaml, '').name;
        } catch {
          name = '';
        }
      }
      if (name) navigate(href.pipeline(name));
      else reload();
    } catch (e) {
      setImportError(e);
    } finally {
      setImporting(false);
    }
  };

  const remove = async (name: string) => {
    if (!window.confirm(`Delete the pipeline "${name}"? Its versions stay readable for the runs that used them.`)) return;
    setDeleteError(null);
    try {
      await deletePipeline(name);
      reload();
    } catch (e) {
      setDeleteError(errorMessage(e));
    }
  };

  return (
    <div className="page">
      <div className="page-inner">
        <div className="page-header">
          <h1>Pipelines</h1>
          <button type="button" className="btn" onClick={() => file.current?.click()} disabled={importing} data-testid="import-yaml">
            {importing ? 'Importing…' : 'Import YAML'}
          </button>
          <input
            ref={file}
            type="file"
            hidden
            accept=".yaml,.yml,application/yaml,text/yaml,text/plain"
            aria-label="Import YAML file"
            data-testid="import-yaml-input"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void importFile(f);
            }}
          />
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} data-testid="new-pipeline">
            New pipeline
          </button>
        </div>
        <ErrorAlert error={importError} testId="import-error" />
        {deleteError ? <div className="alert alert-error" role="alert">{deleteError}</div> : null}
        <ErrorAlert error={error} />
        <div className="panel">
          <div className="table-wrap">
            <table className="table" data-testid="pipelines-table" aria-label="Pipelines">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Description</th>
                  <th scope="col" className="num">Steps</th>
                  <th scope="col">Version</th>
                  <th scope="col">Updated</th>
                  <th scope="col">Author</th>
                  <th scope="col"><span className="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                <TableStatus columns={7} loading={loading && !data} empty={!loading && items.length === 0 && !error} emptyText="No pipelines yet. Create one or import a YAML file." />
                {items.map((p) => (
                  <tr key={p.name} data-testid={`pipeline-row-${p.name}`}>
                    <td><a href={href.pipeline(p.name)} className="mono">{p.name}</a></td>
                    <td className="muted">{p.description}</td>
                    <td className="num">{p.steps}</td>
                    <td className="mono" title={p.version}>{shortHash(p.version)}</td>
                    <td className="nowrap">{formatTime(p.updated_at)}</td>
                    <td>{p.author}</td>
                    <td className="nowrap">
                      <div className="btn-group">
                        <a className="btn btn-sm" href={href.runs(p.name)} aria-label={`Runs of ${p.name}`}>Runs</a>
                        <button type="button" className="btn btn-sm btn-ghost" onClick={() => void remove(p.name)} aria-label={`Delete ${p.name}`}>
                          Delete
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
      {creating ? (
        <NewPipelineDialog
          taken={taken}
          onClose={() => setCreating(false)}
          onCreate={(name) => {
            setCreating(false);
            navigate(href.newPipeline(name));
          }}
        />
      ) : null}
    </div>
  );
}
