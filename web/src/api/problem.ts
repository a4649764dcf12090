import type { PipelineProblem } from './types';

/** An error answer of the API (application/problem+json), or a failure to reach it. */
export class ProblemError extends Error {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** Pipeline problems, when the error is about a pipeline document. */
  readonly errors: PipelineProblem[];
  /** For a 409 on save: the version that is current now. */
  readonly currentVersion: string | null;
  /** Every field of the problem document, as sent. */
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    const title = typeof body.title === 'string' ? body.title : `HTTP ${status}`;
    const detail = typeof body.detail === 'string' ? body.detail : '';
    super(detail || title);
    this.name = 'ProblemError';
    this.type = typeof body.type === 'string' ? body.type : 'about:blank';
    this.title = title;
    this.status = status;
    this.detail = detail;
    this.errors = Array.isArray(body.errors) ? (body.errors as PipelineProblem[]).filter(isProblem) : [];
    const current = body.current_version ?? body.currentVersion;
    this.currentVersion = typeof current === 'string' ? current : null;
    this.body = body;
  }
}

function isProblem(value: unknown): value is PipelineProblem {
  return !!value && typeof value === 'object' && typeof (value as PipelineProblem).message === 'string';
}

/** A message for any error, for showing to a person. */
export function errorMessage(error: unknown): string {
  if (error instanceof ProblemError) {
    if (error.detail && error.title && error.detail !== error.title) return `${error.title}: ${error.detail}`;
    return error.detail || error.title;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
