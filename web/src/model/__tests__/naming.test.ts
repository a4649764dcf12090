import { describe, expect, it } from 'vitest';
import { baseStepName, copyName, stepNameProblem, uniqueName } from '../naming';
import { addStep, copySteps, pasteSteps } from '../operations';
import { catalog, churn } from './fixtures';
import { referenceFor } from '../catalog';

describe('step naming', () => {
  it('names a step after the last segment of the component, with _ for -', () => {
    expect(baseStepName('data.read-csv')).toBe('read_csv');
    expect(baseStepName('train.lightgbm-binary')).toBe('lightgbm_binary');
    expect(baseStepName('score')).toBe('score');
  });

  it('suffixes _2, _3 when the name is taken', () => {
    expect(uniqueName('split', new Set(['load']))).toBe('split');
    expect(uniqueName('split', new Set(['split']))).toBe('split_2');
    expect(uniqueName('split', new Set(['split', 'split_2']))).toBe('split_3');
    expect(copyName('train_2', new Set(['train', 'train_2']))).toBe('train_3');
  });

  it('checks the pattern and uniqueness of step names', () => {
    expect(stepNameProblem('train', new Set())).toBeNull();
    expect(stepNameProblem('Train', new Set())).toMatch(/lower-case/);
    expect(stepNameProblem('2train', new Set())).toMatch(/starting with a letter/);
    expect(stepNameProblem('a.b', new Set())).not.toBeNull();
    expect(stepNameProblem('train', new Set(['train']))).toMatch(/already/);
  });

  it('adds a dropped component as name@MAJOR under a free name', () => {
    const split = catalog.latest('data.split');
    expect(split?.version).toBe('2.1.0');
    expect(referenceFor(split!)).toBe('data.split@2');
    const { snapshot, step } = addStep({ doc: churn(), layout: {} }, split!, { x: 10.4, y: 20.6 });
    expect(step).toBe('split_2');
    expect(snapshot.doc.steps.split_2).toEqual({ component: 'data.split@2' });
    expect(snapshot.layout.split_2).toEqual({ x: 10, y: 21 });
  });

  it('pastes copies under new names, keeping the edges among them only', () => {
    const s = { doc: churn(), layout: { split: { x: 0, y: 0 }, train: { x: 100, y: 0 } } };
    const clip = copySteps(s, ['split', 'train'])!;
    const { snapshot, names } = pasteSteps(s, clip);
    expect(names).toEqual(['split_2', 'train_2']);
    expect(snapshot.doc.steps.split_2.inputs).toBeUndefined();
    expect(snapshot.doc.steps.train_2.inputs).toEqual({ table: 'split_2.train' });
    expect(snapshot.doc.steps.train_2.params).toEqual({ label: 'churn', positive: 'Yes' });
    expect(snapshot.layout.train_2).toEqual({ x: 140, y: 40 });
  });
});
