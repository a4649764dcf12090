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
