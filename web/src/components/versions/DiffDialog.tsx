import { useMemo } from 'react';
import { diffVersions, getVersion } from '../../api/pipelines';
import type { Catalog } from '../../model/catalog';
import { normalizeDocument } from '../../model/document';
import { shortHash } from '../../model/format';
import type { DiffMark } from '../../model/graph';
import { useAsync } from '../../hooks/useAsync';
import { Modal } from '../ui/Modal';
import { ErrorAlert } from '../ui/ErrorAlert';
import { ReadOnlyCanvas } from '../canvas/ReadOnlyCanvas';

function show(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** What changed between two versions: the YAML diff, the newer canvas marked, and a summary. */
export function DiffDialog({ name, from, to, catalog, onClose }: {
  name: string;
  from: string;
  to: string;
  catalog: Catalog;
  onClose: () => void;
}) {
  const diff = useAsync(() => diffVersions(name, from, to), [name, from, to]);
  const newer = useAsync(() => getVersion(name, to), [name, to]);
  const doc = useMemo(() => (newer.data ? normalizeDocument(newer.data.document, name) : null), [newer.data, name]);
  const marks = useMemo(() => {
    const map = new Map<string, DiffMark>();
    for (const step of diff.data?.steps.added ?? []) map.set(step, 'added');
    for (const change of diff.data?.steps.changed ?? []) map.set(change.step, 'changed');
    return map;
  }, [diff.data]);
  const d = diff.data;
  return (
    <Modal open wide title={`Changes from ${shortHash(from)} to ${shortHash(to)}`} onClose={onClose} testId="diff-dialog">
      {diff.loading || newer.loading ? <div className="row muted"><span className="spinner" /> Loading…</div> : null}
      <ErrorAlert error={diff.error ?? newer.error} />
      {d ? (
        <div className="stack-lg">
          <div className="version-view">
            <div className="mini-canvas">
              {doc ? (
                <ReadOnlyCanvas doc={doc} layout={newer.data?.layout} catalog={catalog} diff={marks} testId="diff-canvas" ariaLabel="Newer version with changes marked" />
              ) : null}
            </div>
            <div className="stack" data-testid="diff-summary">
              <h3>Summary</h3>
              <div className="row-wrap small">
                <span className="badge badge-succeeded">added {d.steps.added.length}</span>
                <span className="badge badge-cancelled">changed {d.steps.changed.length}</span>
                <span className="badge badge-failed">removed {d.steps.removed.length}</span>
              </div>
              {d.steps.added.length + d.steps.changed.length + d.steps.removed.length === 0 ? (
                <p className="small muted">No step changed.</p>
              ) : null}
              <ul className="small" style={{ paddingLeft: 18, margin: 0 }}>
                {d.steps.added.map((s) => (
                  <li key={`a-${s}`} data-testid={`diff-added-${s}`}><strong className="mono">{s}</strong> added</li>
                ))}
                {d.steps.changed.map((c) => (
                  <li key={`c-${c.step}`} data-testid={`diff-changed-${c.step}`}>
                    <strong className="mono">{c.step}</strong> changed
                    <ul style={{ paddingLeft: 16 }}>
                      {c.fields.map((f, i) => (
                        <li key={i}>
                          <span className="mono">{f.field}</span>: <span className="mono">{show(f.from)}</span> → <span className="mono">{show(f.to)}</span>
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
              {d.steps.removed.length > 0 ? (
                <div data-testid="diff-removed">
                  <h4>Removed steps</h4>
                  <ul className="small" style={{ paddingLeft: 18, margin: 0 }}>
                    {d.steps.removed.map((s) => <li key={s} className="mono">{s}</li>)}
                  </ul>
                </div>
              ) : null}
            </div>
          </div>
          <section>
            <h3 style={{ marginBottom: 8 }}>YAML</h3>
            <pre className="yaml-diff" data-testid="yaml-diff" aria-label="YAML diff" tabIndex={0}>
              {d.lines.map((line, i) => (
                <span key={i} className={`line${line.op === '+' ? ' line-add' : line.op === '-' ? ' line-del' : ''}`}>
                  <span className="op" aria-hidden="true">{line.op}</span>
                  <span className="visually-hidden">{line.op === '+' ? 'added: ' : line.op === '-' ? 'removed: ' : ''}</span>
                  {line.text}
                </span>
              ))}
            </pre>
          </section>
        </div>
      ) : null}
    </Modal>
  );
}
