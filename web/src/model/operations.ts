// Pure edits of a snapshot (document + layout); every one returns a new snapshot.
import type { ComponentManifest, Layout, ParamValue, Position } from '../api/types';
import { referenceFor } from './catalog';
import type { ConnectionEnds } from './connection';
import { formatRef, parseRef, tidyDocument, tidyStep, type PipelineDocument, type StepDefinition } from './document';
import { reorderStep } from './graph';
import type { Snapshot } from './history';
import { baseStepName, copyName, uniqueName } from './naming';

function withSteps(s: Snapshot, steps: Record<string, StepDefinition>, layout: Layout = s.layout): Snapshot {
  return { doc: { ...s.doc, steps }, layout };
}

/** Adds a step for a component at a position; the step is named after the component. */
export function addStep(s: Snapshot, manifest: ComponentManifest, position: Position): { snapshot: Snapshot; step: string } {
  const step = uniqueName(baseStepName(manifest.name), new Set(Object.keys(s.doc.steps)));
  const steps = { ...s.doc.steps, [step]: { component: referenceFor(manifest) } };
  return { snapshot: withSteps(s, steps, { ...s.layout, [step]: roundPosition(position) }), step };
}

function roundPosition(p: Position): Position {
  return { x: Math.round(p.x), y: Math.round(p.y) };
}

/** Removes steps (and every input and output that refers to them) and edges (by target and port). */
export function removeElements(
  s: Snapshot,
  stepNames: readonly string[],
  edges: readonly { target: string; port: string }[],
): Snapshot {
  if (stepNames.length === 0 && edges.length === 0) return s;
  const removed = new Set(stepNames);
  const cut = new Set(edges.map((e) => `${e.target}\u0000${e.port}`));
  const steps: Record<string, StepDefinition> = {};
  let changed = removed.size > 0;
  for (const [name, definition] of Object.entries(s.doc.steps)) {
    if (removed.has(name)) continue;
    const inputs = definition.inputs;
    if (!inputs) {
      steps[name] = definition;
      continue;
    }
    const kept = Object.entries(inputs).filter(([port, ref]) => {
      const source = parseRef(ref)?.step;
      return !cut.has(`${name}\u0000${port}`) && !(source && removed.has(source));
    });
    if (kept.length === Object.keys(inputs).length) {
      steps[name] = definition;
    } else {
      changed = true;
      steps[name] = tidyStep({ ...definition, inputs: Object.fromEntries(kept) });
    }
  }
  if (!changed) return s;
  let doc: PipelineDocument = { ...s.doc, steps };
  if (s.doc.outputs && removed.size > 0) {
    const outputs = Object.fromEntries(
      Object.entries(s.doc.outputs).filter(([, ref]) => !removed.has(parseRef(ref)?.step ?? '')),
    );
    doc = tidyDocument({ ...doc, outputs });
  }
  const layout = removed.size > 0
    ? Object.fromEntries(Object.entries(s.layout).filter(([k]) => !removed.has(k)))
    : s.layout;
  return { doc, layout };
}

/** Binds target.targetPort to source.sourcePort, replacing what the input was bound to. */
export function connect(s: Snapshot, ends: ConnectionEnds): Snapshot {
  return setInput(s, ends.target, ends.targetPort, formatRef(ends.source, ends.sourcePort));
}

export function setInput(s: Snapshot, step: string, port: string, ref: string | undefined): Snapshot {
  const definition = s.doc.steps[step];
  if (!definition) return s;
  const inputs = { ...(definition.inputs ?? {}) };
  if (ref === undefined || ref === '') delete inputs[port];
  else inputs[port] = ref;
  return updateStep(s, step, { ...definition, inputs });
}

export function updateStep(s: Snapshot, step: string, definition: StepDefinition): Snapshot {
  if (!s.doc.steps[step]) return s;
  return withSteps(s, { ...s.doc.steps, [step]: reorderStep(tidyStep(definition)) });
}

/** Sets a parameter of a step; undefined removes it ("not set": the component's default applies). */
export function setParam(s: Snapshot, step: string, name: string, value: ParamValue | undefined): Snapshot {
  const definition = s.doc.steps[step];
  if (!definition) return s;
  const params = { ...(definition.params ?? {}) };
  if (value === undefined) delete params[name];
  else params[name] = value;
  return updateStep(s, step, { ...definition, params });
}

