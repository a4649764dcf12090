import { useCallback, useMemo, useState } from 'react';
import {
  beginTransient,
  commit,
  createHistory,
  endTransient,
  redo as redoHistory,
  reset as resetHistory,
  transient,
  undo as undoHistory,
  type History,
  type Snapshot,
} from '../model/history';

export type Edit = (s: Snapshot) => Snapshot;

export interface EditorHistory {
  present: Snapshot;
  canUndo: boolean;
  canRedo: boolean;
  /** Applies an edit as one history entry; edits with the same coalesce key in a row merge. */
  apply: (edit: Edit, coalesceKey?: string) => void;
  /** Starts, continues and ends a change recorded as one entry (a drag). */
  begin: () => void;
  preview: (edit: Edit) => void;
  end: () => void;
  undo: () => void;
  redo: () => void;
  reset: (snapshot: Snapshot) => void;
}

export function useEditorHistory(initial: Snapshot): EditorHistory {
  const [history, setHistory] = useState<History>(() => createHistory(initial));
  const apply = useCallback((edit: Edit, coalesceKey?: string) => {
    setHistory((h) => commit(h, edit(h.present), coalesceKey ?? null));
  }, []);
  const begin = useCallback(() => setHistory((h) => beginTransient(h)), []);
  const preview = useCallback((edit: Edit) => setHistory((h) => transient(h, edit(h.present))), []);
  const end = useCallback(() => setHistory((h) => endTransient(h)), []);
  const undo = useCallback(() => setHistory((h) => undoHistory(endTransient(h))), []);
  const redo = useCallback(() => setHistory((h) => redoHistory(endTransient(h))), []);
  const reset = useCallback((snapshot: Snapshot) => setHistory(resetHistory(snapshot)), []);
  return useMemo(
    () => ({
      present: history.present,
      canUndo: history.past.length > 0,
      canRedo: history.future.length > 0,
      apply,
      begin,
      preview,
      end,
      undo,
      redo,
      reset,
    }),
    [history, apply, begin, preview, end, undo, redo, reset],
  );
}
