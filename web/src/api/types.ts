// Types of the REST API of `loom server` (docs/server-api.md). Answers use snake_case, except the
// pipeline document, whose keys are those of the YAML file (see model/document.ts).
import type { PipelineDocument } from '../model/document';

export type PortType = 'table' | 'model' | 'metrics' | 'report' | 'file';

export interface PortManifest {
  name: string;
  type: PortType | string;
  description: string;
  optional?: boolean;
  extension?: string;
}

export type ParameterType = 'string' | 'integer' | 'number' | 'boolean' | 'list';

export type ScalarValue = string | number | boolean;
export type ParamValue = ScalarValue | string[];

export interface SearchRange {
  min: number;
  max: number;
  log: boolean;
}

export interface ParameterManifest {
  name: string;
  type: ParameterType;
  description: string;
  required?: boolean;
  default?: ParamValue | null;
  min?: number | null;
  max?: number | null;
  choices?: string[] | null;
  input_file?: boolean;
  search?: SearchRange | null;
}

export interface ComponentManifest {
  name: string;
  version: string;
  category: string;
  description: string;
  inputs: PortManifest[];
  outputs: PortManifest[];
  parameters: ParameterManifest[];
  cacheable?: boolean;
  example?: string;
  /** Where a published custom component came from (upload, or repository@commit); null for a built-in. */
  origin?: string | null;
  /** Why users should move off this version, when it is deprecated. */
  deprecated?: string | null;
}

export interface ComponentList {
  items: ComponentManifest[];
  categories: string[];
}

/** One problem in a pipeline document; `port` names a port or a parameter. */
export interface PipelineProblem {
  line?: number | null;
  column?: number | null;
  step?: string | null;
  port?: string | null;
  message: string;
}

export interface PipelineSummary {
  name: string;
  description?: string | null;
  version: string;
  steps: number;
  updated_at: string;
  author?: string | null;
}

export interface Position {
  x: number;
  y: number;
}

export type Layout = Record<string, Position>;

export interface PipelineVersionRecord {
  name: string;
  version: string;
  yaml: string;
  document: PipelineDocument;
  created_at: string;
  author?: string | null;
  message?: string | null;
  layout?: Layout | null;
}

export interface VersionSummary {
  version: string;
  created_at: string;
  author?: string | null;
  message?: string | null;
  steps?: number;
}

export interface SaveBody {
  document?: PipelineDocument;
  yaml?: string;
  message?: string;
  author?: string;
  layout?: Layout;
  base_version?: string;
}

/** The answer to a create or a save: the version, and whatever else of the record the server adds. */
export interface SaveResult {
  version: string;
  name?: string;
  yaml?: string;
  created_at?: string;
}

export interface DiffLine {
  op: ' ' | '+' | '-';
  text: string;
}

export interface FieldChange {
  field: string;
  from?: unknown;
  to?: unknown;
}

export interface PipelineDiff {
  from: string;
  to: string;
  lines: DiffLine[];
  steps: {
    added: string[];
    removed: string[];
    changed: { step: string; fields: FieldChange[] }[];
  };
}

export interface ValidationResult {
  valid: boolean;
  errors: PipelineProblem[];
  yaml?: string | null;
}

export type RunStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export type StepStatus = 'pending' | 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';

export interface ArtifactRef {
  sha256: string;
  type: PortType | string;
  bytes?: number;
}

export interface RunStep {
  /** The step's name (the server may call it `name` or `step`). */
  name?: string;
  step?: string;
  component?: string;
  status: StepStatus;
  cache_hit?: boolean;
  attempts?: number;
  progress?: number | null;
  progress_message?: string | null;
  started_at?: string | null;
  finished_at?: string | null;
  error?: string | null;
  outputs?: Record<string, ArtifactRef>;
  inputs?: Record<string, string>;
}

export type MetricValue = number | string | null;

export interface Run {
  id: string;
  pipeline: string;
  pipeline_version: string;
  status: RunStatus;
  /** Every parameter's value as the run used it: the given one, else the pipeline's default. */
  parameters?: Record<string, unknown> | null;
  /** Only the values given when the run started. */
  given_parameters?: Record<string, unknown> | null;
  created_at: string;
  started_at?: string | null;
  finished_at?: string | null;
  error?: string | null;
  steps?: RunStep[];
  outputs?: Record<string, { step: string; port: string }>;
  metrics?: Record<string, Record<string, MetricValue>>;
}

export interface RunList {
  items: Run[];
  total: number;
  limit: number;
  offset: number;
}

export interface RunFilter {
  pipeline?: string;
  status?: string;
  since?: string;
  until?: string;
  limit?: number;
  offset?: number;
}

export interface CreateRunBody {
  pipeline: string;
  version?: string;
  parameters?: Record<string, string>;
  no_cache?: boolean;
}

export interface LogLine {
  time: string;
  level: string;
  message: string;
  attempt?: number;
  step?: string;
}

export interface ProgressEvent {
  step: string;
  fraction: number;
  message?: string | null;
}

export interface TablePreview {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  total_rows: number;
}

export interface Curve {
  name: string;
  x_label?: string;
  y_label?: string;
  x: number[];
  y: number[];
  area?: number | null;
}

export interface MetricsDocument {
  task?: string;
  rows?: number;
  metrics: Record<string, MetricValue>;
  confusion_matrix?: { classes: string[]; counts: number[][] } | null;
  curves?: Curve[] | null;
}
