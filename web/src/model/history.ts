// Undo and redo over snapshots of the document and the layout.
import type { Layout } from '../api/types';
import type { PipelineDocument } from './document';

export interface Snapshot {
  doc: PipelineDocument;
  layout: Layout;
}

export interface History {
  past: Snapshot[];
  present: Snapshot;
  future: Snapshot[];
  /** Changes with the same key in quick succession (typing in one field) make one entry. */
  coalesceKey: string | null;
  coalesceAt: number;
  /** Set while a drag is under way: the state before it, which one undo returns to. */
  transientBase: Snapshot | null;
}

export const HISTORY_LIMIT = 200;
export const COALESCE_MS = 1200;

export function createHistory(present: Snapshot): History {
  return { past: [], present, future: [], coalesceKey: null, coalesceAt: 0, transientBase: null };
}

/** Records `next` as a new entry (or merges it into the last one, for the same coalesce key). */
export function commit(h: History, next: Snapshot, coalesceKey: string | null = null, now = Date.now()): History {
  if (next === h.present) return h;
  if (coalesceKey !== null && coalesceKey === h.coalesceKey && now - h.coalesceAt < COALESCE_MS && h.past.length > 0) {
    return { ...h, present: next, future: [], coalesceAt: now };
  }
  const past = [...h.past, h.present];
  if (past.length > HISTORY_LIMIT) past.splice(0, past.length - HISTORY_LIMIT);
  return { past, present: next, future: [], coalesceKey, coalesceAt: now, transientBase: null };
}

export function undo(h: History): History {
  if (h.past.length === 0) return h;
  const previous = h.past[h.past.length - 1];
  return {
    past: h.past.slice(0, -1),
    present: previous,
    future: [h.present, ...h.future],
    coalesceKey: null,
    coalesceAt: 0,
    transientBase: null,
  };
}

export function redo(h: History): History {
  if (h.future.length === 0) return h;
  const [next, ...rest] = h.future;
  return { past: [...h.past, h.present], present: next, future: rest, coalesceKey: null, coalesceAt: 0, transientBase: null };
}

/** Starts a change made of many small steps (a drag) that undo treats as one. */
export function beginTransient(h: History): History {
  return h.transientBase ? h : { ...h, transientBase: h.present };
}

/** Shows `next` without recording it; `endTransient` records the whole change. */
export function transient(h: History, next: Snapshot): History {
  return { ...h, present: next };
}

export function endTransient(h: History): History {
  const base = h.transientBase;
  if (!base) return h;
  if (base === h.present) return { ...h, transientBase: null };
  const past = [...h.past, base];
  if (past.length > HISTORY_LIMIT) past.splice(0, past.length - HISTORY_LIMIT);
  return { past, present: h.present, future: [], coalesceKey: null, coalesceAt: 0, transientBase: null };
}

/** Starts over from `present` (after loading another pipeline). */
export function reset(present: Snapshot): History {
  return createHistory(present);
}
