// Conversion between the pipeline document and the canvas's nodes and edges.
import type { Edge, Node } from '@xyflow/react';
import type { ComponentManifest, Layout, Position } from '../api/types';
import type { Catalog } from './catalog';
import { formatRef, parseRef, tidyStep, type PipelineDocument, type StepDefinition } from './document';

export interface PortView {
  name: string;
  /** table, model, metrics, report, file; "unknown" when the component is not known. */
  type: string;
  optional: boolean;
  description: string;
}

export type DiffMark = 'added' | 'changed';

export type StepNodeData = {
  step: string;
  definition: StepDefinition;
  manifest: ComponentManifest | undefined;
  inputs: PortView[];
  outputs: PortView[];
  hasError: boolean;
  diff?: DiffMark;
};

export type StepNode = Node<StepNodeData, 'step'>;

export type PortEdgeData = {
  sourcePort: string;
  targetPort: string;
  portType: string;
};

export type PipelineEdge = Edge<PortEdgeData>;

export const NODE_WIDTH = 240;

export function inputHandleId(port: string): string {
  return `in-${port}`;
}

export function outputHandleId(port: string): string {
  return `out-${port}`;
}

/** The port named by a handle id, or null when the id is not of the given side. */
export function portOfHandle(handleId: string | null | undefined, side: 'in' | 'out'): string | null {
  if (!handleId) return null;
  const prefix = `${side}-`;
  return handleId.startsWith(prefix) ? handleId.slice(prefix.length) : null;
}

export function edgeId(target: string, port: string): string {
  return `${target}:${port}`;
}

/** An estimate of a node's size before the canvas has measured it. */
export function estimateSize(data: Pick<StepNodeData, 'inputs' | 'outputs'>): { width: number; height: number } {
  return { width: NODE_WIDTH, height: 64 + 24 * Math.max(data.inputs.length, data.outputs.length, 1) };
}

const manifestPorts = new WeakMap<ComponentManifest, { inputs: PortView[]; outputs: PortView[] }>();

function portsOf(manifest: ComponentManifest): { inputs: PortView[]; outputs: PortView[] } {
  let ports = manifestPorts.get(manifest);
  if (!ports) {
    const view = (p: ComponentManifest['inputs'][number]): PortView => ({
      name: p.name,
      type: p.type,
      optional: !!p.optional,
      description: p.description ?? '',
    });
    ports = { inputs: manifest.inputs.map(view), outputs: manifest.outputs.map(view) };
    manifestPorts.set(manifest, ports);
  }
  return ports;
}

/** Output ports each step is read from, for steps whose component is unknown. */
export function referencedOutputs(doc: PipelineDocument): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (ref: string) => {
    const parsed = parseRef(ref);
    if (!parsed) return;
    const set = out.get(parsed.step) ?? new Set<string>();
    set.add(parsed.port);
    out.set(parsed.step, set);
  };
  for (const step of Object.values(doc.steps)) for (const ref of Object.values(step.inputs ?? {})) add(ref);
  for (const ref of Object.values(doc.outputs ?? {})) add(ref);
  return out;
}

/** A step's ports: the manifest's, or for an unknown component those the document uses. */
export function stepPorts(
  definition: StepDefinition,
  manifest: ComponentManifest | undefined,
  usedOutputs: ReadonlySet<string> | undefined,
): { inputs: PortView[]; outputs: PortView[] } {
  if (manifest) return portsOf(manifest);
  return {
    inputs: Object.keys(definition.inputs ?? {}).map((name) => ({ name, type: 'unknown', optional: false, description: '' })),
    outputs: [...(usedOutputs ?? [])].map((name) => ({ name, type: 'unknown', optional: false, description: '' })),
  };
}

export function outputType(doc: PipelineDocument, catalog: Catalog, step: string, port: string): string | undefined {
  const definition = doc.steps[step];
  if (!definition) return undefined;
  return catalog.resolve(definition.component)?.outputs.find((p) => p.name === port)?.type;
}

