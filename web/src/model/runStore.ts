// The live state of one run, outside React state: each node subscribes to its own step only, so a
// progress event re-renders one node, not the canvas.
import type { LogLine, ProgressEvent, Run, RunStep, StepStatus } from '../api/types';

type Listener = () => void;

export function stepNameOf(step: RunStep): string {
  return step.name ?? step.step ?? '';
}

/** The word a node's badge shows: the step's status, or "cached" for a reused output. */
export function statusWord(step: RunStep | undefined): string {
  if (!step) return 'pending';
  if (step.status === 'succeeded' && step.cache_hit) return 'cached';
  return step.status;
}

export function isFinished(status: string | undefined): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled' || status === 'skipped';
}

export class RunStore {
  private run: Run | null = null;
  private steps = new Map<string, RunStep>();
  private logs = new Map<string, LogLine[]>();
  private readonly runListeners = new Set<Listener>();
  private readonly stepListeners = new Map<string, Set<Listener>>();
  private readonly logListeners = new Map<string, Set<Listener>>();
  private ended = false;

  constructor(readonly runId: string) {}

  getRun = (): Run | null => this.run;
  getStep = (name: string): RunStep | undefined => this.steps.get(name);
  getLogs = (name: string): LogLine[] | undefined => this.logs.get(name);
  hasEnded = (): boolean => this.ended;

  subscribeRun = (listener: Listener): (() => void) => {
    this.runListeners.add(listener);
    return () => this.runListeners.delete(listener);
  };

  subscribeStep(name: string, listener: Listener): () => void {
    return addTo(this.stepListeners, name, listener);
  }

  subscribeLogs(name: string, listener: Listener): () => void {
    return addTo(this.logListeners, name, listener);
  }

  /** The run as first sent (snapshot) or as it ended (end): every step may have changed. */
  setRun(run: Run, ended = false): void {
    const next = new Map<string, RunStep>();
    for (const step of run.steps ?? []) {
      const name = stepNameOf(step);
      const prev = this.steps.get(name);
      next.set(name, prev && sameStep(prev, step) ? prev : step);
    }
    const changed = [...next.keys()].filter((k) => next.get(k) !== this.steps.get(k));
    const gone = [...this.steps.keys()].filter((k) => !next.has(k));
    this.steps = next;
    this.run = { ...run, steps: [...next.values()] };
    if (ended) this.ended = true;
    for (const name of [...changed, ...gone]) notify(this.stepListeners.get(name));
    notify(this.runListeners);
  }

  markEnded(): void {
    this.ended = true;
    notify(this.runListeners);
  }

  updateStep(step: RunStep): void {
    const name = stepNameOf(step);
    if (!name) return;
    const prev = this.steps.get(name);
    const merged: RunStep = { ...(prev ?? {}), ...step };
    if (merged.status !== 'running') {
      merged.progress = null;
      merged.progress_message = null;
    }
    this.steps.set(name, merged);
    if (this.run) {
      const steps = [...this.steps.values()];
      this.run = { ...this.run, steps, status: this.run.status === 'pending' ? 'running' : this.run.status };
    }
    notify(this.stepListeners.get(name));
    notify(this.runListeners);
  }

  /** Progress touches one step and nothing else. */
  progress(event: ProgressEvent): void {
    const prev = this.steps.get(event.step);
    const status: StepStatus = prev?.status && prev.status !== 'pending' && prev.status !== 'queued' ? prev.status : 'running';
    this.steps.set(event.step, {
      ...(prev ?? { name: event.step }),
      status,
      progress: event.fraction,
      progress_message: event.message ?? null,
    });
    notify(this.stepListeners.get(event.step));
  }

  log(line: LogLine): void {
    if (!line.step) return;
    const list = this.logs.get(line.step) ?? [];
    this.logs.set(line.step, [...list, line].slice(-2000));
    notify(this.logListeners.get(line.step));
  }
}

function sameStep(a: RunStep, b: RunStep): boolean {
  return a.status === b.status
    && a.cache_hit === b.cache_hit
    && a.attempts === b.attempts
    && a.progress === b.progress
    && a.error === b.error
    && a.finished_at === b.finished_at
    && a.started_at === b.started_at
    && JSON.stringify(a.outputs ?? null) === JSON.stringify(b.outputs ?? null);
}

function addTo(map: Map<string, Set<Listener>>, key: string, listener: Listener): () => void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(listener);
  return () => {
    set.delete(listener);
  };
}

function notify(listeners: Set<Listener> | undefined): void {
  if (!listeners) return;
  for (const listener of [...listeners]) listener();
}
