import { ProblemError } from './problem';
import { apiUrl, encodeSegment, request } from './http';
import type { ComponentList, ComponentManifest } from './types';

/** GET /api/components?q=&category= */
export function listComponents(q?: string, category?: string): Promise<ComponentList> {
  return request<ComponentList>('GET', apiUrl('components', { q, category }));
}

/** GET /api/components/{name}?version= */
export function getComponent(name: string, version?: string): Promise<ComponentManifest> {
  return request<ComponentManifest>('GET', apiUrl(`components/${encodeSegment(name)}`, { version }));
}

/** One stage of the quality gate, with what it found. */
export interface GateStage {
  name: string;
  passed: boolean;
  summary?: string | null;
  findings: { message: string; where?: string | null; fix: string }[];
}

/** A pipeline whose runs used a published component version. */
export interface ComponentUse {
  pipeline: string;
  runs: number;
  last_run_at: string;
}

/** A published component version. */
export interface PublishedVersion {
  name: string;
  version: string;
  description: string;
  origin: string;
  published_at: string;
  published_by: string;
  deprecation?: string | null;
  commit?: string | null;
  gate: { stages: GateStage[] };
  /** In listings: the pipelines whose runs used this version. */
  used_by?: ComponentUse[] | null;
}

/** GET /api/components/published?q= */
export function listPublished(q?: string): Promise<{ items: PublishedVersion[] }> {
  return request<{ items: PublishedVersion[] }>('GET', apiUrl('components/published', { q }));
}

/** POST /api/components with a zip of a component's folder: the quality gate, then the published version. */
export async function publishComponent(zip: Blob): Promise<PublishedVersion> {
  let response: Response;
  try {
    response = await fetch(apiUrl('components'), { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/zip' }, body: zip });
  } catch (error) {
    throw new ProblemError(0, { title: 'The server cannot be reached', detail: error instanceof Error ? error.message : String(error) });
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new ProblemError(response.status, body);
  return body as unknown as PublishedVersion;
}