export function inputType(doc: PipelineDocument, catalog: Catalog, step: string, port: string): string | undefined {
  const definition = doc.steps[step];
  if (!definition) return undefined;
  return catalog.resolve(definition.component)?.inputs.find((p) => p.name === port)?.type;
}

export interface GraphOptions {
  errorSteps?: ReadonlySet<string>;
  selected?: ReadonlySet<string>;
  diff?: ReadonlyMap<string, DiffMark>;
  sizes?: ReadonlyMap<string, { width: number; height: number }>;
}

function samePorts(a: PortView[], b: PortView[]): boolean {
  return a === b || (a.length === b.length && a.every((p, i) => p.name === b[i].name && p.type === b[i].type));
}

/**
 * Builds the canvas's nodes from the document, reusing the node objects of steps that did not
 * change, so React Flow and the memoized node components skip them.
 */
export class NodeCache {
  private cache = new Map<string, StepNode>();

  build(doc: PipelineDocument, layout: Layout, catalog: Catalog, options: GraphOptions = {}): StepNode[] {
    const used = referencedOutputs(doc);
    const next = new Map<string, StepNode>();
    const nodes: StepNode[] = [];
    let index = 0;
    for (const [step, definition] of Object.entries(doc.steps)) {
      const manifest = catalog.resolve(definition.component);
      const prev = this.cache.get(step);
      const ports = stepPorts(definition, manifest, used.get(step));
      const inputs = prev && samePorts(prev.data.inputs, ports.inputs) ? prev.data.inputs : ports.inputs;
      const outputs = prev && samePorts(prev.data.outputs, ports.outputs) ? prev.data.outputs : ports.outputs;
      const position: Position = layout[step] ?? fallbackPosition(index);
      const hasError = options.errorSteps?.has(step) ?? false;
      const diff = options.diff?.get(step);
      const selected = options.selected?.has(step) ?? false;
      const size = options.sizes?.get(step);
      let node: StepNode;
      // The step's data is the same object when nothing it shows changed, so the memoized view skips it.
      const sameData = !!prev
        && prev.data.definition === definition
        && prev.data.manifest === manifest
        && prev.data.inputs === inputs
        && prev.data.outputs === outputs
        && prev.data.hasError === hasError
        && prev.data.diff === diff;
      if (
        prev
        && sameData
        && prev.position.x === position.x
        && prev.position.y === position.y
        && !!prev.selected === selected
        && prev.measured?.width === size?.width
        && prev.measured?.height === size?.height
      ) {
        node = prev;
      } else {
        const data: StepNodeData = prev && sameData ? prev.data : { step, definition, manifest, inputs, outputs, hasError, diff };
        node = {
          id: step,
          type: 'step',
          position: prev && prev.position.x === position.x && prev.position.y === position.y ? prev.position : position,
          data,
          selected,
          // A node whose ports changed is measured again (its handles moved).
          ...(size && prev && prev.data.inputs === inputs && prev.data.outputs === outputs ? { measured: size } : {}),
        };
      }
      next.set(step, node);
      nodes.push(node);
      index++;
    }
    this.cache = next;
    return nodes;
  }
}

function fallbackPosition(index: number): Position {
  return { x: 40 + (index % 4) * (NODE_WIDTH + 80), y: 40 + Math.floor(index / 4) * 180 };
}

/** Builds the edges from the steps' inputs, reusing unchanged edge objects. */
export class EdgeCache {
  private cache = new Map<string, PipelineEdge>();