/** Renames a step and every reference to it, keeping the steps' order. */
export function renameStep(s: Snapshot, from: string, to: string): Snapshot {
  if (from === to || !s.doc.steps[from] || s.doc.steps[to]) return s;
  const rename = (ref: string) => {
    const parsed = parseRef(ref);
    return parsed && parsed.step === from ? formatRef(to, parsed.port) : ref;
  };
  const steps: Record<string, StepDefinition> = {};
  for (const [name, definition] of Object.entries(s.doc.steps)) {
    const inputs = definition.inputs
      ? Object.fromEntries(Object.entries(definition.inputs).map(([port, ref]) => [port, rename(ref)]))
      : undefined;
    steps[name === from ? to : name] = inputs ? { ...definition, inputs } : definition;
  }
  const outputs = s.doc.outputs
    ? Object.fromEntries(Object.entries(s.doc.outputs).map(([k, ref]) => [k, rename(ref)]))
    : undefined;
  const layout = Object.fromEntries(Object.entries(s.layout).map(([k, v]) => [k === from ? to : k, v]));
  return { doc: { ...s.doc, steps, ...(outputs ? { outputs } : {}) }, layout };
}

export function moveSteps(s: Snapshot, positions: Readonly<Record<string, Position>>): Snapshot {
  let changed = false;
  const layout = { ...s.layout };
  for (const [step, position] of Object.entries(positions)) {
    const old = layout[step];
    const p = roundPosition(position);
    if (old && old.x === p.x && old.y === p.y) continue;
    layout[step] = p;
    changed = true;
  }
  return changed ? { doc: s.doc, layout } : s;
}

export function setDocument(s: Snapshot, doc: PipelineDocument): Snapshot {
  return { doc: tidyDocument(doc), layout: s.layout };
}

/** What a copy holds: the copied steps, their positions and the edges among them. */
export interface Clip {
  steps: Record<string, StepDefinition>;
  layout: Layout;
}

/** Copies steps; inputs that come from steps outside the copy are left out. */
export function copySteps(s: Snapshot, names: readonly string[]): Clip | null {
  const chosen = names.filter((n) => s.doc.steps[n]);
  if (chosen.length === 0) return null;
  const set = new Set(chosen);
  const steps: Record<string, StepDefinition> = {};
  const layout: Layout = {};
  for (const name of chosen) {
    const definition = s.doc.steps[name];
    const inputs = Object.fromEntries(
      Object.entries(definition.inputs ?? {}).filter(([, ref]) => set.has(parseRef(ref)?.step ?? '')),
    );
    steps[name] = tidyStep({ ...definition, inputs });
    if (s.layout[name]) layout[name] = s.layout[name];
  }
  return { steps: structuredClone(steps), layout: structuredClone(layout) };
}

/** Pastes copied steps under new names, offset, with the edges among them. */
export function pasteSteps(s: Snapshot, clip: Clip, offset: Position = { x: 40, y: 40 }): { snapshot: Snapshot; names: string[] } {
  const taken = new Set(Object.keys(s.doc.steps));
  const renames = new Map<string, string>();
  for (const name of Object.keys(clip.steps)) {
    const fresh = copyName(name, taken);
    taken.add(fresh);
    renames.set(name, fresh);
  }
  const steps = { ...s.doc.steps };
  const layout = { ...s.layout };
  let index = 0;
  for (const [name, definition] of Object.entries(clip.steps)) {
    const fresh = renames.get(name) as string;
    const inputs = Object.fromEntries(
      Object.entries(definition.inputs ?? {}).flatMap(([port, ref]) => {
        const parsed = parseRef(ref);
        const target = parsed ? renames.get(parsed.step) : undefined;
        return parsed && target ? [[port, formatRef(target, parsed.port)]] : [];
      }),
    );
    steps[fresh] = reorderStep(tidyStep({ ...structuredClone(definition), inputs }));
    const at = clip.layout[name] ?? { x: 40 + index * 30, y: 40 + index * 30 };
    layout[fresh] = { x: at.x + offset.x, y: at.y + offset.y };
    index++;
  }
  return { snapshot: { doc: { ...s.doc, steps }, layout }, names: [...renames.values()] };
}
