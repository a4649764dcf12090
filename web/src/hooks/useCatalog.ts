import { useEffect, useState } from 'react';
import { listComponents } from '../api/components';
import { Catalog } from '../model/catalog';

let shared: Promise<Catalog> | null = null;

/** Loads GET /api/components once per page load; the palette and every canvas share it. */
export function loadCatalog(): Promise<Catalog> {
  if (!shared) {
    shared = listComponents().then((list) => new Catalog(list));
    shared.catch(() => {
      shared = null;
    });
  }
  return shared;
}

/** Forgets the loaded catalog, so the next use loads it again (after a component is published). */
export function resetCatalog(): void {
  shared = null;
}

export function useCatalog(): { catalog: Catalog | null; error: unknown } {
  const [state, setState] = useState<{ catalog: Catalog | null; error: unknown }>({ catalog: null, error: null });
  useEffect(() => {
    let alive = true;
    loadCatalog().then(
      (catalog) => alive && setState({ catalog, error: null }),
      (error: unknown) => alive && setState({ catalog: null, error }),
    );
    return () => {
      alive = false;
    };
  }, []);
  return state;
}
