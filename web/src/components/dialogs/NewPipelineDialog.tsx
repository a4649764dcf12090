import { useId, useState } from 'react';
import { PIPELINE_NAME_PATTERN } from '../../model/document';
import { Modal } from '../ui/Modal';

/** Asks for a new pipeline's name. */
export function NewPipelineDialog({ taken, onCreate, onClose }: {
  taken: ReadonlySet<string>;
  onCreate: (name: string) => void;
  onClose: () => void;
}) {
  const id = useId();
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const trimmed = name.trim();
  const problem = !trimmed
    ? 'Give the pipeline a name.'
    : !PIPELINE_NAME_PATTERN.test(trimmed)
      ? 'Use letters, digits, ".", "_" and "-", starting with a letter or digit.'
      : trimmed === 'new'
        ? '"new" is reserved.'
        : taken.has(trimmed)
          ? `A pipeline called "${trimmed}" exists already.`
          : null;
  const submit = () => {
    setTouched(true);
    if (!problem) onCreate(trimmed);
  };
  return (
    <Modal
      open
      title="New pipeline"
      onClose={onClose}
      testId="new-pipeline-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          <button type="button" className="btn btn-primary" onClick={submit} data-testid="create-pipeline">Create</button>
        </>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        className="field"
      >
        <label htmlFor={id} className="field-label">Pipeline name</label>
        <input
          id={id}
          className="input mono"
          value={name}
          autoFocus
          aria-invalid={touched && problem ? true : undefined}
          aria-describedby={`${id}-error`}
          onChange={(e) => setName(e.target.value)}
          placeholder="telco-churn"
        />
        <div id={`${id}-error`} className="field-error" role="status">{touched ? problem : null}</div>
      </form>
    </Modal>
  );
}
