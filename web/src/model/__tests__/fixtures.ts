import type { ComponentList, ComponentManifest, PortManifest } from '../../api/types';
import { Catalog } from '../catalog';
import type { PipelineDocument } from '../document';

const port = (name: string, type: string, optional = false): PortManifest => ({ name, type, description: '', optional });

function manifest(name: string, category: string, inputs: PortManifest[], outputs: PortManifest[]): ComponentManifest {
  return { name, version: '1.0.0', category, description: `${name} does things`, inputs, outputs, parameters: [] };
}

export const components: ComponentList = {
  categories: ['data', 'train', 'evaluate'],
  items: [
    manifest('data.read-csv', 'data', [], [port('table', 'table')]),
    manifest('data.split', 'data', [port('table', 'table')], [port('train', 'table'), port('test', 'table')]),
    manifest('train.lightgbm-binary', 'train', [port('table', 'table'), port('transform', 'model', true)], [port('model', 'model')]),
    manifest('evaluate.binary', 'evaluate', [port('model', 'model'), port('table', 'table')], [port('metrics', 'metrics')]),
    { ...manifest('data.split', 'data', [port('table', 'table')], [port('train', 'table'), port('test', 'table')]), version: '2.1.0' },
  ],
};

export const catalog = new Catalog(components);

/** The telco-churn example of docs/pipelines.md. */
export function churn(): PipelineDocument {
  return {
    apiVersion: 'loom/v1',
    kind: 'Pipeline',
    name: 'telco-churn',
    description: 'Predicts which customers leave.',
    seed: 42,
    parameters: {
      data: { type: 'string', default: 'data/telco_churn.csv' },
      test_fraction: { type: 'number', default: 0.2 },
    },
    steps: {
      load: { component: 'data.read-csv@1', params: { path: '${params.data}' } },
      split: {
        component: 'data.split@1',
        inputs: { table: 'load.table' },
        params: { test_fraction: '${params.test_fraction}', stratify: 'churn', seed: 42 },
      },
      train: { component: 'train.lightgbm-binary@1', inputs: { table: 'split.train' }, params: { label: 'churn', positive: 'Yes' } },
      evaluate: { component: 'evaluate.binary@1', inputs: { model: 'train.model', table: 'split.test' }, timeout: '10m', retries: 1 },
    },
    outputs: { model: 'train.model', metrics: 'evaluate.metrics' },
  };
}
