import { ProblemError } from './problem';

/** Base of every API address; the server serves the UI and the API from one origin. */
export const API_BASE = 'api';

export function apiUrl(path: string, query?: Record<string, string | number | boolean | undefined | null>): string {
  const base = `${apiRoot()}${path.startsWith('/') ? path.slice(1) : path}`;
  if (!query) return base;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${base}?${text}` : base;
}

/** `/api/`, resolved against the page's own folder so the UI also works under a path prefix. */
function apiRoot(): string {
  if (typeof window === 'undefined') return `/${API_BASE}/`;
  const path = window.location.pathname;
  const folder = path.endsWith('/') ? path : path.slice(0, path.lastIndexOf('/') + 1);
  return `${folder}${API_BASE}/`;
}

export function encodeSegment(value: string): string {
  return encodeURIComponent(value);
}

export async function request<T>(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined
        ? { Accept: 'application/json' }
        : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ProblemError(0, {
      title: 'The server cannot be reached',
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  const text = response.status === 204 ? '' : await response.text();
  const type = response.headers.get('Content-Type') ?? '';
  let data: unknown = undefined;
  if (text && (type.includes('json') || /^\s*[[{]/.test(text))) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!response.ok) {
    const problem = data && typeof data === 'object'
      ? (data as Record<string, unknown>)
      : { title: response.statusText || `HTTP ${response.status}`, detail: text.slice(0, 500) };
    throw new ProblemError(response.status, problem);
  }
  return data as T;
}
