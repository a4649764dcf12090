import { useCallback, useMemo, useRef, useState } from 'react';
import type { NodeChange } from '@xyflow/react';
import type { Layout } from '../api/types';
import type { Catalog } from '../model/catalog';
import type { PipelineDocument } from '../model/document';
import { EdgeCache, NodeCache, type DiffMark, type PipelineEdge, type StepNode } from '../model/graph';

type Size = { width: number; height: number };

export interface CanvasGraph {
  nodes: StepNode[];
  edges: PipelineEdge[];
  /** Records the sizes React Flow measured, so rebuilt nodes keep them (no re-measuring). */
  onDimensions: (changes: NodeChange<StepNode>[]) => void;
  sizeOf: (step: string) => Size | undefined;
}

/**
 * The canvas's nodes and edges, derived from the document and the layout. Node and edge objects
 * of unchanged steps are reused, so a change to one step re-renders one node.
 */
export function useCanvasGraph(
  doc: PipelineDocument,
  layout: Layout,
  catalog: Catalog,
  options: {
    errorSteps?: ReadonlySet<string>;
    selectedSteps?: ReadonlySet<string>;
    selectedEdges?: ReadonlySet<string>;
    diff?: ReadonlyMap<string, DiffMark>;
  } = {},
): CanvasGraph {
  const nodeCache = useRef(new NodeCache());
  const edgeCache = useRef(new EdgeCache());
  const [sizes, setSizes] = useState<ReadonlyMap<string, Size>>(() => new Map());
  const { errorSteps, selectedSteps, selectedEdges, diff } = options;

  const nodes = useMemo(
    () => nodeCache.current.build(doc, layout, catalog, { errorSteps, selected: selectedSteps, diff, sizes }),
    [doc, layout, catalog, errorSteps, selectedSteps, diff, sizes],
  );
  const edges = useMemo(() => edgeCache.current.build(doc, catalog, selectedEdges), [doc, catalog, selectedEdges]);

  const onDimensions = useCallback((changes: NodeChange<StepNode>[]) => {
    const measured = changes.filter(
      (c): c is Extract<NodeChange<StepNode>, { type: 'dimensions' }> => c.type === 'dimensions' && !!c.dimensions,
    );
    if (measured.length === 0) return;
    setSizes((prev) => {
      let next: Map<string, Size> | null = null;
      for (const change of measured) {
        const d = change.dimensions as Size;
        const old = prev.get(change.id);
        if (old && old.width === d.width && old.height === d.height) continue;
        next ??= new Map(prev);
        next.set(change.id, { width: d.width, height: d.height });
      }
      return next ?? prev;
    });
  }, []);

  const sizesRef = useRef(sizes);
  sizesRef.current = sizes;
  const sizeOf = useCallback((step: string) => sizesRef.current.get(step), []);

  return { nodes, edges, onDimensions, sizeOf };
}
