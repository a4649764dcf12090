import { pinVersion, rollbackPin } from '../../api/pipelines';
import { shortHash } from '../../model/format';
import { ActionDialog, optional } from './ActionDialog';

/** What a person asked to do to a pipeline's pin. */
export type PinAction = { kind: 'pin'; version: string } | { kind: 'rollback'; pinned: string };

/** Pins a version of pipeline `name` (the one scheduled and served runs use), or rolls the pin back. */
export function PinActionDialog({ name, action, onDone, onClose }: {
  name: string;
  action: PinAction;
  onDone: () => void;
  onClose: () => void;
}) {
  return action.kind === 'pin' ? (
    <ActionDialog
      title={`Pin ${name} to ${shortHash(action.version)}`}
      confirmLabel="Pin"
      testId="pin-dialog"
      explanation="Runs started as 'pinned' (loom run --pinned, scheduled and served runs) use this version, whatever the file holds later. The move is recorded with who, when and why."
      fields={[{ key: 'reason', label: 'Why' }]}
      onConfirm={(v, user) => pinVersion(name, { version: action.version, reason: optional(v.reason), actor: optional(user) })}
      onDone={onDone}
      onClose={onClose}
    />
  ) : (
    <ActionDialog
      title={`Roll back the pin of ${name}`}
      confirmLabel="Roll back"
      testId="pin-rollback-dialog"
      explanation={`Moves the pin from ${shortHash(action.pinned)} back to the version pinned before it.`}
      fields={[{ key: 'reason', label: 'Why' }]}
      onConfirm={(v, user) => rollbackPin(name, { reason: optional(v.reason), actor: optional(user) })}
      onDone={onDone}
      onClose={onClose}
    />
  );
}
