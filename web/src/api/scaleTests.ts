import { apiUrl, encodeSegment, request } from './http';

/** One data size's run of a scale test. */
export interface ScalePoint {
  multiplier: number;
  run_id: string;
  status: string;
  data_rows: number;
  wall_seconds: number;
  rows_per_second: number;
  peak_resident_bytes: number;
}

/** A scale test's report (GET /api/scale-tests/{id}); the HTML page with its charts is at /api/scale-tests/{id}/report. */
export interface ScaleReport {
  id: string;
  pipeline: string;
  started_at: string;
  finished_at: string;
  machine: string;
  passed: boolean;
  problems: string[];
  scales: ScalePoint[];
  growth: { step: string; shape: string; time_exponent?: number | null; cliff?: string | null }[];
  accuracy?: { metric: string; sample: number; full: number; loss: number; tolerance: number; sample_fraction: number } | null;
  stability?: { verdict: string; stable: boolean } | null;
  sla?: { at: number; checks: { target: string; limit: string; measured: string; passed: boolean }[] } | null;
}

/** GET /api/scale-tests?pipeline= */
export function listScaleTests(pipeline?: string): Promise<{ items: ScaleReport[] }> {
  return request<{ items: ScaleReport[] }>('GET', apiUrl('scale-tests', { pipeline }));
}

/** GET /api/scale-tests/{id} */
export function getScaleTest(id: string): Promise<ScaleReport> {
  return request<ScaleReport>('GET', apiUrl(`scale-tests/${encodeSegment(id)}`));
}

/** The report's HTML page. */
export function scaleReportUrl(id: string): string {
  return apiUrl(`scale-tests/${encodeSegment(id)}/report`);
}
