import { useCallback, type DragEvent, type ReactNode } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeChange,
  type NodeMouseHandler,
  type OnDelete,
  type OnNodeDrag,
} from '@xyflow/react';
import { endsOf, type ConnectionEnds } from '../../model/connection';
import type { PipelineEdge, StepNode } from '../../model/graph';
import type { RunStore } from '../../model/runStore';
import { RunStoreContext } from '../../hooks/useRun';
import { nodeTypes } from './StepNodeView';
import { COMPONENT_DRAG_TYPE } from '../palette/Palette';

export interface FlowCanvasProps {
  nodes: StepNode[];
  edges: PipelineEdge[];
  readOnly?: boolean;
  runStore?: RunStore | null;
  onNodesChange?: (changes: NodeChange<StepNode>[]) => void;
  onEdgesChange?: (changes: EdgeChange<PipelineEdge>[]) => void;
  /** Why a connection is refused, or null. */
  connectionProblem?: (ends: ConnectionEnds) => string | null;
  onConnect?: (ends: ConnectionEnds) => void;
  onRefused?: (reason: string) => void;
  onDelete?: (steps: string[], edges: { target: string; port: string }[]) => void;
  onDropComponent?: (name: string, clientPosition: { x: number; y: number }) => void;
  onNodeDragStart?: () => void;
  onNodeDragStop?: () => void;
  onNodeClick?: (step: string) => void;
  onPaneClick?: () => void;
  children?: ReactNode;
  testId?: string;
  ariaLabel?: string;
}

const DELETE_KEYS = ['Delete', 'Backspace'];
const MULTI_KEYS = ['Meta', 'Control', 'Shift'];
const FIT_OPTIONS = { padding: 0.15, maxZoom: 1.2 };
const PRO_OPTIONS = { hideAttribution: true };

function minimapColor(node: StepNode): string {
  if (node.data.hasError) return '#c0392b';
  if (node.data.diff === 'added') return '#1e8449';
  if (node.data.diff === 'changed') return '#d99a1e';
  return '#9aa6b6';
}

/** The React Flow canvas with Loom's node type, minimap, controls and background. */
export function FlowCanvas(props: FlowCanvasProps) {
  const {
    nodes, edges, readOnly = false, runStore = null, onNodesChange, onEdgesChange, connectionProblem, onConnect,
    onRefused, onDelete, onDropComponent, onNodeDragStart, onNodeDragStop, onNodeClick, onPaneClick, children, testId,
    ariaLabel,
  } = props;

  const isValidConnection: IsValidConnection<PipelineEdge> = useCallback(
    (connection) => {
      const ends = endsOf(connection);
      if (!ends) return false;
      return connectionProblem ? connectionProblem(ends) === null : true;
    },
    [connectionProblem],
  );

  const handleConnect = useCallback(
    (connection: Connection) => {
      const ends = endsOf(connection);
      if (ends) onConnect?.(ends);
    },
    [onConnect],
  );

  // A drop on a handle that isValidConnection refused: say why.
  const handleConnectEnd = useCallback(
    (_event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid !== false || !state.fromHandle || !state.toHandle) return;
      const from = state.fromHandle;
      const to = state.toHandle;
      const sourceFirst = from.type === 'source';
      const ends = endsOf({
        source: sourceFirst ? from.nodeId : to.nodeId,
        sourceHandle: sourceFirst ? from.id : to.id,
        target: sourceFirst ? to.nodeId : from.nodeId,
        targetHandle: sourceFirst ? to.id : from.id,
      });
      if (!ends) {
        onRefused?.(from.type === to.type
          ? `Cannot connect two ${from.type === 'source' ? 'outputs' : 'inputs'}: connect an output (right) to an input (left)`
          : 'Cannot connect these ports');
        return;
      }
      const reason = connectionProblem?.(ends);
      if (reason) onRefused?.(reason);
    },
    [connectionProblem, onRefused],
  );

  const handleDelete: OnDelete<StepNode, PipelineEdge> = useCallback(
    ({ nodes: removedNodes, edges: removedEdges }) => {
      onDelete?.(
        removedNodes.map((n) => n.id),
        removedEdges.map((e) => ({ target: e.target, port: e.data?.targetPort ?? (e.targetHandle ?? '').replace(/^in-/, '') })),
      );
    },
    [onDelete],
  );

  const onDragOver = useCallback((event: DragEvent<HTMLDivElement>) => {
    if (!event.dataTransfer.types.includes(COMPONENT_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent<HTMLDivElement>) => {
      const name = event.dataTransfer.getData(COMPONENT_DRAG_TYPE);
      if (!name) return;
      event.preventDefault();
      onDropComponent?.(name, { x: event.clientX, y: event.clientY });
    },
    [onDropComponent],
  );

  const handleNodeClick: NodeMouseHandler<StepNode> = useCallback((_e, node) => onNodeClick?.(node.id), [onNodeClick]);
  const handleDragStart: OnNodeDrag<StepNode> = useCallback(() => onNodeDragStart?.(), [onNodeDragStart]);
  const handleDragStop: OnNodeDrag<StepNode> = useCallback(() => onNodeDragStop?.(), [onNodeDragStop]);

  return (
    <RunStoreContext.Provider value={runStore}>
      <div className="canvas-wrap" data-testid={testId ?? 'canvas'} aria-label={ariaLabel ?? 'Pipeline canvas'} role="region">
        <ReactFlow<StepNode, PipelineEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={readOnly ? undefined : handleConnect}
          onConnectEnd={readOnly ? undefined : handleConnectEnd}
          isValidConnection={isValidConnection}
          onDelete={readOnly ? undefined : handleDelete}
          onNodeClick={handleNodeClick}
          onPaneClick={onPaneClick}
          onNodeDragStart={handleDragStart}
          onNodeDragStop={handleDragStop}
          onDragOver={readOnly ? undefined : onDragOver}
          onDrop={readOnly ? undefined : onDrop}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          edgesFocusable={!readOnly}
          elementsSelectable
          deleteKeyCode={readOnly ? null : DELETE_KEYS}
          multiSelectionKeyCode={MULTI_KEYS}
          fitView
          fitViewOptions={FIT_OPTIONS}
          minZoom={0.1}
          maxZoom={2}
          proOptions={PRO_OPTIONS}
        >
          <Background variant={BackgroundVariant.Dots} gap={18} size={1} />
          <Controls showInteractive={false} aria-label="Zoom controls" />
          <MiniMap<StepNode> pannable zoomable nodeColor={minimapColor} ariaLabel="Mini map" />
          {children}
        </ReactFlow>
      </div>
    </RunStoreContext.Provider>
  );
}
