// Automatic left-to-right layout with dagre.
import dagre from '@dagrejs/dagre';
import type { Layout } from '../api/types';
import type { Catalog } from './catalog';
import { parseRef, type PipelineDocument } from './document';
import { estimateSize, referencedOutputs, stepPorts } from './graph';

export type SizeOf = (step: string) => { width: number; height: number } | undefined;

export function autoLayout(doc: PipelineDocument, catalog: Catalog, sizeOf?: SizeOf): Layout {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 36, ranksep: 90, marginx: 24, marginy: 24 });
  g.setDefaultEdgeLabel(() => ({}));
  const used = referencedOutputs(doc);
  const sizes = new Map<string, { width: number; height: number }>();
  for (const [step, definition] of Object.entries(doc.steps)) {
    const size = sizeOf?.(step) ?? estimateSize(stepPorts(definition, catalog.resolve(definition.component), used.get(step)));
    sizes.set(step, size);
    g.setNode(step, { width: size.width, height: size.height });
  }
  for (const [step, definition] of Object.entries(doc.steps)) {
    for (const ref of Object.values(definition.inputs ?? {})) {
      const source = parseRef(ref)?.step;
      if (source && doc.steps[source] && source !== step) g.setEdge(source, step);
    }
  }
  dagre.layout(g);
  const layout: Layout = {};
  for (const step of Object.keys(doc.steps)) {
    const node = g.node(step) as { x?: number; y?: number } | undefined;
    const size = sizes.get(step) ?? { width: 0, height: 0 };
    layout[step] = {
      x: Math.round((node?.x ?? 0) - size.width / 2),
      y: Math.round((node?.y ?? 0) - size.height / 2),
    };
  }
  return layout;
}

/** The saved layout when it places every step, else a fresh one that keeps the saved positions. */
export function layoutFor(doc: PipelineDocument, catalog: Catalog, saved: Layout | null | undefined): Layout {
  const steps = Object.keys(doc.steps);
  if (saved && steps.every((s) => saved[s])) {
    return Object.fromEntries(steps.map((s) => [s, { x: saved[s].x, y: saved[s].y }]));
  }
  const fresh = autoLayout(doc, catalog);
  if (!saved) return fresh;
  return Object.fromEntries(steps.map((s) => [s, saved[s] ? { x: saved[s].x, y: saved[s].y } : fresh[s]]));
}
