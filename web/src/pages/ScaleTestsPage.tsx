import { listScaleTests, type ScaleReport } from '../api/scaleTests';
import { useAsync } from '../hooks/useAsync';
import { formatBytes, formatTime } from '../model/format';
import { href } from '../router';
import { ErrorAlert } from '../components/ui/ErrorAlert';
import { TableStatus } from '../components/ui/TableStatus';

/** The largest data size a scale test ran, as "x100: 34,400 rows, 12.3 s, 2,797 rows/s, 412 MB". */
export function largestText(report: ScaleReport): string {
  const s = report.scales[report.scales.length - 1];
  if (!s) return '';
  return `x${s.multiplier}: ${s.data_rows.toLocaleString('en-US')} rows, ${s.wall_seconds.toFixed(1)} s, ${Math.round(s.rows_per_second).toLocaleString('en-US')} rows/s, ${formatBytes(s.peak_resident_bytes)}`;
}

/** Scale tests kept in the workspace (loom scale-test, loom ci): verdict, sizes, the largest run. */
export function ScaleTestsPage() {
  const { data, error, loading } = useAsync(() => listScaleTests(), []);
  const items = data?.items ?? [];
  return (
    <div className="page">
      <div className="page-inner">
        <div className="page-header">
          <h1>Scale tests</h1>
        </div>
        <ErrorAlert error={error} />
        <div className="panel">
          <div className="table-wrap">
            <table className="table" data-testid="scale-tests-table" aria-label="Scale tests">
              <thead>
                <tr>
                  <th scope="col">Test</th>
                  <th scope="col">Pipeline</th>
                  <th scope="col">Verdict</th>
                  <th scope="col">Sizes</th>
                  <th scope="col">Largest run</th>
                  <th scope="col">Started</th>
                </tr>
              </thead>
              <tbody>
                <TableStatus columns={6} loading={loading && !data} empty={!loading && items.length === 0 && !error} emptyText="No scale test yet: 'loom scale-test PIPELINE --data-multiplier 1,10,100'." />
                {items.map((r) => (
                  <tr key={r.id} data-testid={`scale-test-${r.id}`}>
                    <td className="mono"><a href={href.scaleTest(r.id)}>{r.id}</a></td>
                    <td>{r.pipeline}</td>
                    <td><span className={`badge badge-${r.passed ? 'succeeded' : 'failed'}`}>{r.passed ? 'passed' : 'failed'}</span></td>
                    <td className="mono">{r.scales.map((s) => `x${s.multiplier}`).join(' ')}</td>
                    <td className="mono">{largestText(r)}</td>
                    <td className="nowrap">{formatTime(r.started_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}
