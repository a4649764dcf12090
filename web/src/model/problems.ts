import type { PipelineProblem } from '../api/types';

/** "12:5 step 'split', 'test_fraction': 1.5 is above the maximum 0.99" */
export function formatProblem(p: PipelineProblem): string {
  const where = p.line ? `${p.line}:${p.column ?? 1} ` : '';
  const subject = p.step && p.port ? `step '${p.step}', '${p.port}': ` : p.step ? `step '${p.step}': ` : p.port ? `'${p.port}': ` : '';
  return `${where}${subject}${p.message}`;
}

export interface ProblemIndex {
  /** Steps with at least one problem. */
  steps: Set<string>;
  /** Problems of a step that name no port or parameter. */
  byStep: Map<string, PipelineProblem[]>;
  /** Problems of a step's port or parameter, keyed "step\0port". */
  byField: Map<string, PipelineProblem[]>;
  /** Problems about no step. */
  general: PipelineProblem[];
}

export function fieldKey(step: string, field: string): string {
  return `${step}\u0000${field}`;
}

export function indexProblems(problems: readonly PipelineProblem[]): ProblemIndex {
  const index: ProblemIndex = { steps: new Set(), byStep: new Map(), byField: new Map(), general: [] };
  for (const p of problems) {
    if (!p.step) {
      index.general.push(p);
      continue;
    }
    index.steps.add(p.step);
    if (p.port) {
      const key = fieldKey(p.step, p.port);
      index.byField.set(key, [...(index.byField.get(key) ?? []), p]);
    } else {
      index.byStep.set(p.step, [...(index.byStep.get(p.step) ?? []), p]);
    }
  }
  return index;
}
