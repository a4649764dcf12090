import { shortHash } from '../../model/format';
import { Modal } from '../ui/Modal';

/** Someone else saved the pipeline since it was opened (409 on save). */
export function ConflictDialog({ currentVersion, onReload, onOverwrite, onClose }: {
  currentVersion: string | null;
  onReload: () => void;
  onOverwrite: () => void;
  onClose: () => void;
}) {
  return (
    <Modal
      open
      title="Someone else saved this pipeline"
      onClose={onClose}
      testId="conflict-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>Keep editing</button>
          <button type="button" className="btn btn-danger" onClick={onOverwrite}>Save mine anyway</button>
          <button type="button" className="btn btn-primary" onClick={onReload} data-testid="conflict-reload">Reload their version</button>
        </>
      }
    >
      <p role="alert">
        The pipeline was saved by someone else after you opened it
        {currentVersion ? <> (it is now at version <code>{shortHash(currentVersion)}</code>)</> : null}. Your changes
        were not saved.
      </p>
      <p className="small muted">
        Reload to see their version (your changes are dropped), or save yours over it as a new version. Either
        way both versions stay in the history.
      </p>
    </Modal>
  );
}
