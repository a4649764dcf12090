import { memo, useId } from 'react';
import type { ParamValue, ParameterManifest, PipelineProblem } from '../../api/types';
import { isParamReference } from '../../model/document';
import { defaultText, formatValue, parseValue, rangeText } from '../../model/params';
import { useDraft } from '../../hooks/useDraft';

interface ParamFieldProps {
  manifest: ParameterManifest;
  value: ParamValue | null | undefined;
  onChange: (name: string, value: ParamValue | undefined) => void;
  problems?: readonly PipelineProblem[];
  /** Column names of the step's input table, when a succeeded run tells them. */
  columns?: readonly string[] | null;
  columnPicker?: boolean;
  readOnly?: boolean;
}

/**
 * One parameter of a step, as the control its type calls for. Its label is the parameter's name.
 * An empty field means "not set": the component's default applies.
 */
function ParamFieldImpl({ manifest, value, onChange, problems, columns, columnPicker, readOnly }: ParamFieldProps) {
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const parse = (text: string) => parseValue(text, manifest.type, manifest).value;
  const [draft, setDraft] = useDraft<ParamValue | null | undefined>(value, formatValue, parse);
  const local = parseValue(draft, manifest.type, manifest).error;
  const serverMessages = (problems ?? []).map((p) => p.message);
  const messages = [...(local ? [local] : []), ...serverMessages.filter((m) => m !== local)];
  const invalid = messages.length > 0;
  const def = defaultText(manifest);
  const range = rangeText(manifest.min, manifest.max);
  const choices = manifest.choices ?? [];
  const isRef = isParamReference(value);
  const listId = columnPicker && columns && columns.length > 0 ? `${id}-columns` : undefined;

  const commit = (text: string) => {
    setDraft(text);
    onChange(manifest.name, parseValue(text, manifest.type, manifest).value);
  };

  const describedBy = [helpId, invalid ? errorId : ''].filter(Boolean).join(' ');
  let control;
  if ((manifest.type === 'boolean' || choices.length > 0) && !isRef && !(typeof value === 'string' && value.includes('${'))) {
    const options = manifest.type === 'boolean' ? ['true', 'false'] : choices;
    const current = formatValue(value);
    control = (
      <select
        id={id}
        className="select"
        value={current}
        disabled={readOnly}
        aria-required={manifest.required || undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(e) => commit(e.target.value)}
      >
        <option value="">{def ? `default (${def})` : 'not set'}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
        {current && !options.includes(current) ? <option value={current}>{current}</option> : null}
      </select>
    );
  } else {
    const numeric = manifest.type === 'integer' || manifest.type === 'number';
    control = (
      <input
        id={id}
        className="input"
        type="text"
        inputMode={numeric ? (manifest.type === 'integer' ? 'numeric' : 'decimal') : undefined}
        value={draft}
        placeholder={def || (manifest.type === 'list' ? 'a, b, c' : '')}
        readOnly={readOnly}
        list={listId}
        autoComplete="off"
        spellCheck={false}
        aria-required={manifest.required || undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        data-min={manifest.min ?? undefined}
        data-max={manifest.max ?? undefined}
        onChange={(e) => commit(e.target.value)}
      />
    );
  }

  const addColumn = (column: string) => {
    if (!column) return;
    const items = draft.split(',').map((x) => x.trim()).filter(Boolean);
    if (!items.includes(column)) items.push(column);
    commit(items.join(', '));
  };

  return (
    <div className="field" data-testid={`param-${manifest.name}`}>
      <div className="field-label">
        <label htmlFor={id}>{manifest.name}</label>
        {manifest.required ? <span className="field-required" aria-hidden="true">required</span> : null}
        <span className="field-meta">
          {manifest.type}
          {range ? ` · ${range}` : ''}
        </span>
      </div>
      {control}
      {listId ? (
        <datalist id={listId}>
          {columns?.map((c) => <option key={c} value={c} />)}
        </datalist>
      ) : null}
      {columnPicker && manifest.type === 'list' && columns && columns.length > 0 && !readOnly ? (
        <select className="select" aria-label="Add a column" value="" onChange={(e) => addColumn(e.target.value)}>
          <option value="">add a column…</option>
          {columns.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      ) : null}
      <div id={helpId} className="field-help">
        {manifest.description}
      </div>
      {invalid ? (
        <div id={errorId} className="field-error" role="status" data-testid={`param-error-${manifest.name}`}>
          {messages.join(' ')}
        </div>
      ) : null}
    </div>
  );
}

export const ParamField = memo(ParamFieldImpl);
