import { describe, expect, it } from 'vitest';
import { documentToGraph, graphToDocument, NodeCache } from '../graph';
import { normalizeDocument } from '../document';
import { autoLayout } from '../layout';
import { catalog, churn } from './fixtures';

describe('document <-> graph', () => {
  it('round-trips the churn pipeline', () => {
    const doc = churn();
    const layout = autoLayout(doc, catalog);
    const { nodes, edges } = documentToGraph(doc, layout, catalog);
    expect(nodes.map((n) => n.id)).toEqual(['load', 'split', 'train', 'evaluate']);
    expect(edges).toHaveLength(4);
    const evaluateModel = edges.find((e) => e.target === 'evaluate' && e.targetHandle === 'in-model');
    expect(evaluateModel).toMatchObject({ source: 'train', sourceHandle: 'out-model', data: { portType: 'model' } });

    const { steps: _steps, ...base } = doc;
    void _steps;
    const back = graphToDocument(nodes, edges, base);
    expect(back.doc).toEqual(doc);
    expect(back.layout).toEqual(layout);
  });

  it('gives nodes the manifest ports, with optional inputs marked', () => {
    const { nodes } = documentToGraph(churn(), {}, catalog);
    const train = nodes.find((n) => n.id === 'train');
    expect(train?.data.inputs).toEqual([
      { name: 'table', type: 'table', optional: false, description: '' },
      { name: 'transform', type: 'model', optional: true, description: '' },
    ]);
    expect(train?.data.outputs.map((p) => p.name)).toEqual(['model']);
  });

  it('reuses node objects of unchanged steps', () => {
    const cache = new NodeCache();
    const doc = churn();
    const layout = autoLayout(doc, catalog);
    const first = cache.build(doc, layout, catalog);
    const changed = { ...doc, steps: { ...doc.steps, train: { ...doc.steps.train, params: { label: 'churn' } } } };
    const second = cache.build(changed, layout, catalog);
    expect(second[0]).toBe(first[0]);
    expect(second[2]).not.toBe(first[2]);
  });

  it('normalizes documents read from the server', () => {
    const doc = normalizeDocument({ apiVersion: 'loom/v1', kind: 'Pipeline', name: 'x', steps: { a: { component: 'data.read-csv@1', inputs: {}, params: {} } } }, 'y');
    expect(doc).toEqual({ apiVersion: 'loom/v1', kind: 'Pipeline', name: 'x', steps: { a: { component: 'data.read-csv@1' } } });
  });
});
