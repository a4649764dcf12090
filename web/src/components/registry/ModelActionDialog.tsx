import { approveModel, promoteModel, rollbackAlias } from '../../api/models';
import { ActionDialog, optional } from './ActionDialog';

/** What a person asked to do to a model. */
export type ModelAction =
  | { kind: 'promote'; version: number }
  | { kind: 'approve'; version: number }
  | { kind: 'rollback'; alias: string; version: number };

const GATE_EXAMPLE = `apiVersion: loom/v1
kind: Gate
name: production
metrics: [ "auc >= 0.8", "auc >= production.auc - 0.005" ]
data: { schema: unchanged }`;

/** The dialog for one registry action on model `name`. */
export function ModelActionDialog({ name, action, onDone, onClose }: {
  name: string;
  action: ModelAction;
  onDone: () => void;
  onClose: () => void;
}) {
  switch (action.kind) {
    case 'promote':
      return (
        <ActionDialog
          title={`Promote ${name} version ${action.version}`}
          confirmLabel="Promote"
          testId="promote-dialog"
          explanation="Points an alias at this version. With a gate, the version is checked first (thresholds, the alias's current holder measured on the same data, data checks, approvals) and the alias moves only when every rule passes."
          fields={[
            { key: 'alias', label: 'Alias', initial: 'staging', required: true, hint: 'such as staging or production' },
            { key: 'gate', label: 'Gate (optional YAML, kind: Gate)', multiline: true, placeholder: GATE_EXAMPLE },
            { key: 'reason', label: 'Why' },
          ]}
          onConfirm={(v, user) =>
            promoteModel(name, v.alias.trim(), { version: action.version, gate: optional(v.gate), reason: optional(v.reason), actor: optional(user) })}
          onDone={onDone}
          onClose={onClose}
        />
      );
    case 'approve':
      return (
        <ActionDialog
          title={`Approve ${name} version ${action.version}`}
          confirmLabel="Approve"
          testId="approve-dialog"
          explanation="Records your approval; a gate with 'approvals: N' lets the version through once N different people have approved it."
          fields={[{ key: 'comment', label: 'Comment' }]}
          onConfirm={(v, user) => approveModel(name, action.version, { comment: optional(v.comment), approver: optional(user) })}
          onDone={onDone}
          onClose={onClose}
        />
      );
    case 'rollback':
      return (
        <ActionDialog
          title={`Roll back ${action.alias} of ${name}`}
          confirmLabel="Roll back"
          testId="rollback-dialog"
          explanation={`Moves '${action.alias}' from version ${action.version} back to the version it held before (no gate: a rollback returns to a version that held the alias).`}
          fields={[{ key: 'reason', label: 'Why' }]}
          onConfirm={(v, user) => rollbackAlias(name, action.alias, { reason: optional(v.reason), actor: optional(user) })}
          onDone={onDone}
          onClose={onClose}
        />
      );
  }
}
