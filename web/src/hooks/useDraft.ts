import { useEffect, useRef, useState } from 'react';

/**
 * Text a field shows while it is edited. It follows the stored value when that changes from
 * elsewhere (undo, import), and otherwise keeps what the person typed ("0." stays "0.").
 */
export function useDraft<V>(value: V, format: (v: V) => string, parse: (text: string) => V): [string, (text: string) => void] {
  const [draft, setDraft] = useState(() => format(value));
  const lastSent = useRef<string>(JSON.stringify(value ?? null));
  useEffect(() => {
    const incoming = JSON.stringify(value ?? null);
    if (incoming === lastSent.current) return;
    lastSent.current = incoming;
    setDraft((current) => (JSON.stringify(parse(current) ?? null) === incoming ? current : format(value)));
    // format and parse are pure functions of their argument
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  const update = (text: string) => {
    setDraft(text);
    lastSent.current = JSON.stringify(parse(text) ?? null);
  };
  return [draft, update];
}
