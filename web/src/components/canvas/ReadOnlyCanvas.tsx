import { useCallback, useMemo, useState } from 'react';
import { ReactFlowProvider, type NodeChange } from '@xyflow/react';
import type { Layout } from '../../api/types';
import type { Catalog } from '../../model/catalog';
import type { PipelineDocument } from '../../model/document';
import type { DiffMark, StepNode } from '../../model/graph';
import { layoutFor } from '../../model/layout';
import type { RunStore } from '../../model/runStore';
import { useCanvasGraph } from '../../hooks/useCanvasGraph';
import { FlowCanvas } from './FlowCanvas';

interface ReadOnlyCanvasProps {
  doc: PipelineDocument;
  layout?: Layout | null;
  catalog: Catalog;
  diff?: ReadonlyMap<string, DiffMark>;
  runStore?: RunStore | null;
  selected?: string | null;
  onSelect?: (step: string | null) => void;
  testId?: string;
  ariaLabel?: string;
}

function Inner({ doc, layout, catalog, diff, runStore, selected, onSelect, testId, ariaLabel }: ReadOnlyCanvasProps) {
  const positions = useMemo(() => layoutFor(doc, catalog, layout), [doc, catalog, layout]);
  const selectedSteps = useMemo(() => new Set(selected ? [selected] : []), [selected]);
  const graph = useCanvasGraph(doc, positions, catalog, { diff, selectedSteps });
  const { onDimensions } = graph;
  const onNodesChange = useCallback((changes: NodeChange<StepNode>[]) => onDimensions(changes), [onDimensions]);
  const onNodeClick = useCallback((step: string) => onSelect?.(step), [onSelect]);
  const onPaneClick = useCallback(() => onSelect?.(null), [onSelect]);
  return (
    <FlowCanvas
      nodes={graph.nodes}
      edges={graph.edges}
      readOnly
      runStore={runStore}
      onNodesChange={onNodesChange}
      onNodeClick={onNodeClick}
      onPaneClick={onPaneClick}
      testId={testId}
      ariaLabel={ariaLabel}
    />
  );
}

/** A pipeline drawn without editing: for versions, diffs and runs. */
export function ReadOnlyCanvas(props: ReadOnlyCanvasProps) {
  return (
    <ReactFlowProvider>
      <Inner {...props} />
    </ReactFlowProvider>
  );
}

/** Selection state for a read-only canvas. */
export function useCanvasSelection(): [string | null, (step: string | null) => void] {
  const [selected, setSelected] = useState<string | null>(null);
  return [selected, setSelected];
}
