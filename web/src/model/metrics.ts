import type { MetricValue, Run } from '../api/types';

const PREFERRED = ['auc', 'accuracy', 'macro_accuracy', 'micro_accuracy', 'f1', 'r2', 'rmse', 'mae', 'ndcg@10', 'log_loss'];

/** The run's metrics as "output.metric" → value (or just "metric" when there is one output). */
export function flattenMetrics(run: Run): Map<string, MetricValue> {
  const out = new Map<string, MetricValue>();
  const outputs = Object.entries(run.metrics ?? {});
  for (const [output, metrics] of outputs) {
    for (const [name, value] of Object.entries(metrics ?? {})) {
      out.set(outputs.length === 1 ? name : `${output}.${name}`, value);
    }
  }
  return out;
}

/** Up to `count` headline metrics of a run, the well-known ones first. */
export function mainMetrics(run: Run, count = 3): [string, MetricValue][] {
  const all = [...flattenMetrics(run).entries()];
  const rank = (key: string) => {
    const name = key.slice(key.lastIndexOf('.') + 1);
    const i = PREFERRED.indexOf(name);
    return i < 0 ? PREFERRED.length : i;
  };
  return all
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => rank(a.entry[0]) - rank(b.entry[0]) || a.index - b.index)
    .slice(0, count)
    .map((x) => x.entry);
}
