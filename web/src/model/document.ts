// The pipeline document, with exactly the keys of the YAML file (docs/pipelines.md).
import type { ParamValue, ParameterType } from '../api/types';

export interface PipelineParameterDecl {
  type?: ParameterType;
  default?: ParamValue | null;
  description?: string;
}

export interface StepDefinition {
  component: string;
  inputs?: Record<string, string>;
  params?: Record<string, ParamValue | null>;
  timeout?: string | number;
  retries?: number | string;
  /** The worker's memory limit of a custom component's step, such as 512MB or 4GB. */
  memory?: string;
  description?: string;
}

export interface PipelineDocument {
  apiVersion: 'loom/v1' | string;
  kind: 'Pipeline' | string;
  name: string;
  description?: string;
  seed?: number | string;
  /** 'smoke': loom ci runs the pipeline with its default parameters. */
  ci?: string;
  /** Service-level targets loom scale-test and loom ci check (max_wall, max_memory, min_rows_per_second, max_accuracy_loss, at); kept as written. */
  sla?: Record<string, string | number>;
  parameters?: Record<string, PipelineParameterDecl>;
  steps: Record<string, StepDefinition>;
  outputs?: Record<string, string>;
}

export const STEP_NAME_PATTERN = /^[a-z][a-z0-9_-]*$/;
export const PARAM_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const PIPELINE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function emptyDocument(name: string): PipelineDocument {
  return { apiVersion: 'loom/v1', kind: 'Pipeline', name, steps: {} };
}

/** Splits a reference `step.port` at its first dot. */
export function parseRef(ref: string): { step: string; port: string } | null {
  const dot = ref.indexOf('.');
  if (dot <= 0 || dot === ref.length - 1) return null;
  return { step: ref.slice(0, dot), port: ref.slice(dot + 1) };
}

export function formatRef(step: string, port: string): string {
  return `${step}.${port}`;
}

/** A component reference `name@version` split into its parts (version may be empty). */
export function parseComponentRef(ref: string): { name: string; version: string } {
  const at = ref.indexOf('@');
  if (at < 0) return { name: ref.trim(), version: '' };
  return { name: ref.slice(0, at).trim(), version: ref.slice(at + 1).trim() };
}

/** Whether a value is exactly one pipeline-parameter reference `${params.NAME}`. */
export function isParamReference(value: unknown): boolean {
  return typeof value === 'string' && /^\$\{params\.[A-Za-z_][A-Za-z0-9_]*\}$/.test(value.trim());
}

/** Drops empty optional sections so the document stays as small as the YAML a person writes. */
export function tidyStep(step: StepDefinition): StepDefinition {
  const out: StepDefinition = { component: step.component };
  if (step.inputs && Object.keys(step.inputs).length > 0) out.inputs = step.inputs;
  if (step.params && Object.keys(step.params).length > 0) out.params = step.params;
  if (step.timeout !== undefined && step.timeout !== '') out.timeout = step.timeout;
  if (step.retries !== undefined && step.retries !== '') out.retries = step.retries;
  if (step.memory !== undefined && step.memory !== '') out.memory = step.memory;
  if (step.description !== undefined && step.description !== '') out.description = step.description;
  return out;
}

export function tidyDocument(doc: PipelineDocument): PipelineDocument {
  // Keys in the order of a hand-written file: apiVersion, kind, name, description, seed, ci, sla,
  // parameters, steps, outputs.
  const out: Partial<PipelineDocument> = { apiVersion: doc.apiVersion, kind: doc.kind, name: doc.name };
  if (doc.description) out.description = doc.description;
  if (doc.seed !== undefined && doc.seed !== '') out.seed = doc.seed;
  if (doc.ci) out.ci = doc.ci;
  if (doc.sla && Object.keys(doc.sla).length > 0) out.sla = doc.sla;
  if (doc.parameters && Object.keys(doc.parameters).length > 0) out.parameters = doc.parameters;
  out.steps = doc.steps;
  if (doc.outputs && Object.keys(doc.outputs).length > 0) out.outputs = doc.outputs;
  return out as PipelineDocument;
}

/** A document read from the server or a YAML file, made safe to edit (missing sections filled). */
export function normalizeDocument(raw: unknown, fallbackName: string): PipelineDocument {
  const src = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const steps: Record<string, StepDefinition> = {};
  const rawSteps = src.steps && typeof src.steps === 'object' ? (src.steps as Record<string, unknown>) : {};
  for (const [name, value] of Object.entries(rawSteps)) {
    const s = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
    const step: StepDefinition = { component: typeof s.component === 'string' ? s.component : String(s.component ?? '') };
    if (s.inputs && typeof s.inputs === 'object') {
      step.inputs = Object.fromEntries(
        Object.entries(s.inputs as Record<string, unknown>).map(([k, v]) => [k, String(v ?? '')]),
      );
    }
    if (s.params && typeof s.params === 'object') step.params = { ...(s.params as Record<string, ParamValue | null>) };
    if (s.timeout !== undefined && s.timeout !== null) step.timeout = s.timeout as string | number;
    if (s.retries !== undefined && s.retries !== null) step.retries = s.retries as number | string;
    if (s.memory !== undefined && s.memory !== null) step.memory = String(s.memory);
    if (typeof s.description === 'string') step.description = s.description;
    steps[name] = tidyStep(step);
  }
  const doc: PipelineDocument = {
    apiVersion: typeof src.apiVersion === 'string' ? src.apiVersion : 'loom/v1',
    kind: typeof src.kind === 'string' ? src.kind : 'Pipeline',
    name: typeof src.name === 'string' && src.name ? src.name : fallbackName,
    steps,
  };
  if (typeof src.description === 'string') doc.description = src.description;
  if (typeof src.seed === 'number' || typeof src.seed === 'string') doc.seed = src.seed;
  if (typeof src.ci === 'string') doc.ci = src.ci;
  if (src.sla && typeof src.sla === 'object' && !Array.isArray(src.sla)) {
    doc.sla = Object.fromEntries(Object.entries(src.sla as Record<string, unknown>).filter(([, v]) => typeof v === 'string' || typeof v === 'number')) as Record<string, string | number>;
  }
  if (src.parameters && typeof src.parameters === 'object') {
    doc.parameters = {};
    for (const [name, value] of Object.entries(src.parameters as Record<string, unknown>)) {
      doc.parameters[name] = (value && typeof value === 'object' ? { ...(value as PipelineParameterDecl) } : {});
    }
  }
  if (src.outputs && typeof src.outputs === 'object') {
    doc.outputs = Object.fromEntries(
      Object.entries(src.outputs as Record<string, unknown>).map(([k, v]) => [k, String(v ?? '')]),
    );
  }
  return tidyDocument(doc);
}
