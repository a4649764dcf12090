import { useMemo } from 'react';
import { Background, Controls, MarkerType, Position, ReactFlow, type Edge, type Node } from '@xyflow/react';
import type { LineageGraph } from '../../api/models';
import { href } from '../../router';
import { layoutLineage } from './lineageLayout';

/** Where a node leads: an artifact to what used it, a step to its run, a model version to its model. */
function linkOf(node: LineageGraph['nodes'][number]): { to: string; text: string } | null {
  if (node.kind === 'artifact' && node.details.sha256) return { to: href.artifact(node.details.sha256), text: 'used by →' };
  const step = /^step:([^/]+)\//.exec(node.id);
  if (step) return { to: href.run(step[1]), text: 'run →' };
  const model = /^model:(.+)@(\d+)$/.exec(node.id);
  if (model) return { to: href.model(model[1], Number(model[2])), text: 'model →' };
  return null;
}

/** A lineage graph, read-only: raw data on the left, the model on the right; each node with what is known of it and a link onward. */
export function LineageView({ graph }: { graph: LineageGraph }) {
  const { nodes, edges } = useMemo(() => {
    const placed = new Map(layoutLineage(graph).map((p) => [p.id, p]));
    const nodes: Node[] = graph.nodes.map((n) => {
      const link = n.id === graph.root ? null : linkOf(n);
      return {
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
            {link ? <a className="lineage-link nodrag" href={link.to}>{link.text}</a> : null}
          </div>
        ),
      },
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
      draggable: false,
      connectable: false,
      className: n.id === graph.root ? 'lineage-root' : undefined,
      };
    });
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
