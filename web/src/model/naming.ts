import { STEP_NAME_PATTERN } from './document';

/** The step name a dropped component gets: the last segment of its name, '-' as '_'. */
export function baseStepName(componentName: string): string {
  const last = componentName.slice(componentName.lastIndexOf('.') + 1);
  let name = last.toLowerCase().replace(/-/g, '_').replace(/[^a-z0-9_]/g, '_');
  if (!/^[a-z]/.test(name)) name = `step_${name}`.replace(/_+$/, '');
  return name || 'step';
}

/** `base`, else `base_2`, `base_3`… whichever is free. */
export function uniqueName(base: string, taken: ReadonlySet<string> | readonly string[]): string {
  const set = taken instanceof Set ? taken : new Set(taken as readonly string[]);
  if (!set.has(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base}_${i}`;
    if (!set.has(candidate)) return candidate;
  }
}

/** A name for a copy of step `name`: `train` → `train_2`, `train_2` → `train_3`. */
export function copyName(name: string, taken: ReadonlySet<string>): string {
  const base = name.replace(/_\d+$/, '') || name;
  return uniqueName(base, taken);
}

/** Why a step name cannot be used, or null when it can. */
export function stepNameProblem(name: string, others: ReadonlySet<string>): string | null {
  if (!name) return 'A step needs a name.';
  if (!STEP_NAME_PATTERN.test(name)) {
    return 'Use lower-case letters, digits, "_" and "-", starting with a letter.';
  }
  if (others.has(name)) return `Another step is already called "${name}".`;
  return null;
}
