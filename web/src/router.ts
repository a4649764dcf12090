// Hash routes, so the server only ever serves index.html.
import { useEffect, useState } from 'react';

export type Route =
  | { page: 'pipelines' }
  | { page: 'editor'; name: string; run: string | null }
  | { page: 'new'; name: string }
  | { page: 'runs'; pipeline: string | null }
  | { page: 'run'; id: string }
  | { page: 'compare'; a: string; b: string }
  | { page: 'components' }
  | { page: 'models' }
  | { page: 'model'; name: string; version: string | null }
  | { page: 'artifact'; sha: string }
  | { page: 'scale-tests' }
  | { page: 'scale-test'; id: string }
  | { page: 'notfound'; path: string };

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/pipelines';
  const [pathPart, queryPart = ''] = raw.split('?', 2);
  const query = new URLSearchParams(queryPart);
  const parts = pathPart.split('/').filter(Boolean).map((p) => safeDecode(p));
  if (parts.length === 0) return { page: 'pipelines' };
  if (parts[0] === 'pipelines') {
    if (parts.length === 1) return { page: 'pipelines' };
    if (parts[1] === 'new' && parts.length === 2) return { page: 'new', name: query.get('name') ?? '' };
    return { page: 'editor', name: parts.slice(1).join('/'), run: query.get('run') };
  }
  if (parts[0] === 'components' && parts.length === 1) return { page: 'components' };
  if (parts[0] === 'models') return parts.length === 1 ? { page: 'models' } : { page: 'model', name: parts[1], version: query.get('version') };
  if (parts[0] === 'artifacts' && parts.length === 2) return { page: 'artifact', sha: parts[1] };
  if (parts[0] === 'scale-tests') return parts.length === 1 ? { page: 'scale-tests' } : { page: 'scale-test', id: parts[1] };
  if (parts[0] === 'runs') {
    if (parts.length === 1) return { page: 'runs', pipeline: query.get('pipeline') };
    if (parts[1] === 'compare') return { page: 'compare', a: query.get('a') ?? '', b: query.get('b') ?? '' };
    return { page: 'run', id: parts[1] };
  }
  return { page: 'notfound', path: pathPart };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export const href = {
  pipelines: () => '#/pipelines',
  components: () => '#/components',
  models: () => '#/models',
  model: (name: string, version?: number) => `#/models/${encodeURIComponent(name)}${version === undefined ? '' : `?version=${version}`}`,
  pipeline: (name: string, run?: string) => `#/pipelines/${encodeURIComponent(name)}${run ? `?run=${encodeURIComponent(run)}` : ''}`,
  newPipeline: (name: string) => `#/pipelines/new?name=${encodeURIComponent(name)}`,
  runs: (pipeline?: string) => `#/runs${pipeline ? `?pipeline=${encodeURIComponent(pipeline)}` : ''}`,
  run: (id: string) => `#/runs/${encodeURIComponent(id)}`,
  artifact: (sha: string) => `#/artifacts/${encodeURIComponent(sha)}`,
  scaleTests: () => '#/scale-tests',
  scaleTest: (id: string) => `#/scale-tests/${encodeURIComponent(id)}`,
  compare: (a: string, b: string) => `#/runs/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`,
};

export function navigate(to: string, replace = false): void {
  if (replace) {
    const url = `${window.location.pathname}${window.location.search}${to}`;
    window.history.replaceState(null, '', url);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = to;
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    if (!window.location.hash) navigate(href.pipelines(), true);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
