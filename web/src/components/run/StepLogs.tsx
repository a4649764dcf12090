import { useEffect, useState } from 'react';
import { getStepLogs } from '../../api/runs';
import type { LogLine } from '../../api/types';
import { errorMessage } from '../../api/problem';
import type { RunStore } from '../../model/runStore';
import { useLiveLogs, useStepRun } from '../../hooks/useRun';

function lineClass(level: string): string {
  const l = level.toLowerCase();
  if (l.startsWith('warn')) return 'log-warn';
  if (l.startsWith('err') || l.startsWith('fail') || l === 'critical') return 'log-error';
  return '';
}

function timeOf(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(11, 23);
}

/** A step's logs: GET …/logs, then the lines the event stream brings while it runs. */
export function StepLogs({ store, step }: { store: RunStore; step: string }) {
  const run = useStepRun(step, store);
  const live = useLiveLogs(store, step);
  const [fetched, setFetched] = useState<{ items: LogLine[]; liveCount: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const status = run?.status;
  useEffect(() => {
    let alive = true;
    const liveCount = store.getLogs(step)?.length ?? 0;
    getStepLogs(store.runId, step).then(
      (answer) => {
        if (alive) {
          setFetched({ items: answer.items ?? [], liveCount });
          setError(null);
        }
      },
      (e: unknown) => alive && setError(e),
    );
    return () => {
      alive = false;
    };
  }, [store, step, status]);
  const lines = [...(fetched?.items ?? []), ...(live ?? []).slice(fetched?.liveCount ?? 0)];
  return (
    <div className="stack" data-testid="step-logs">
      {error ? <div className="alert alert-error" role="alert">{errorMessage(error)}</div> : null}
      {!fetched && !error ? <div className="row small muted"><span className="spinner" /> Loading logs…</div> : null}
      {fetched && lines.length === 0 ? <p className="small muted">No log lines.</p> : null}
      {lines.length > 0 ? (
        <pre className="log" aria-label={`Logs of ${step}`} tabIndex={0}>
          {lines.map((l, i) => (
            <span key={i} className={lineClass(l.level)}>
              {timeOf(l.time)} {l.level.toUpperCase().padEnd(5)} {l.attempt && l.attempt > 1 ? `[attempt ${l.attempt}] ` : ''}{l.message}
              {'\n'}
            </span>
          ))}
        </pre>
      ) : null}
    </div>
  );
}
