import { useState } from 'react';
import { cancelRun } from '../../api/runs';
import { errorMessage } from '../../api/problem';
import type { RunStore } from '../../model/runStore';
import { shortId, shortHash, formatDuration, durationBetween } from '../../model/format';
import { isRunEnded, useRunState } from '../../hooks/useRun';
import { href } from '../../router';

/** The run the canvas shows: its id, status, a Cancel button, and a way back to editing. */
export function RunBanner({ store, onClose }: { store: RunStore; onClose?: () => void }) {
  const run = useRunState(store);
  const [error, setError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const status = run?.status ?? 'pending';
  const ended = isRunEnded(status);
  const steps = run?.steps ?? [];
  const done = steps.filter((s) => s.status === 'succeeded' || s.status === 'skipped').length;
  const cancel = async () => {
    setCancelling(true);
    setError(null);
    try {
      await cancelRun(store.runId);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setCancelling(false);
    }
  };
  return (
    <div className={`run-banner${ended ? ` ended-${status}` : ''}`} role="region" aria-label="Run" data-testid="run-banner">
      <strong>Run</strong>
      <a className="mono" href={href.run(store.runId)} data-testid="run-id" title={store.runId}>
        {shortId(store.runId)}
      </a>
      <span className={`badge badge-${status}`} data-testid="run-status" aria-live="polite">
        {status}
      </span>
      {run ? (
        <span className="small muted">
          {done}/{steps.length} steps
          {run.pipeline_version ? <> · version <span className="mono">{shortHash(run.pipeline_version)}</span></> : null}
          {run.created_at ? <> · {formatDuration(durationBetween(run.created_at, ended ? run.finished_at : null))}</> : null}
        </span>
      ) : null}
      {run?.error ? <span className="small" style={{ color: 'var(--danger)' }} data-testid="run-error">{run.error}</span> : null}
      {error ? <span className="small" role="alert" style={{ color: 'var(--danger)' }}>{error}</span> : null}
      <span className="spacer" />
      <button type="button" className="btn btn-sm btn-danger" onClick={cancel} disabled={ended || cancelling} aria-label="Cancel run">
        Cancel
      </button>
      {onClose ? (
        <button type="button" className="btn btn-sm" onClick={onClose} aria-label="Close run view">
          Back to editing
        </button>
      ) : null}
    </div>
  );
}
