import { useId, useState } from 'react';
import type { PipelineDocument } from '../../model/document';
import { runValueText } from '../../model/params';
import { Modal } from '../ui/Modal';
import { ErrorAlert } from '../ui/ErrorAlert';

interface RunDialogProps {
  doc: PipelineDocument;
  /** The document has changes that are not saved: running saves them first. */
  unsaved: boolean;
  busy: boolean;
  error: unknown;
  onRun: (parameters: Record<string, string>, options: { noCache: boolean }) => void;
  onClose: () => void;
}

function RunParamField({ name, type, description, value, onChange }: {
  name: string;
  type: string;
  description?: string;
  value: string;
  onChange: (v: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <div className="field-label">
        <label htmlFor={id}>{name}</label>
        <span className="field-meta">{type}</span>
      </div>
      {type === 'boolean' ? (
        <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">not given</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      ) : (
        <input id={id} className="input mono" value={value} onChange={(e) => onChange(e.target.value)} placeholder={type === 'list' ? 'a,b,c' : ''} />
      )}
      {description ? <div className="field-help">{description}</div> : null}
    </div>
  );
}

/** Asks for the run's parameters (the defaults filled in), then starts it. */
export function RunDialog({ doc, unsaved, busy, error, onRun, onClose }: RunDialogProps) {
  const declared = Object.entries(doc.parameters ?? {});
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(declared.map(([name, decl]) => [name, runValueText(decl.default)])),
  );
  const [noCache, setNoCache] = useState(false);
  const noCacheId = useId();
  const submit = () => {
    const parameters = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
    onRun(parameters, { noCache });
  };
  return (
    <Modal
      open
      title={`Run ${doc.name}`}
      onClose={onClose}
      testId="run-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          <button type="button" className="btn btn-primary" onClick={submit} disabled={busy} data-testid="run-submit">
            {busy ? 'Starting…' : unsaved ? 'Save and run' : 'Run'}
          </button>
        </>
      }
    >
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {unsaved ? (
          <div className="alert alert-warning" data-testid="run-unsaved">
            The pipeline has unsaved changes. They are saved as a new version before the run starts.
          </div>
        ) : null}
        {declared.length === 0 ? <p className="small muted">This pipeline declares no parameters.</p> : null}
        {declared.map(([name, decl]) => (
          <RunParamField
            key={name}
            name={name}
            type={decl.type ?? 'string'}
            description={decl.description}
            value={values[name] ?? ''}
            onChange={(v) => setValues((prev) => ({ ...prev, [name]: v }))}
          />
        ))}
        <label className="row small" htmlFor={noCacheId}>
          <input id={noCacheId} type="checkbox" className="checkbox" checked={noCache} onChange={(e) => setNoCache(e.target.checked)} />
          Run every step again (do not reuse cached outputs)
        </label>
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </form>
      <ErrorAlert error={error} testId="run-error" />
    </Modal>
  );
}
