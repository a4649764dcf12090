import { apiUrl, encodeSegment, request } from './http';
import type {
  PipelineDiff,
  PipelineSummary,
  PipelineVersionRecord,
  SaveBody,
  SaveResult,
  ValidationResult,
  VersionSummary,
} from './types';
import type { PipelineDocument } from '../model/document';

const one = (name: string) => `pipelines/${encodeSegment(name)}`;

/** GET /api/pipelines */
export function listPipelines(): Promise<{ items: PipelineSummary[] }> {
  return request('GET', apiUrl('pipelines'));
}

/** POST /api/pipelines → 201 with the version; 409 when the name exists. */
export function createPipeline(body: SaveBody): Promise<SaveResult> {
  return request('POST', apiUrl('pipelines'), body);
}

/** GET /api/pipelines/{name}: the current version. */
export function getPipeline(name: string): Promise<PipelineVersionRecord> {
  return request('GET', apiUrl(one(name)));
}

/** PUT /api/pipelines/{name} with base_version → the new version; 409 when base_version is stale. */
export function savePipeline(name: string, body: SaveBody): Promise<SaveResult> {
  return request('PUT', apiUrl(one(name)), body);
}

/** DELETE /api/pipelines/{name} */
export function deletePipeline(name: string): Promise<void> {
  return request('DELETE', apiUrl(one(name)));
}

/** GET /api/pipelines/{name}/versions, newest first. */
export function listVersions(name: string): Promise<{ items: VersionSummary[] }> {
  return request('GET', apiUrl(`${one(name)}/versions`));
}

/** GET /api/pipelines/{name}/versions/{version} */
export function getVersion(name: string, version: string): Promise<PipelineVersionRecord> {
  return request('GET', apiUrl(`${one(name)}/versions/${encodeSegment(version)}`));
}

/** GET /api/pipelines/{name}/diff?from=&to= */
export function diffVersions(name: string, from: string, to: string): Promise<PipelineDiff> {
  return request('GET', apiUrl(`${one(name)}/diff`, { from, to }));
}

/** A move of a pipeline's pin. */
export interface PinMove {
  pipeline: string;
  from?: string | null;
  to?: string | null;
  action: string;
  actor: string;
  at: string;
  reason?: string | null;
}

/** GET /api/pipelines/{name}/pin: the pinned version (what scheduled and served runs use), known versions and the trail. */
export interface PinState {
  pipeline: string;
  pinned?: string | null;
  versions: { version: string; first_seen: string; origin: string; runs: number }[];
  history: PinMove[];
}

export function getPin(name: string): Promise<PinState> {
  return request('GET', apiUrl(`${one(name)}/pin`));
}

/** PUT /api/pipelines/{name}/pin */
export function pinVersion(name: string, body: { version: string; reason?: string; actor?: string }): Promise<PinMove> {
  return request('PUT', apiUrl(`${one(name)}/pin`), body);
}

/** POST /api/pipelines/{name}/pin/rollback: back to the version pinned before. */
export function rollbackPin(name: string, body: { reason?: string; actor?: string }): Promise<PinMove> {
  return request('POST', apiUrl(`${one(name)}/pin/rollback`), body);
}

/** POST /api/pipelines/validate: nothing is saved. */
export function validatePipeline(
  body: { document: PipelineDocument } | { yaml: string },
  signal?: AbortSignal,
): Promise<ValidationResult> {
  return request('POST', apiUrl('pipelines/validate'), body, signal);
}
