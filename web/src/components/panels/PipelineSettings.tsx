import { useId, useMemo, useState, memo } from 'react';
import type { ParamValue, ParameterType } from '../../api/types';
import type { Catalog } from '../../model/catalog';
import {
  PARAM_NAME_PATTERN,
  PIPELINE_NAME_PATTERN,
  formatRef,
  type PipelineDocument,
  type PipelineParameterDecl,
} from '../../model/document';
import { formatValue, parseDefault } from '../../model/params';
import type { ProblemIndex } from '../../model/problems';
import { formatProblem } from '../../model/problems';
import { useDraft } from '../../hooks/useDraft';

const PARAM_TYPES: ParameterType[] = ['string', 'integer', 'number', 'boolean', 'list'];

interface PipelineSettingsProps {
  doc: PipelineDocument;
  catalog: Catalog;
  problems: ProblemIndex;
  /** An existing pipeline keeps its name. */
  nameEditable: boolean;
  readOnly?: boolean;
  onChange: (edit: (doc: PipelineDocument) => PipelineDocument, coalesceKey?: string) => void;
}

/** A field whose text is committed as typed, with a label element. */
function TextField({
  label, value, onChange, readOnly, multiline, placeholder, error, testId, mono,
}: {
  label: string;
  value: string;
  onChange: (text: string) => void;
  readOnly?: boolean;
  multiline?: boolean;
  placeholder?: string;
  error?: string | null;
  testId?: string;
  mono?: boolean;
}) {
  const id = useId();
  const [draft, setDraft] = useDraft<string>(value, (v) => v, (t) => t);
  const common = {
    id,
    value: draft,
    readOnly,
    placeholder,
    'data-testid': testId,
    'aria-invalid': error ? true : undefined,
  };
  return (
    <div className="field">
      <div className="field-label">
        <label htmlFor={id} className="plain">{label}</label>
      </div>
      {multiline ? (
        <textarea {...common} className="textarea" onChange={(e) => { setDraft(e.target.value); onChange(e.target.value); }} />
      ) : (
        <input {...common} className={`input${mono ? ' mono' : ''}`} onChange={(e) => { setDraft(e.target.value); onChange(e.target.value); }} />
      )}
      {error ? <div className="field-error" role="status">{error}</div> : null}
    </div>
  );
}

/** Renames a key of a mapping in place, keeping the order. */
function renameKey<T>(map: Record<string, T>, from: string, to: string): Record<string, T> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k === from ? to : k, v]));
}

function freshName(base: string, taken: Record<string, unknown> | undefined): string {
  if (!taken?.[base]) return base;
  for (let i = 2; ; i++) if (!taken[`${base}${i}`]) return `${base}${i}`;
}

/** A name field committed on blur or Enter, so a half-typed name never collides with another. */
function KeyField({ label, value, taken, pattern, patternHelp, onCommit, readOnly }: {
  label: string;
  value: string;
  taken: (name: string) => boolean;
  pattern: RegExp;
  patternHelp: string;
  onCommit: (name: string) => void;
  readOnly?: boolean;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? value;
  const problem = draft === null || draft === value
    ? null
    : !pattern.test(draft) ? patternHelp : taken(draft) ? `"${draft}" is taken.` : null;
  const commit = () => {
    if (draft !== null && draft !== value && !problem) onCommit(draft);
    setDraft(null);
  };
  return (
    <div className="field grow">
      <input
        className="input mono"
        aria-label={label}
        value={text}
        readOnly={readOnly}
        aria-invalid={problem ? true : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          }
        }}
      />
      {problem ? <div className="field-error" role="status">{problem}</div> : null}
    </div>
  );
}

