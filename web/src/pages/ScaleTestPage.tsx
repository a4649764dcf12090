import { getScaleTest, scaleReportUrl } from '../api/scaleTests';
import { useAsync } from '../hooks/useAsync';
import { href } from '../router';
import { ErrorAlert } from '../components/ui/ErrorAlert';

/** One scale test: what failed, and its report page (SLA, growth, charts, accuracy, stability, every step). */
export function ScaleTestPage({ id }: { id: string }) {
  const { data, error } = useAsync(() => getScaleTest(id), [id]);
  return (
    <div className="page">
      <div className="page-inner">
        <div className="page-header">
          <h1>
            <a href={href.scaleTests()}>Scale tests</a> / {id}
          </h1>
        </div>
        <ErrorAlert error={error} />
        {data ? (
          <div className="panel" data-testid="scale-test-summary">
            <p>
              <span className={`badge badge-${data.passed ? 'succeeded' : 'failed'}`}>{data.passed ? 'passed' : 'failed'}</span> — {data.pipeline}, {data.machine}
            </p>
            {data.problems.length > 0 ? (
              <ul>
                {data.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            ) : null}
            <p>
              <a href={scaleReportUrl(id)} target="_blank" rel="noreferrer">Open the report on its own page</a>
            </p>
          </div>
        ) : null}
        {data ? <iframe className="report-frame" title={`Scale test ${id}`} data-testid="scale-report" src={scaleReportUrl(id)} /> : null}
      </div>
    </div>
  );
}
