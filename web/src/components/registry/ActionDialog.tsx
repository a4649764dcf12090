import { useId, useState } from 'react';
import { ProblemError } from '../../api/problem';
import type { GateOutcome } from '../../api/models';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Modal } from '../ui/Modal';
import { GateOutcomes } from './GateOutcomes';

/** One text field of an action dialog. */
export interface ActionField {
  key: string;
  label: string;
  initial?: string;
  placeholder?: string;
  multiline?: boolean;
  required?: boolean;
  hint?: string;
}

const USER_KEY = 'loom.user';

/** A field's text, trimmed, or undefined when empty (so the server applies its default). */
export const optional = (text: string | undefined) => (text?.trim() ? text.trim() : undefined);

/** The name this browser last acted as, or ''. */
function rememberedUser(): string {
  try {
    return window.localStorage.getItem(USER_KEY) ?? '';
  } catch {
    return '';
  }
}

function remember(user: string) {
  try {
    window.localStorage.setItem(USER_KEY, user);
  } catch {
    // A browser without storage asks again next time.
  }
}

interface ActionDialogProps {
  title: string;
  confirmLabel: string;
  fields: ActionField[];
  testId: string;
  /** What the action does, shown above the fields. */
  explanation: string;
  /** Sends the action; `user` is '' when the server should decide who acts. */
  onConfirm: (values: Record<string, string>, user: string) => Promise<unknown>;
  onDone: () => void;
  onClose: () => void;
}

/** A registry action (promote, approve, roll back, pin) with its fields, who acts, and the server's refusal when there is one. */
export function ActionDialog({ title, confirmLabel, fields, testId, explanation, onConfirm, onDone, onClose }: ActionDialogProps) {
  const id = useId();
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((f) => [f.key, f.initial ?? ''])));
  const [user, setUser] = useState(rememberedUser);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const missing = fields.find((f) => f.required && !values[f.key]?.trim());
  const gate = error instanceof ProblemError ? (error.body.gate as { outcomes?: GateOutcome[] } | undefined) : undefined;

  const submit = async () => {
    if (missing || busy) return;
    setBusy(true);
    setError(null);
    try {
      remember(user.trim());
      await onConfirm(values, user.trim());
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      onClose={onClose}
      testId={testId}
      wide={fields.some((f) => f.multiline)}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          <button type="button" className="btn btn-primary" disabled={!!missing || busy} onClick={submit} data-testid={`${testId}-confirm`}>
            {busy ? 'Working…' : confirmLabel}
          </button>
        </>
      }
    >
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p className="small muted">{explanation}</p>
        {fields.map((f) => (
          <div key={f.key} className="field">
            <label htmlFor={`${id}-${f.key}`} className="field-label"><span className="plain">{f.label}</span></label>
            {f.multiline ? (
              <textarea
                id={`${id}-${f.key}`}
                className="textarea mono"
                rows={8}
                value={values[f.key]}
                placeholder={f.placeholder}
                onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
              />
            ) : (
              <input
                id={`${id}-${f.key}`}
                className="input"
                value={values[f.key]}
                placeholder={f.placeholder}
                aria-invalid={f.required && !values[f.key]?.trim() ? true : undefined}
                onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
              />
            )}
            {f.hint ? <div className="field-meta">{f.hint}</div> : null}
          </div>
        ))}
        <div className="field">
          <label htmlFor={`${id}-user`} className="field-label"><span className="plain">Your name</span></label>
          <input id={`${id}-user`} className="input" value={user} placeholder="the server's user when empty" onChange={(e) => setUser(e.target.value)} />
          <div className="field-meta">Recorded on the trail with the time and the reason.</div>
        </div>
        <ErrorAlert error={error} testId={`${testId}-error`} />
        {gate?.outcomes ? <GateOutcomes outcomes={gate.outcomes} /> : null}
      </form>
    </Modal>
  );
}