function ParameterRow({ index, name, decl, doc, onChange, readOnly }: {
  index: number;
  name: string;
  decl: PipelineParameterDecl;
  doc: PipelineDocument;
  onChange: PipelineSettingsProps['onChange'];
  readOnly?: boolean;
}) {
  const n = index + 1;
  const type = decl.type ?? 'string';
  const parse = (text: string) => parseDefault(text, type).value;
  const [draft, setDraft] = useDraft<ParamValue | null | undefined>(decl.default, formatValue, parse);
  const error = parseDefault(draft, type).error;
  const update = (patch: Partial<PipelineParameterDecl>, key?: string) =>
    onChange((d) => {
      const parameters = { ...(d.parameters ?? {}) };
      const next: PipelineParameterDecl = { ...parameters[name], ...patch };
      for (const k of Object.keys(next) as (keyof PipelineParameterDecl)[]) if (next[k] === undefined) delete next[k];
      parameters[name] = next;
      return { ...d, parameters };
    }, key);
  return (
    <li className="stack" style={{ padding: '8px 0', borderBottom: '1px solid var(--surface-3)' }} data-testid={`pipeline-param-${name}`}>
      <div className="row">
        <KeyField
          label={`Parameter ${n} name`}
          value={name}
          readOnly={readOnly}
          pattern={PARAM_NAME_PATTERN}
          patternHelp="Letters, digits and _, not starting with a digit."
          taken={(candidate) => !!doc.parameters?.[candidate]}
          onCommit={(to) => onChange((d) => ({ ...d, parameters: renameKey(d.parameters ?? {}, name, to) }))}
        />
        <select
          className="select"
          style={{ width: 100 }}
          aria-label={`Parameter ${n} type`}
          value={type}
          disabled={readOnly}
          onChange={(e) => {
            const t = e.target.value as ParameterType;
            update({ type: t, default: parseDefault(draft, t).value });
          }}
        >
          {PARAM_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
        {!readOnly ? (
          <button
            type="button"
            className="btn btn-sm btn-ghost btn-icon"
            aria-label={`Remove parameter ${n}`}
            title={`Remove ${name}`}
            onClick={() => onChange((d) => {
              const parameters = { ...(d.parameters ?? {}) };
              delete parameters[name];
              return { ...d, parameters };
            })}
          >
            ✕
          </button>
        ) : null}
      </div>
      {type === 'boolean' ? (
        <select
          className="select"
          aria-label={`Parameter ${n} default`}
          value={formatValue(decl.default)}
          disabled={readOnly}
          onChange={(e) => update({ default: e.target.value === '' ? undefined : e.target.value === 'true' })}
        >
          <option value="">no default</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      ) : (
        <input
          className="input mono"
          aria-label={`Parameter ${n} default`}
          placeholder="no default"
          value={draft}
          readOnly={readOnly}
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            setDraft(e.target.value);
            update({ default: parseDefault(e.target.value, type).value }, `param-default:${name}`);
          }}
        />
      )}
      {error ? <div className="field-error" role="status">{error}</div> : null}
      <input
        className="input"
        aria-label={`Parameter ${n} description`}
        placeholder="description"
        value={decl.description ?? ''}
        readOnly={readOnly}
        onChange={(e) => update({ description: e.target.value || undefined }, `param-desc:${name}`)}
      />
    </li>
  );
}

