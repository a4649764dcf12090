import type { MetricsDocument } from '../../api/types';
import { formatMetric } from '../../model/format';
import { ConfusionMatrix } from './ConfusionMatrix';
import { CurvePlot } from './CurvePlot';

function curveTitle(name: string): string {
  if (name === 'roc') return 'ROC curve';
  if (name === 'precision_recall') return 'Precision-recall curve';
  return name.replace(/_/g, ' ');
}

/** A metrics document: the metrics table, the curves and the confusion matrix. */
export function MetricsView({ metrics }: { metrics: MetricsDocument }) {
  const entries = Object.entries(metrics.metrics ?? {});
  const curves = metrics.curves ?? [];
  const roc = curves.find((c) => c.name === 'roc');
  const pr = curves.find((c) => c.name === 'precision_recall' || c.name === 'pr');
  const others = curves.filter((c) => c !== roc && c !== pr);
  return (
    <div className="stack-lg" data-testid="metrics-view">
      <div className="small muted">
        {metrics.task ? <>task <strong>{metrics.task}</strong></> : null}
        {typeof metrics.rows === 'number' ? <> · {metrics.rows} rows</> : null}
      </div>
      <table className="table table-compact" data-testid="metrics-table">
        <thead>
          <tr>
            <th scope="col">metric</th>
            <th scope="col" className="num">value</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([name, value]) => (
            <tr key={name}>
              <th scope="row" className="mono" style={{ background: 'none', position: 'static' }}>{name}</th>
              <td className="num mono" data-testid={`metric-${name}`}>{formatMetric(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {roc ? <CurvePlot curve={roc} title={curveTitle('roc')} diagonal testId="roc-plot" /> : null}
      {pr ? <CurvePlot curve={pr} title={curveTitle('precision_recall')} testId="pr-plot" /> : null}
      {metrics.confusion_matrix ? (
        <ConfusionMatrix classes={metrics.confusion_matrix.classes} counts={metrics.confusion_matrix.counts} />
      ) : null}
      {others.map((c) => <CurvePlot key={c.name} curve={c} title={curveTitle(c.name)} testId={`curve-${c.name}`} />)}
    </div>
  );
}
