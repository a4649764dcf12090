import { apiUrl, encodeSegment, request } from './http';
import type { CreateRunBody, LogLine, MetricsDocument, Run, RunFilter, RunList, TablePreview } from './types';

const one = (id: string) => `runs/${encodeSegment(id)}`;
const stepPath = (id: string, step: string) => `${one(id)}/steps/${encodeSegment(step)}`;

/** POST /api/runs → 202 with the run. */
export function createRun(body: CreateRunBody): Promise<Run> {
  return request('POST', apiUrl('runs'), body);
}

/** GET /api/runs?pipeline=&status=&since=&until=&limit=&offset= */
export function listRuns(filter: RunFilter = {}, signal?: AbortSignal): Promise<RunList> {
  return request('GET', apiUrl('runs', { ...filter }), undefined, signal);
}

/** GET /api/runs/{id} */
export function getRun(id: string): Promise<Run> {
  return request('GET', apiUrl(one(id)));
}

/** POST /api/runs/{id}/cancel → 202; 409 when the run has ended. */
export function cancelRun(id: string): Promise<void> {
  return request('POST', apiUrl(`${one(id)}/cancel`));
}

/** GET /api/runs/{id}/steps/{step}/logs */
export function getStepLogs(id: string, step: string): Promise<{ items: LogLine[] }> {
  return request('GET', apiUrl(`${stepPath(id, step)}/logs`));
}

/** The address of an output's bytes: GET /api/runs/{id}/steps/{step}/outputs/{port} */
export function outputUrl(id: string, step: string, port: string): string {
  return apiUrl(`${stepPath(id, step)}/outputs/${encodeSegment(port)}`);
}

/** GET …/outputs/{port}/preview?limit=: a table preview or a metrics document. */
export function getOutputPreview<T extends TablePreview | MetricsDocument = TablePreview | MetricsDocument>(
  id: string,
  step: string,
  port: string,
  limit = 100,
): Promise<T> {
  return request('GET', apiUrl(`${stepPath(id, step)}/outputs/${encodeSegment(port)}/preview`, { limit }));
}

/** The address of the run's Server-Sent Events. */
export function runEventsUrl(id: string): string {
  return apiUrl(`${one(id)}/events`);
}

export function isTablePreview(value: unknown): value is TablePreview {
  return !!value && typeof value === 'object' && Array.isArray((value as TablePreview).columns)
    && Array.isArray((value as TablePreview).rows);
}

export function isMetricsDocument(value: unknown): value is MetricsDocument {
  return !!value && typeof value === 'object' && !!(value as MetricsDocument).metrics
    && typeof (value as MetricsDocument).metrics === 'object';
}
