import { describe, expect, it } from 'vitest';
import { connectionProblem, endsOf } from '../connection';
import { connect, removeElements, renameStep } from '../operations';
import { catalog, churn } from './fixtures';

describe('connection checks', () => {
  it('accepts an output into an input of the same type', () => {
    expect(connectionProblem(churn(), catalog, { source: 'split', sourcePort: 'train', target: 'evaluate', targetPort: 'table' })).toBeNull();
  });

  it('refuses different types, saying why', () => {
    expect(connectionProblem(churn(), catalog, { source: 'split', sourcePort: 'train', target: 'evaluate', targetPort: 'model' })).toBe(
      'Cannot connect split.train (table) to evaluate.model (model): types differ',
    );
  });

  it('refuses a step reading itself and cycles', () => {
    expect(connectionProblem(churn(), catalog, { source: 'split', sourcePort: 'train', target: 'split', targetPort: 'table' })).toMatch(/its own output/);
    // load feeds split, which feeds train and evaluate: evaluate feeding load closes a loop.
    expect(connectionProblem(churn(), catalog, { source: 'evaluate', sourcePort: 'metrics', target: 'load', targetPort: 'table' })).toMatch(/cycle/);
    expect(connectionProblem(churn(), catalog, { source: 'train', sourcePort: 'model', target: 'split', targetPort: 'table' })).toMatch(/types differ/);
  });

  it('reads the ends of a React Flow connection from handle ids', () => {
    expect(endsOf({ source: 'a', sourceHandle: 'out-table', target: 'b', targetHandle: 'in-table' })).toEqual({
      source: 'a', sourcePort: 'table', target: 'b', targetPort: 'table',
    });
    expect(endsOf({ source: 'a', sourceHandle: 'in-table', target: 'b', targetHandle: 'in-table' })).toBeNull();
  });

  it('replaces the edge of an input that is already bound', () => {
    const s = connect({ doc: churn(), layout: {} }, { source: 'split', sourcePort: 'train', target: 'evaluate', targetPort: 'table' });
    expect(s.doc.steps.evaluate.inputs).toEqual({ model: 'train.model', table: 'split.train' });
  });

  it('removes the references to deleted steps, and renames references', () => {
    const removed = removeElements({ doc: churn(), layout: {} }, ['train'], []);
    expect(removed.doc.steps.evaluate.inputs).toEqual({ table: 'split.test' });
    expect(removed.doc.outputs).toEqual({ metrics: 'evaluate.metrics' });
    const renamed = renameStep({ doc: churn(), layout: { split: { x: 1, y: 2 } } }, 'split', 'divide');
    expect(Object.keys(renamed.doc.steps)).toEqual(['load', 'divide', 'train', 'evaluate']);
    expect(renamed.doc.steps.train.inputs).toEqual({ table: 'divide.train' });
    expect(renamed.layout).toEqual({ divide: { x: 1, y: 2 } });
  });
});
