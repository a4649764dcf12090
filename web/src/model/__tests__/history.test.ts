import { describe, expect, it } from 'vitest';
import { beginTransient, commit, createHistory, endTransient, redo, transient, undo, type Snapshot } from '../history';
import { parseValue } from '../params';
import { churn } from './fixtures';

const snap = (n: number): Snapshot => ({ doc: { ...churn(), seed: n }, layout: {} });

describe('history', () => {
  it('undoes and redoes', () => {
    let h = createHistory(snap(0));
    h = commit(h, snap(1));
    h = commit(h, snap(2));
    h = undo(h);
    expect(h.present.doc.seed).toBe(1);
    h = redo(h);
    expect(h.present.doc.seed).toBe(2);
    h = undo(undo(h));
    h = commit(h, snap(9));
    expect(h.future).toHaveLength(0);
  });

  it('coalesces typing in one field into one entry', () => {
    let h = createHistory(snap(0));
    h = commit(h, snap(1), 'param:a', 1000);
    h = commit(h, snap(2), 'param:a', 1100);
    h = commit(h, snap(3), 'param:a', 1200);
    expect(h.past).toHaveLength(1);
    expect(undo(h).present.doc.seed).toBe(0);
  });

  it('records a drag as one entry', () => {
    let h = beginTransient(createHistory(snap(0)));
    h = transient(h, snap(1));
    h = transient(h, snap(2));
    h = endTransient(h);
    expect(h.past).toHaveLength(1);
    expect(undo(h).present.doc.seed).toBe(0);
  });
});

describe('parameter values', () => {
  it('parses by type and checks ranges', () => {
    expect(parseValue('', 'number')).toEqual({ value: undefined, error: null });
    expect(parseValue('0.3', 'number', { min: 0.01, max: 0.99 })).toEqual({ value: 0.3, error: null });
    expect(parseValue('1.5', 'number', { min: 0.01, max: 0.99 }).error).toMatch(/at most 0.99/);
    expect(parseValue('abc', 'number').error).toMatch(/Not a number/);
    expect(parseValue('2.5', 'integer').error).toMatch(/whole number/);
    expect(parseValue('${params.test_fraction}', 'number')).toEqual({ value: '${params.test_fraction}', error: null });
    expect(parseValue('id, date', 'list')).toEqual({ value: ['id', 'date'], error: null });
    expect(parseValue('true', 'boolean')).toEqual({ value: true, error: null });
  });
});
