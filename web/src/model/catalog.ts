import type { ComponentList, ComponentManifest } from '../api/types';
import { parseComponentRef } from './document';

/** Numeric parts of a semantic version ("1.2.3-beta" → [1, 2, 3]). */
export function versionParts(version: string): number[] {
  return version.split(/[.+-]/).slice(0, 3).map((p) => Number.parseInt(p, 10)).map((n) => (Number.isFinite(n) ? n : 0));
}

export function compareVersions(a: string, b: string): number {
  const pa = versionParts(a);
  const pb = versionParts(b);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function majorOf(version: string): string {
  return String(versionParts(version)[0] ?? 0);
}

/** The reference a new step uses: `name@MAJOR`. */
export function referenceFor(manifest: ComponentManifest): string {
  return `${manifest.name}@${majorOf(manifest.version)}`;
}

/** Whether `version` matches what a reference asks for: "", "1", "1.2" or "1.2.3". */
export function versionMatches(version: string, wanted: string): boolean {
  if (!wanted) return true;
  const parts = wanted.split('.');
  const have = version.split(/[+-]/)[0].split('.');
  return parts.every((p, i) => have[i] === p);
}

export interface PaletteGroup {
  category: string;
  items: ComponentManifest[];
}

/** The components the server knows, resolved the way pipeline references resolve. */
export class Catalog {
  readonly categories: string[];
  private readonly byName = new Map<string, ComponentManifest[]>();
  private readonly resolved = new Map<string, ComponentManifest | undefined>();

  constructor(list: ComponentList | null) {
    const items = list?.items ?? [];
    for (const item of items) {
      const versions = this.byName.get(item.name) ?? [];
      versions.push(item);
      this.byName.set(item.name, versions);
    }
    for (const versions of this.byName.values()) versions.sort((a, b) => compareVersions(b.version, a.version));
    const categories = [...(list?.categories ?? [])];
    for (const item of items) if (!categories.includes(item.category)) categories.push(item.category);
    this.categories = categories;
  }

  static readonly empty = new Catalog(null);

  get size(): number {
    return this.byName.size;
  }

  /** The newest manifest matching `name@version` as written in a step, or undefined. */
  resolve(ref: string): ComponentManifest | undefined {
    if (this.resolved.has(ref)) return this.resolved.get(ref);
    const { name, version } = parseComponentRef(ref);
    const found = this.byName.get(name)?.find((m) => versionMatches(m.version, version));
    this.resolved.set(ref, found);
    return found;
  }

  latest(name: string): ComponentManifest | undefined {
    return this.byName.get(name)?.[0];
  }

  /** The newest version of every component, grouped by category in the server's order. */
  palette(): PaletteGroup[] {
    const groups = new Map<string, ComponentManifest[]>();
    for (const category of this.categories) groups.set(category, []);
    for (const versions of this.byName.values()) {
      const newest = versions[0];
      const list = groups.get(newest.category) ?? [];
      list.push(newest);
      groups.set(newest.category, list);
    }
    return [...groups.entries()]
      .filter(([, items]) => items.length > 0)
      .map(([category, items]) => ({ category, items: items.sort((a, b) => a.name.localeCompare(b.name)) }));
  }
}
