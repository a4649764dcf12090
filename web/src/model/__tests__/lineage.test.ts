import { describe, expect, it } from 'vitest';
import { layoutLineage } from '../../components/lineage/lineageLayout';
import type { LineageGraph } from '../../api/models';

const node = (id: string) => ({ id, kind: 'artifact' as const, label: id, details: {} });

describe('layoutLineage', () => {
  it('puts each node one column right of the furthest node it comes from, raw data first', () => {
    // file -> load -> table -> split -> train table -> train -> model -> version; file also read by a second step.
    const graph: LineageGraph = {
      root: 'version',
      nodes: ['version', 'model', 'train', 'trainTable', 'split', 'table', 'load', 'file', 'other'].map(node),
      edges: [
        { from: 'model', to: 'version', label: 'registered' },
        { from: 'train', to: 'model', label: 'model' },
        { from: 'trainTable', to: 'train', label: 'table' },
        { from: 'split', to: 'trainTable', label: 'train' },
        { from: 'table', to: 'split', label: 'table' },
        { from: 'load', to: 'table', label: 'table' },
        { from: 'file', to: 'load', label: 'params.path' },
        { from: 'file', to: 'other', label: 'params.path' },
      ],
    };
    const placed = Object.fromEntries(layoutLineage(graph, 100, 10).map((p) => [p.id, p]));
    expect(['file', 'load', 'table', 'split', 'trainTable', 'train', 'model', 'version'].map((id) => placed[id].x)).toEqual([0, 100, 200, 300, 400, 500, 600, 700]);
    expect(placed.other).toEqual({ id: 'other', x: 100, y: 10 });
    expect(placed.load.y).toBe(0);
  });

  it('does not loop on a cycle', () => {
    const graph: LineageGraph = { root: 'a', nodes: [node('a'), node('b')], edges: [{ from: 'a', to: 'b', label: '' }, { from: 'b', to: 'a', label: '' }] };
    expect(layoutLineage(graph)).toHaveLength(2);
  });
});
