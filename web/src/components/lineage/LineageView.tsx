import { useMemo } from 'react';
import { Background, Controls, MarkerType, Position, ReactFlow, type Edge, type Node } from '@xyflow/react';
import type { LineageGraph } from '../../api/models';
import { layoutLineage } from './lineageLayout';

/** A lineage graph, read-only: raw data on the left, the model on the right; each node with what is known of it. */
export function LineageView({ graph }: { graph: LineageGraph }) {
  const { nodes, edges } = useMemo(() => {
    const placed = new Map(layoutLineage(graph).map((p) => [p.id, p]));
    const nodes: Node[] = graph.nodes.map((n) => ({
      id: n.id,
      position: { x: placed.get(n.id)?.x ?? 0, y: placed.get(n.id)?.y ?? 0 },
      data: {
        label: (
          <div className={`lineage-node lineage-${n.kind}`} data-testid={`lineage-node-${n.id}`} title={n.id}>
            <strong>{n.label}</strong>
            {Object.entries(n.details)
              .filter(([key, value]) => value && key !== 'sha256' && key !== 'run' && key !== 'registered_at')
              .map(([key, value]) => (
                <div key={key} className="lineage-detail">
                  {key}: <span className="mono">{value}</span>
                </div>
              ))}
          </div>
        ),
      },
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
      draggable: false,
      connectable: false,
      className: n.id === graph.root ? 'lineage-root' : undefined,
    }));
    const edges: Edge[] = graph.edges.map((e, i) => ({
      id: `e${i}`,
      source: e.from,
      target: e.to,
      label: e.label,
      markerEnd: { type: MarkerType.ArrowClosed },
    }));
    return { nodes, edges };
  }, [graph]);
  return (
    <div className="lineage-canvas" data-testid="lineage-graph" aria-label="Lineage graph">
      <ReactFlow nodes={nodes} edges={edges} fitView nodesConnectable={false} nodesDraggable={false} proOptions={{ hideAttribution: true }}>
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
