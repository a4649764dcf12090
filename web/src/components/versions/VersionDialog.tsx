import { getVersion } from '../../api/pipelines';
import type { Catalog } from '../../model/catalog';
import { normalizeDocument } from '../../model/document';
import { formatTime, shortHash } from '../../model/format';
import { useAsync } from '../../hooks/useAsync';
import type { PipelineVersionRecord } from '../../api/types';
import { Modal } from '../ui/Modal';
import { ErrorAlert } from '../ui/ErrorAlert';
import { ReadOnlyCanvas } from '../canvas/ReadOnlyCanvas';

/** One version, read-only, with a button that restores it into the editor. */
export function VersionDialog({ name, version, catalog, onRestore, onClose }: {
  name: string;
  version: string;
  catalog: Catalog;
  onRestore: (record: PipelineVersionRecord) => void;
  onClose: () => void;
}) {
  const { data, error, loading } = useAsync(() => getVersion(name, version), [name, version]);
  const doc = data ? normalizeDocument(data.document, name) : null;
  return (
    <Modal
      open
      wide
      title={`Version ${shortHash(version)}`}
      onClose={onClose}
      testId="version-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>Close</button>
          <button type="button" className="btn btn-primary" disabled={!data} onClick={() => data && onRestore(data)} data-testid="restore-version">
            Restore into editor
          </button>
        </>
      }
    >
      {loading ? <div className="row muted"><span className="spinner" /> Loading…</div> : null}
      <ErrorAlert error={error} />
      {data && doc ? (
        <div className="stack">
          <div className="small muted">
            {data.author ? <>by <strong>{data.author}</strong> · </> : null}
            {formatTime(data.created_at)}
            {data.message ? <> · “{data.message}”</> : null}
          </div>
          <div className="version-view">
            <div className="mini-canvas">
              <ReadOnlyCanvas doc={doc} layout={data.layout} catalog={catalog} testId="version-canvas" ariaLabel={`Version ${shortHash(version)}`} />
            </div>
            <pre className="yaml-diff" style={{ maxHeight: 420 }} aria-label="YAML of this version" tabIndex={0}>
              {data.yaml}
            </pre>
          </div>
        </div>
      ) : null}
    </Modal>
  );
}