  build(doc: PipelineDocument, catalog: Catalog, selected?: ReadonlySet<string>): PipelineEdge[] {
    const next = new Map<string, PipelineEdge>();
    const edges: PipelineEdge[] = [];
    for (const [target, definition] of Object.entries(doc.steps)) {
      for (const [port, ref] of Object.entries(definition.inputs ?? {})) {
        const from = parseRef(ref);
        if (!from || !doc.steps[from.step]) continue;
        const id = edgeId(target, port);
        const portType = outputType(doc, catalog, from.step, from.port) ?? inputType(doc, catalog, target, port) ?? 'unknown';
        const isSelected = selected?.has(id) ?? false;
        const prev = this.cache.get(id);
        let edge: PipelineEdge;
        if (
          prev
          && prev.source === from.step
          && prev.data?.sourcePort === from.port
          && prev.data?.portType === portType
          && !!prev.selected === isSelected
        ) {
          edge = prev;
        } else {
          edge = makeEdge(from.step, from.port, target, port, portType, isSelected);
        }
        next.set(id, edge);
        edges.push(edge);
      }
    }
    this.cache = next;
    return edges;
  }
}

function makeEdge(source: string, sourcePort: string, target: string, targetPort: string, portType: string, selected = false): PipelineEdge {
  return {
    id: edgeId(target, targetPort),
    source,
    sourceHandle: outputHandleId(sourcePort),
    target,
    targetHandle: inputHandleId(targetPort),
    className: `edge-${portType}`,
    selected,
    data: { sourcePort, targetPort, portType },
  };
}

/** The document's graph, without caching: for read-only views and tests. */
export function documentToGraph(
  doc: PipelineDocument,
  layout: Layout,
  catalog: Catalog,
  options: GraphOptions = {},
): { nodes: StepNode[]; edges: PipelineEdge[] } {
  return { nodes: new NodeCache().build(doc, layout, catalog, options), edges: new EdgeCache().build(doc, catalog) };
}

/** The document the graph shows: steps from the nodes (in order), inputs from the edges. */
export function graphToDocument(
  nodes: readonly StepNode[],
  edges: readonly PipelineEdge[],
  base: Omit<PipelineDocument, 'steps'>,
): { doc: PipelineDocument; layout: Layout } {
  const steps: Record<string, StepDefinition> = {};
  const layout: Layout = {};
  for (const node of nodes) {
    const { inputs: _ignored, ...rest } = node.data.definition;
    void _ignored;
    steps[node.id] = { ...rest };
    layout[node.id] = { x: node.position.x, y: node.position.y };
  }
  for (const edge of edges) {
    const step = steps[edge.target];
    const sourcePort = edge.data?.sourcePort ?? portOfHandle(edge.sourceHandle, 'out');
    const targetPort = edge.data?.targetPort ?? portOfHandle(edge.targetHandle, 'in');
    if (!step || !sourcePort || !targetPort) continue;
    step.inputs = { ...(step.inputs ?? {}), [targetPort]: formatRef(edge.source, sourcePort) };
  }
  // Keep the inputs' order as the document had it when possible.
  for (const node of nodes) {
    const original = node.data.definition.inputs;
    const built = steps[node.id].inputs;
    if (original && built) {
      const ordered: Record<string, string> = {};
      for (const key of Object.keys(original)) if (key in built) ordered[key] = built[key];
      for (const key of Object.keys(built)) if (!(key in ordered)) ordered[key] = built[key];
      steps[node.id].inputs = ordered;
    }
    steps[node.id] = reorderStep(tidyStep(steps[node.id]));
  }
  return { doc: { ...base, steps } as PipelineDocument, layout };
}

/** component, inputs, params, timeout, retries, memory, description: the order of a hand-written step. */
export function reorderStep(step: StepDefinition): StepDefinition {
  const out: StepDefinition = { component: step.component };
  if (step.inputs) out.inputs = step.inputs;
  if (step.params) out.params = step.params;
  if (step.timeout !== undefined) out.timeout = step.timeout;
  if (step.retries !== undefined) out.retries = step.retries;
  if (step.memory !== undefined) out.memory = step.memory;
  if (step.description !== undefined) out.description = step.description;
  return out;
}
