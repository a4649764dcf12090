import { useEffect, useRef } from 'react';

export interface ShortcutHandlers {
  save: () => void;
  undo: () => void;
  redo: () => void;
  copy: () => boolean;
  paste: () => void;
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/**
 * Ctrl/Cmd+S saves everywhere; Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z and Ctrl+Y redo, Ctrl/Cmd+C
 * and Ctrl/Cmd+V copy and paste steps, except while typing in a field or when a dialog is open.
 */
export function useShortcuts(handlers: ShortcutHandlers, enabled = true): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      if (!mod || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 's') {
        event.preventDefault();
        ref.current.save();
        return;
      }
      if (isEditable(event.target) || document.querySelector('dialog[open]')) return;
      if (key === 'z' && !event.shiftKey) {
        event.preventDefault();
        ref.current.undo();
      } else if ((key === 'z' && event.shiftKey) || (key === 'y' && !event.shiftKey)) {
        event.preventDefault();
        ref.current.redo();
      } else if (key === 'c' && !event.shiftKey) {
        // Leave a text selection to the browser.
        const text = window.getSelection()?.toString() ?? '';
        if (text) return;
        if (ref.current.copy()) event.preventDefault();
      } else if (key === 'v' && !event.shiftKey) {
        event.preventDefault();
        ref.current.paste();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
