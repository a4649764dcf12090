import { apiUrl, encodeSegment, request } from './http';

/** A registered model version (GET /api/models/{name}/versions/{version}). */
export interface ModelVersion {
  name: string;
  version: number;
  aliases: string[];
  run: string;
  output: string;
  artifact: string;
  pipeline: string;
  pipeline_version: string;
  git_commit?: string | null;
  metrics: Record<string, Record<string, unknown>>;
  registered_by: string;
  registered_at: string;
  description?: string | null;
}

export interface ModelSummary {
  name: string;
  versions: number;
  latest: ModelVersion;
  aliases: Record<string, number>;
}

export interface ModelDetail {
  name: string;
  aliases: Record<string, number>;
  versions: ModelVersion[];
}

/** One rule's outcome in a gate report. */
export interface GateOutcome {
  rule: string;
  passed: boolean;
  skipped: boolean;
  detail: string;
}

/** A move of an alias, with the gate it passed when one was checked. */
export interface AliasMove {
  id: number;
  model: string;
  alias: string;
  from?: number | null;
  to?: number | null;
  action: string;
  actor: string;
  at: string;
  reason?: string | null;
  gate?: { gate: string; outcomes: GateOutcome[] } | null;
}

export interface LineageNode {
  id: string;
  kind: 'model_version' | 'step' | 'artifact';
  label: string;
  details: Record<string, string | null | undefined>;
}

export interface LineageEdge {
  from: string;
  to: string;
  label: string;
}

export interface LineageGraph {
  root: string;
  nodes: LineageNode[];
  edges: LineageEdge[];
}

export function listModels(): Promise<{ items: ModelSummary[] }> {
  return request('GET', apiUrl('models'));
}

export function getModel(name: string): Promise<ModelDetail> {
  return request('GET', apiUrl(`models/${encodeSegment(name)}`));
}

export function getModelHistory(name: string): Promise<{ items: AliasMove[] }> {
  return request('GET', apiUrl(`models/${encodeSegment(name)}/history`));
}

export function getModelLineage(name: string, version: number | string): Promise<LineageGraph> {
  return request('GET', apiUrl(`models/${encodeSegment(name)}/versions/${encodeSegment(String(version))}/lineage`));
}