/** The pipeline's own settings, shown when no step is selected. */
function PipelineSettingsImpl({ doc, catalog, problems, nameEditable, readOnly, onChange }: PipelineSettingsProps) {
  const allOutputs = useMemo(() => {
    const refs: { ref: string; type: string }[] = [];
    for (const [step, definition] of Object.entries(doc.steps)) {
      for (const port of catalog.resolve(definition.component)?.outputs ?? []) refs.push({ ref: formatRef(step, port.name), type: port.type });
    }
    return refs;
  }, [doc.steps, catalog]);
  const parameters = Object.entries(doc.parameters ?? {});
  const outputs = Object.entries(doc.outputs ?? {});
  const seedText = doc.seed === undefined ? '' : String(doc.seed);
  const seedError = seedText && !(/^\d+$/.test(seedText) && Number(seedText) <= 2147483647)
    ? 'A whole number from 0 to 2147483647.'
    : null;
  const nameError = nameEditable && !PIPELINE_NAME_PATTERN.test(doc.name) ? 'Letters, digits, ".", "_" and "-".' : null;

  return (
    <div className="stack-lg" data-testid="pipeline-settings">
      <div className="section">
        <h2>Pipeline</h2>
        <TextField
          label="Pipeline name"
          value={doc.name}
          readOnly={!nameEditable || readOnly}
          testId="pipeline-name"
          mono
          error={nameError}
          onChange={(text) => onChange((d) => ({ ...d, name: text.trim() }), 'name')}
        />
        <TextField
          label="Description"
          value={doc.description ?? ''}
          multiline
          readOnly={readOnly}
          testId="pipeline-description"
          placeholder="What the pipeline does"
          onChange={(text) => onChange((d) => ({ ...d, description: text || undefined }), 'description')}
        />
        <TextField
          label="Seed"
          value={seedText}
          readOnly={readOnly}
          testId="pipeline-seed"
          placeholder="42"
          error={seedError}
          onChange={(text) => {
            const t = text.trim();
            onChange((d) => ({ ...d, seed: t === '' ? undefined : /^\d+$/.test(t) ? Number(t) : t }), 'seed');
          }}
        />
        {problems.general.length > 0 ? (
          <div className="alert alert-error" role="status">
            <ul>{problems.general.map((p, i) => <li key={i}>{formatProblem(p)}</li>)}</ul>
          </div>
        ) : null}
      </div>

      <div className="section" data-testid="pipeline-parameters">
        <div className="section-title">
          <h4 className="grow">Parameters</h4>
          {!readOnly ? (
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => onChange((d) => ({
                ...d,
                parameters: { ...(d.parameters ?? {}), [freshName('param', d.parameters)]: { type: 'string' } },
              }))}
            >
              Add parameter
            </button>
          ) : null}
        </div>
        {parameters.length === 0 ? <p className="small muted">Values that can change per run. Use them in a step as <code>{'${params.NAME}'}</code>.</p> : null}
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {parameters.map(([name, decl], i) => (
            <ParameterRow key={i} index={i} name={name} decl={decl} doc={doc} onChange={onChange} readOnly={readOnly} />
          ))}
        </ul>
      </div>

      <div className="section" data-testid="pipeline-outputs">
        <div className="section-title">
          <h4 className="grow">Outputs</h4>
          {!readOnly ? (
            <button
              type="button"
              className="btn btn-sm"
              disabled={allOutputs.length === 0}
              onClick={() => onChange((d) => {
                const used = new Set(Object.values(d.outputs ?? {}));
                const first = allOutputs.find((o) => !used.has(o.ref)) ?? allOutputs[0];
                const base = first ? first.ref.slice(first.ref.indexOf('.') + 1) : 'output';
                return { ...d, outputs: { ...(d.outputs ?? {}), [freshName(base, d.outputs)]: first?.ref ?? '' } };
              })}
            >
              Add output
            </button>
          ) : null}
        </div>
        {outputs.length === 0 ? <p className="small muted">Named step outputs to show after a run.</p> : null}
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} className="stack">
          {outputs.map(([name, ref], i) => (
            <li key={i} className="row" data-testid={`pipeline-output-${name}`}>
              <KeyField
                label={`Output ${i + 1} name`}
                value={name}
                readOnly={readOnly}
                pattern={PARAM_NAME_PATTERN}
                patternHelp="Letters, digits and _."
                taken={(candidate) => !!doc.outputs?.[candidate]}
                onCommit={(to) => onChange((d) => ({ ...d, outputs: renameKey(d.outputs ?? {}, name, to) }))}
              />
              <select
                className="select mono"
                aria-label={`Output ${i + 1} source`}
                value={ref}
                disabled={readOnly}
                onChange={(e) => onChange((d) => ({ ...d, outputs: { ...(d.outputs ?? {}), [name]: e.target.value } }))}
              >
                {!allOutputs.some((o) => o.ref === ref) ? <option value={ref}>{ref || 'choose…'}</option> : null}
                {allOutputs.map((o) => <option key={o.ref} value={o.ref}>{o.ref} ({o.type})</option>)}
              </select>
              {!readOnly ? (
                <button
                  type="button"
                  className="btn btn-sm btn-ghost btn-icon"
                  aria-label={`Remove output ${i + 1}`}
                  onClick={() => onChange((d) => {
                    const next = { ...(d.outputs ?? {}) };
                    delete next[name];
                    return { ...d, outputs: next };
                  })}
                >
                  ✕
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** Memoized: the editor re-renders on every move of a dragged step, this does not. */
export const PipelineSettings = memo(PipelineSettingsImpl);
