import { createContext, useContext, useEffect, useMemo, useSyncExternalStore } from 'react';
import { subscribeRunEvents } from '../api/events';
import { getRun } from '../api/runs';
import type { LogLine, Run, RunStep } from '../api/types';
import { RunStore } from '../model/runStore';

/** The run the canvas shows, if any; nodes read their own step from it. */
export const RunStoreContext = createContext<RunStore | null>(null);

const noSubscribe = () => () => {};
const nothing = () => undefined;

export function useStepRun(step: string, explicit?: RunStore | null): RunStep | undefined {
  const fromContext = useContext(RunStoreContext);
  const store = explicit === undefined ? fromContext : explicit;
  return useSyncExternalStore(
    useMemo(() => (store ? (cb: () => void) => store.subscribeStep(step, cb) : noSubscribe), [store, step]),
    store ? () => store.getStep(step) : nothing,
  );
}

export function useRunState(store: RunStore | null): Run | null {
  return useSyncExternalStore(
    store ? store.subscribeRun : noSubscribe,
    store ? store.getRun : () => null,
  );
}

export function useRunEnded(store: RunStore | null): boolean {
  return useSyncExternalStore(store ? store.subscribeRun : noSubscribe, store ? store.hasEnded : () => false);
}

export function useLiveLogs(store: RunStore | null, step: string): LogLine[] | undefined {
  return useSyncExternalStore(
    useMemo(() => (store ? (cb: () => void) => store.subscribeLogs(step, cb) : noSubscribe), [store, step]),
    store ? () => store.getLogs(step) : nothing,
  );
}

const ENDED = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Follows a run live: its events stream (snapshot, step, progress, log, end) feeds a RunStore.
 * When the stream cannot be had, the run is polled instead until it ends.
 */
export function useLiveRun(runId: string | null): RunStore | null {
  const store = useMemo(() => (runId ? new RunStore(runId) : null), [runId]);
  useEffect(() => {
    if (!store) return;
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let failures = 0;
    const poll = () => {
      if (!alive || store.hasEnded()) return;
      getRun(store.runId).then(
        (run) => {
          if (!alive) return;
          failures = 0;
          store.setRun(run, ENDED.has(run.status));
          if (!ENDED.has(run.status)) timer = setTimeout(poll, 2000);
        },
        () => {
          if (!alive) return;
          failures++;
          if (failures < 5) timer = setTimeout(poll, 3000);
        },
      );
    };
    let polling = false;
    const close = subscribeRunEvents(store.runId, {
      snapshot: (run) => store.setRun(run, false),
      step: (step) => store.updateStep(step),
      progress: (event) => store.progress(event),
      log: (line) => store.log(line),
      end: (run) => store.setRun(run, true),
      error: (closed) => {
        if (closed && !polling && !store.hasEnded()) {
          polling = true;
          poll();
        }
      },
    });
    // Shows the run at once, before the stream's first event arrives.
    getRun(store.runId).then(
      (run) => {
        if (alive && !store.getRun()) store.setRun(run, ENDED.has(run.status));
      },
      () => {},
    );
    return () => {
      alive = false;
      close();
      if (timer) clearTimeout(timer);
    };
  }, [store]);
  return store;
}

export function isRunEnded(status: string | undefined): boolean {
  return !!status && ENDED.has(status);
}
