import { runEventsUrl } from './runs';
import type { LogLine, ProgressEvent, Run, RunStep } from './types';

export interface RunEventHandlers {
  snapshot(run: Run): void;
  step(step: RunStep): void;
  progress(event: ProgressEvent): void;
  log(line: LogLine): void;
  end(run: Run): void;
  /** The stream broke; `closed` when the browser gave up (it retries otherwise). */
  error?(closed: boolean): void;
}

/**
 * Subscribes to GET /api/runs/{id}/events (snapshot, step, progress, log, end). Returns the
 * function that closes the stream. The stream is closed after `end`.
 */
export function subscribeRunEvents(id: string, handlers: RunEventHandlers): () => void {
  const source = new EventSource(runEventsUrl(id));
  let closed = false;
  const close = () => {
    closed = true;
    source.close();
  };
  const on = <T,>(name: string, handle: (value: T) => void) => {
    source.addEventListener(name, (event) => {
      if (closed) return;
      const data = (event as MessageEvent<string>).data;
      let value: T;
      try {
        value = JSON.parse(data) as T;
      } catch {
        return;
      }
      handle(value);
    });
  };
  on<Run>('snapshot', (run) => handlers.snapshot(run));
  on<RunStep>('step', (step) => handlers.step(step));
  on<ProgressEvent>('progress', (event) => handlers.progress(event));
  on<LogLine>('log', (line) => handlers.log(line));
  on<Run>('end', (run) => {
    handlers.end(run);
    close();
  });
  source.onerror = () => {
    if (!closed) handlers.error?.(source.readyState === EventSource.CLOSED);
  };
  return close;
}
