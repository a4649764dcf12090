// Parameter values: text shown in form fields, values stored in the document, client-side checks.
import type { ParamValue, ParameterManifest, ParameterType } from '../api/types';
import { isParamReference } from './document';

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The text a form field shows for a stored value ("" when not set). */
export function formatValue(value: ParamValue | null | undefined): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

export interface Parsed {
  /** The value to store; undefined removes it (not set). */
  value: ParamValue | undefined;
  /** Why the text is not a valid value, shown beside the field. */
  error: string | null;
}

/** Whether a text substitutes a pipeline parameter anywhere (`${params.X}`). */
export function hasSubstitution(text: string): boolean {
  return text.includes('${');
}

/** Reads a field's text as a value of the given type; invalid text is kept as written. */
export function parseValue(
  text: string,
  type: ParameterType | undefined,
  limits: { min?: number | null; max?: number | null; choices?: readonly string[] | null } = {},
): Parsed {
  const trimmed = text.trim();
  if (trimmed === '') return { value: undefined, error: null };
  if (isParamReference(trimmed)) return { value: trimmed, error: null };
  switch (type) {
    case 'integer':
    case 'number': {
      if (hasSubstitution(trimmed)) return { value: trimmed, error: null };
      const ok = type === 'integer' ? INTEGER.test(trimmed) : NUMBER.test(trimmed);
      if (!ok) {
        return { value: trimmed, error: type === 'integer' ? 'Not a whole number.' : 'Not a number.' };
      }
      const n = Number(trimmed);
      return { value: n, error: rangeProblem(n, limits.min, limits.max) };
    }
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      if (lower === 'true') return { value: true, error: null };
      if (lower === 'false') return { value: false, error: null };
      return { value: trimmed, error: 'Must be true or false.' };
    }
    case 'list': {
      const items = trimmed.split(',').map((x) => x.trim()).filter((x) => x !== '');
      return { value: items, error: null };
    }
    default: {
      const choices = limits.choices ?? [];
      if (choices.length > 0 && !hasSubstitution(trimmed) && !choices.includes(trimmed)) {
        return { value: text, error: `Must be one of ${choices.join(', ')}.` };
      }
      return { value: text, error: null };
    }
  }
}

export function rangeProblem(n: number, min?: number | null, max?: number | null): string | null {
  if (min !== undefined && min !== null && n < min) return `Must be at least ${formatLimit(min)}.`;
  if (max !== undefined && max !== null && n > max) return `Must be at most ${formatLimit(max)}.`;
  return null;
}

export function formatLimit(n: number): string {
  if (Math.abs(n) >= 1e6 && Number.isInteger(n)) return n.toExponential(2).replace('+', '');
  return String(n);
}

/** The problem of a stored value, for showing when a field is not being edited. */
export function valueProblem(value: ParamValue | null | undefined, manifest: ParameterManifest): string | null {
  if (value === undefined || value === null) return null;
  return parseValue(formatValue(value), manifest.type, manifest).error;
}

/** Text for a field's placeholder: the component's default. */
export function defaultText(manifest: ParameterManifest): string {
  const d = manifest.default;
  if (d === undefined || d === null) return '';
  if (Array.isArray(d)) return d.length === 0 ? '' : d.join(', ');
  return String(d);
}

/** "0.01 to 0.99", "at least 1", "at most 10" or "". */
export function rangeText(min?: number | null, max?: number | null): string {
  const hasMin = min !== undefined && min !== null;
  const hasMax = max !== undefined && max !== null;
  if (hasMin && hasMax) return `${formatLimit(min)} to ${formatLimit(max)}`;
  if (hasMin) return `at least ${formatLimit(min)}`;
  if (hasMax) return `at most ${formatLimit(max)}`;
  return '';
}

const COLUMN_WORDS = ['label', 'stratify', 'column', 'group', 'weight', 'feature', 'ignore', 'exclude', 'key', 'id_columns'];

/** Whether a parameter names one or more columns of the input table (so a column picker helps). */
export function isColumnParam(manifest: ParameterManifest): boolean {
  if (manifest.type !== 'string' && manifest.type !== 'list') return false;
  const name = manifest.name.toLowerCase();
  if (COLUMN_WORDS.some((w) => name.includes(w))) return true;
  return /\bcolumns?\b/i.test(manifest.description ?? '');
}

/** A pipeline parameter's default, as stored for its declared type. */
export function parseDefault(text: string, type: ParameterType | undefined): Parsed {
  return parseValue(text, type ?? 'string');
}

/** Text for a run's parameter value (the API takes text and converts it to the declared type). */
export function runValueText(value: ParamValue | null | undefined): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}
