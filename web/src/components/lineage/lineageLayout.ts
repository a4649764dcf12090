import type { LineageGraph } from '../../api/models';

export interface Placed {
  id: string;
  x: number;
  y: number;
}

/**
 * Columns by longest path from the graph's sources (upstream on the left), rows in the order nodes were found:
 * a lineage graph reads left to right from raw data to the model.
 */
export function layoutLineage(graph: LineageGraph, columnWidth = 280, rowHeight = 120): Placed[] {
  const incoming = new Map<string, string[]>();
  for (const node of graph.nodes) incoming.set(node.id, []);
  for (const edge of graph.edges) incoming.get(edge.to)?.push(edge.from);
  const column = new Map<string, number>();
  const visiting = new Set<string>();
  const columnOf = (id: string): number => {
    const known = column.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const before = incoming.get(id) ?? [];
    const value = before.length === 0 ? 0 : Math.max(...before.map(columnOf)) + 1;
    visiting.delete(id);
    column.set(id, value);
    return value;
  };
  const rows = new Map<number, number>();
  return graph.nodes.map((node) => {
    const c = columnOf(node.id);
    const r = rows.get(c) ?? 0;
    rows.set(c, r + 1);
    return { id: node.id, x: c * columnWidth, y: r * rowHeight };
  });
}
