import { useCallback, useId, useMemo, useState, memo } from 'react';
import type { ComponentManifest, ParamValue, PipelineProblem } from '../../api/types';
import type { Catalog } from '../../model/catalog';
import { formatRef, type PipelineDocument, type StepDefinition } from '../../model/document';
import { stepNameProblem } from '../../model/naming';
import { isColumnParam, parseValue } from '../../model/params';
import { fieldKey, type ProblemIndex } from '../../model/problems';
import { useColumns } from '../../hooks/useColumns';
import { useDraft } from '../../hooks/useDraft';
import { ParamField } from './ParamField';

export interface StepEditActions {
  rename: (from: string, to: string) => void;
  setParam: (step: string, name: string, value: ParamValue | undefined) => void;
  setInput: (step: string, port: string, ref: string | undefined) => void;
  setField: (step: string, field: 'timeout' | 'retries' | 'memory', value: string | number | undefined) => void;
  remove: (step: string) => void;
}

interface StepPanelProps {
  step: string;
  doc: PipelineDocument;
  catalog: Catalog;
  problems: ProblemIndex;
  /** The saved pipeline's name, for finding columns in its latest run. */
  pipeline: string | null;
  actions?: StepEditActions;
  readOnly?: boolean;
}

function StepNameField({ step, doc, onRename, readOnly }: { step: string; doc: PipelineDocument; onRename?: (to: string) => void; readOnly?: boolean }) {
  const id = useId();
  const [draft, setDraft] = useState(step);
  const [editing, setEditing] = useState(false);
  const others = useMemo(() => new Set(Object.keys(doc.steps).filter((s) => s !== step)), [doc.steps, step]);
  const shown = editing ? draft : step;
  const problem = editing ? stepNameProblem(draft.trim(), others) : null;
  const commit = () => {
    const name = draft.trim();
    setEditing(false);
    if (name !== step && !stepNameProblem(name, others)) onRename?.(name);
    setDraft(step);
  };
  return (
    <div className="field">
      <div className="field-label">
        <label htmlFor={id} className="plain">Step name</label>
      </div>
      <input
        id={id}
        className="input mono"
        value={shown}
        readOnly={readOnly}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-error` : undefined}
        data-testid="step-name"
        onFocus={() => {
          setDraft(step);
          setEditing(true);
        }}
        onChange={(e) => {
          setEditing(true);
          setDraft(e.target.value);
        }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          }
          if (e.key === 'Escape') {
            setDraft(step);
            setEditing(false);
            (e.target as HTMLInputElement).blur();
          }
        }}
      />
      {problem ? (
        <div id={`${id}-error`} className="field-error" role="status" data-testid="step-name-error">
          {problem}
        </div>
      ) : null}
    </div>
  );
}

function InputField({
  step, port, type, optional, description, value, options, problems, onChange, readOnly,
}: {
  step: string;
  port: string;
  type: string;
  optional: boolean;
  description: string;
  value: string | undefined;
  options: string[];
  problems: readonly PipelineProblem[];
  onChange: (ref: string | undefined) => void;
  readOnly?: boolean;
}) {
  const id = useId();
  const all = value && !options.includes(value) ? [value, ...options] : options;
  return (
    <div className="field" data-testid={`input-${port}`}>
      <div className="field-label">
        <label htmlFor={id}>{`input ${port}`}</label>
        <span className={`port-dot type-${type}`} aria-hidden="true" />
        <span className="field-meta">{type}{optional ? ' · optional' : ''}</span>
        {!optional ? <span className="field-required" aria-hidden="true">required</span> : null}
      </div>
      <select
        id={id}
        className="select mono"
        value={value ?? ''}
        disabled={readOnly}
        aria-invalid={problems.length > 0 || undefined}
        onChange={(e) => onChange(e.target.value || undefined)}
        title={description}
      >
        <option value="">not connected</option>
        {all.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
      {problems.length > 0 ? (
        <div className="field-error" role="status" data-testid={`input-error-${step}-${port}`}>
          {problems.map((p) => p.message).join(' ')}
        </div>
      ) : null}
    </div>
  );
}

function TextSetting({
  label, value, placeholder, help, error, onChange, readOnly, testId,
}: {
  label: string;
  value: string | number | undefined;
  placeholder: string;
  help: string;
  error: string | null;
  onChange: (text: string) => void;
  readOnly?: boolean;
  testId: string;
}) {
  const id = useId();
  const [draft, setDraft] = useDraft<string>(value === undefined ? '' : String(value), (v) => v, (t) => t.trim());
  return (
    <div className="field">
      <div className="field-label">
        <label htmlFor={id}>{label}</label>
      </div>
      <input
        id={id}
        className="input"
        value={draft}
        placeholder={placeholder}
        readOnly={readOnly}
        data-testid={testId}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-help`}
        onChange={(e) => {
          setDraft(e.target.value);
          onChange(e.target.value);
        }}
      />
      <div id={`${id}-help`} className="field-help">{help}</div>
      {error ? <div className="field-error" role="status">{error}</div> : null}
    </div>
  );
}

