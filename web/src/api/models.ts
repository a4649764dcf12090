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

/** PUT /api/models/{name}/aliases/{alias}: points the alias at a version, after the gate when one is given (422 with the report when it fails). */
export function promoteModel(
  name: string,
  alias: string,
  body: { version: number; gate?: string; reason?: string; actor?: string },
): Promise<AliasMove> {
  return request('PUT', apiUrl(`models/${encodeSegment(name)}/aliases/${encodeSegment(alias)}`), body);
}

/** POST /api/models/{name}/aliases/{alias}/rollback: the alias goes back to the version it held before. */
export function rollbackAlias(name: string, alias: string, body: { reason?: string; actor?: string }): Promise<AliasMove> {
  return request('POST', apiUrl(`models/${encodeSegment(name)}/aliases/${encodeSegment(alias)}/rollback`), body);
}

/** POST /api/models/{name}/versions/{version}/approvals */
export function approveModel(name: string, version: number, body: { comment?: string; approver?: string }): Promise<unknown> {
  return request('POST', apiUrl(`models/${encodeSegment(name)}/versions/${version}/approvals`), body);
}

/** GET /api/artifacts/{sha}/lineage: an artifact forward to every step and model version that used it. */
export function getArtifactLineage(sha: string): Promise<LineageGraph> {
  return request('GET', apiUrl(`artifacts/${encodeSegment(sha)}/lineage`));
}

/** One field's numbers in a health snapshot. */
export interface FieldHealthPoint {
  name: string;
  psi: number;
  p_value: number;
  missing_share: number;
  unseen_share?: number | null;
  drifted: boolean;
}

/** What `loom serve` judged of a version's traffic at one moment. */
export interface HealthSnapshot {
  version: number;
  at: string;
  status: 'ok' | 'drift';
  report: { window_rows: number; fields: FieldHealthPoint[] };
}

export interface ModelAlert {
  id: number;
  version: number;
  field: string;
  rules: string;
  at: string;
  host: string;
}

/** GET /api/models/{name}/health: snapshots oldest first (the last day unless `since` is given). */
export function getModelHealth(name: string, since?: string): Promise<{ items: HealthSnapshot[] }> {
  return request('GET', apiUrl(`models/${encodeSegment(name)}/health`, { since }));
}

/** GET /api/models/{name}/alerts: newest first. */
export function getModelAlerts(name: string): Promise<{ items: ModelAlert[] }> {
  return request('GET', apiUrl(`models/${encodeSegment(name)}/alerts`));
}