/** Every output of another step whose type is `type`, as "step.port". */
function compatibleOutputs(doc: PipelineDocument, catalog: Catalog, self: string, type: string): string[] {
  const out: string[] = [];
  for (const [name, definition] of Object.entries(doc.steps)) {
    if (name === self) continue;
    const manifest = catalog.resolve(definition.component);
    for (const port of manifest?.outputs ?? []) {
      if (type === 'unknown' || port.type === type) out.push(formatRef(name, port.name));
    }
  }
  return out;
}

const NO_PROBLEMS: PipelineProblem[] = [];

/** The selected step: its name, component, inputs, a form of its parameters, timeout and retries. */
function StepPanelImpl({ step, doc, catalog, problems, pipeline, actions, readOnly }: StepPanelProps) {
  const definition: StepDefinition | undefined = doc.steps[step];
  const manifest: ComponentManifest | undefined = definition ? catalog.resolve(definition.component) : undefined;
  const hasColumnParams = !!manifest?.parameters.some(isColumnParam);
  const columns = useColumns(pipeline, definition, manifest, hasColumnParams);
  const onParam = useCallback((name: string, value: ParamValue | undefined) => actions?.setParam(step, name, value), [actions, step]);
  if (!definition) return null;
  const params = definition.params ?? {};
  const extraParams = Object.keys(params).filter((p) => !manifest?.parameters.some((m) => m.name === p));
  const fieldProblems = (field: string) => problems.byField.get(fieldKey(step, field)) ?? NO_PROBLEMS;
  const stepProblems = problems.byStep.get(step) ?? NO_PROBLEMS;
  const retriesText = definition.retries === undefined ? '' : String(definition.retries);
  const retriesError = retriesText && !/^\d+$/.test(retriesText.trim())
    ? 'A whole number from 0 to 10.'
    : retriesText && Number(retriesText) > 10 ? 'At most 10.' : null;
  const inputPorts = manifest?.inputs ?? Object.keys(definition.inputs ?? {}).map((name) => ({ name, type: 'unknown', optional: false, description: '' }));

  return (
    <div className="stack-lg" data-testid="step-panel">
      <div className="section">
        <div className="section-title">
          <h2 className="grow">Step</h2>
          {actions && !readOnly ? (
            <button type="button" className="btn btn-sm btn-danger" onClick={() => actions.remove(step)} aria-label={`Delete step ${step}`}>
              Delete
            </button>
          ) : null}
        </div>
        <StepNameField step={step} doc={doc} readOnly={readOnly} onRename={actions ? (to) => actions.rename(step, to) : undefined} />
        <div className="stack">
          <div className="mono small" data-testid="step-component">
            {definition.component}
            {manifest ? <span className="faint"> → {manifest.name}@{manifest.version}</span> : null}
          </div>
          {manifest ? (
            <p className="small muted" data-testid="step-description">{manifest.description}</p>
          ) : (
            <div className="alert alert-warning">Unknown component {definition.component}: no such component or version on the server.</div>
          )}
        </div>
        {[...stepProblems, ...fieldProblems('component')].length > 0 ? (
          <div className="alert alert-error" role="status" data-testid="step-problems">
            <ul>
              {[...stepProblems, ...fieldProblems('component')].map((p, i) => <li key={i}>{p.message}</li>)}
            </ul>
          </div>
        ) : null}
      </div>

      {inputPorts.length > 0 ? (
        <div className="section">
          <h4>Inputs</h4>
          {inputPorts.map((port) => (
            <InputField
              key={port.name}
              step={step}
              port={port.name}
              type={port.type}
              optional={!!port.optional}
              description={port.description ?? ''}
              value={definition.inputs?.[port.name]}
              options={compatibleOutputs(doc, catalog, step, port.type)}
              problems={fieldProblems(port.name)}
              readOnly={readOnly || !actions}
              onChange={(ref) => actions?.setInput(step, port.name, ref)}
            />
          ))}
        </div>
      ) : null}

      <div className="section" data-testid="param-form">
        <h4>Parameters</h4>
        {manifest && manifest.parameters.length === 0 ? <p className="small muted">This component has no parameters.</p> : null}
        {manifest?.parameters.map((p) => (
          <ParamField
            key={p.name}
            manifest={p}
            value={params[p.name]}
            onChange={onParam}
            problems={fieldProblems(p.name)}
            columns={columns}
            columnPicker={isColumnParam(p)}
            readOnly={readOnly || !actions}
          />
        ))}
        {extraParams.map((name) => (
          <div key={name} className="stack">
            <ParamField
              manifest={{ name, type: 'string', description: 'Not a parameter of this component.' }}
              value={params[name]}
              onChange={onParam}
              problems={fieldProblems(name)}
              readOnly={readOnly || !actions}
            />
            {actions && !readOnly ? (
              <button type="button" className="btn btn-sm" onClick={() => actions.setParam(step, name, undefined)}>
                Remove {name}
              </button>
            ) : null}
          </div>
        ))}
      </div>

      <div className="section">
        <h4>Execution</h4>
        <TextSetting
          label="timeout"
          testId="step-timeout"
          value={definition.timeout}
          placeholder="workspace default (1h)"
          help="Longest time one attempt may take: 90s, 10m, 2h, 1d."
          error={fieldProblems('timeout').map((p) => p.message).join(' ') || null}
          readOnly={readOnly || !actions}
          onChange={(text) => {
            const t = text.trim();
            actions?.setField(step, 'timeout', t === '' ? undefined : /^\d+$/.test(t) ? Number(t) : t);
          }}
        />
        <TextSetting
          label="retries"
          testId="step-retries"
          value={definition.retries}
          placeholder="workspace default (2)"
          help="Extra attempts after a transient failure, 0 to 10."
          error={retriesError ?? (fieldProblems('retries').map((p) => p.message).join(' ') || null)}
          readOnly={readOnly || !actions}
          onChange={(text) => {
            const parsed = parseValue(text, 'integer', { min: 0, max: 10 });
            actions?.setField(step, 'retries', parsed.value === undefined ? undefined : (parsed.value as number | string));
          }}
        />
        {manifest?.origin || definition.memory !== undefined ? (
          <TextSetting
            label="memory"
            testId="step-memory"
            value={definition.memory}
            placeholder="workspace default (2GB)"
            help="A custom component runs in a worker process of its own: the most memory it may use, such as 512MB or 4GB."
            error={fieldProblems('memory').map((p) => p.message).join(' ') || null}
            readOnly={readOnly || !actions}
            onChange={(text) => actions?.setField(step, 'memory', text.trim() === '' ? undefined : text.trim())}
          />
        ) : null}
      </div>
    </div>
  );
}

/** Memoized: the editor re-renders on every move of a dragged step, this does not. */
export const StepPanel = memo(StepPanelImpl);
