import { useEffect, useId, useMemo, useState } from 'react';
import { listPipelines } from '../api/pipelines';
import { listRuns } from '../api/runs';
import type { RunFilter, RunList } from '../api/types';
import { durationBetween, formatDuration, formatMetric, formatTime, shortId } from '../model/format';
import { mainMetrics } from '../model/metrics';
import { useAsync } from '../hooks/useAsync';
import { href, navigate } from '../router';
import { ErrorAlert } from '../components/ui/ErrorAlert';
import { StatusBadge } from '../components/ui/StatusBadge';
import { TableStatus } from '../components/ui/TableStatus';

const PAGE = 25;
const STATUSES = ['pending', 'running', 'succeeded', 'failed', 'cancelled'];

function dayStart(date: string): string | undefined {
  if (!date) return undefined;
  const d = new Date(`${date}T00:00:00`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function dayEnd(date: string): string | undefined {
  if (!date) return undefined;
  const d = new Date(`${date}T23:59:59.999`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Runs, filtered and paged; two can be picked and compared. */
export function RunsPage({ initialPipeline }: { initialPipeline: string | null }) {
  const id = useId();
  const [pipeline, setPipeline] = useState(initialPipeline ?? '');
  const [status, setStatus] = useState('');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [offset, setOffset] = useState(0);
  const [picked, setPicked] = useState<string[]>([]);
  const [tick, setTick] = useState(0);
  const pipelines = useAsync(() => listPipelines(), []);

  const filter: RunFilter = useMemo(
    () => ({
      pipeline: pipeline || undefined,
      status: status || undefined,
      since: dayStart(since),
      until: dayEnd(until),
      limit: PAGE,
      offset,
    }),
    [pipeline, status, since, until, offset],
  );

  const [state, setState] = useState<{ data: RunList | null; error: unknown; loading: boolean }>({ data: null, error: null, loading: true });
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    listRuns(filter, controller.signal).then(
      (data) => setState({ data, error: null, loading: false }),
      (error: unknown) => {
        if (!(error instanceof DOMException && error.name === 'AbortError')) setState({ data: null, error, loading: false });
      },
    );
    return () => controller.abort();
  }, [filter, tick]);

  // While runs are under way, the list refreshes itself.
  const active = state.data?.items.some((r) => r.status === 'running' || r.status === 'pending') ?? false;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setTick((t) => t + 1), 4000);
    return () => clearInterval(timer);
  }, [active]);

  const resetPage = () => setOffset(0);
  const items = state.data?.items ?? [];
  const total = state.data?.total ?? 0;
  const toggle = (runId: string) =>
    setPicked((prev) => (prev.includes(runId) ? prev.filter((x) => x !== runId) : [...prev, runId].slice(-2)));

  return (
    <div className="page">
      <div className="page-inner">
        <div className="page-header">
          <h1>Runs</h1>
          <span className="small muted" data-testid="runs-picked">{picked.length} of 2 picked</span>
          <button
            type="button"
            className="btn btn-primary"
            disabled={picked.length !== 2}
            onClick={() => navigate(href.compare(picked[0], picked[1]))}
            data-testid="compare-runs"
          >
            Compare
          </button>
        </div>
        <div className="filters" role="search" aria-label="Filter runs">
          <div className="field">
            <label htmlFor={`${id}-pipeline`} className="field-label">Pipeline</label>
            <select id={`${id}-pipeline`} className="select" value={pipeline} onChange={(e) => { setPipeline(e.target.value); resetPage(); }}>
              <option value="">All pipelines</option>
              {pipeline && !pipelines.data?.items.some((p) => p.name === pipeline) ? <option value={pipeline}>{pipeline}</option> : null}
              {pipelines.data?.items.map((p) => <option key={p.name} value={p.name}>{p.name}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-status`} className="field-label">Status</label>
            <select id={`${id}-status`} className="select" value={status} onChange={(e) => { setStatus(e.target.value); resetPage(); }}>
              <option value="">Any status</option>
              {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-since`} className="field-label">Since</label>
            <input id={`${id}-since`} type="date" className="input" value={since} onChange={(e) => { setSince(e.target.value); resetPage(); }} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-until`} className="field-label">Until</label>
            <input id={`${id}-until`} type="date" className="input" value={until} onChange={(e) => { setUntil(e.target.value); resetPage(); }} />
          </div>
          <button
            type="button"
            className="btn"
            onClick={() => {
              setPipeline('');
              setStatus('');
              setSince('');
              setUntil('');
              resetPage();
            }}
          >
            Clear filters
          </button>
        </div>
        <ErrorAlert error={state.error} />
        <div className="panel">
          <div className="table-wrap">
            <table className="table" data-testid="runs-table" aria-label="Runs">
              <thead>
                <tr>
                  <th scope="col"><span className="visually-hidden">Pick</span></th>
                  <th scope="col">Run</th>
                  <th scope="col">Pipeline</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                  <th scope="col" className="num">Duration</th>
                  <th scope="col">Metrics</th>
                </tr>
              </thead>
              <tbody>
                <TableStatus columns={7} loading={state.loading && !state.data} empty={!state.loading && items.length === 0 && !state.error} emptyText="No runs match." />
                {items.map((run) => (
                  <tr key={run.id} data-testid={`run-row-${run.id}`}>
                    <td>
                      <input
                        type="checkbox"
                        className="checkbox"
                        aria-label={`Select run ${shortId(run.id)}`}
                        checked={picked.includes(run.id)}
                        onChange={() => toggle(run.id)}
                      />
                    </td>
                    <td><a className="mono" href={href.run(run.id)} title={run.id}>{shortId(run.id)}</a></td>
                    <td><a href={href.pipeline(run.pipeline)}>{run.pipeline}</a></td>
                    <td><StatusBadge status={run.status} testId={`run-status-${run.id}`} /></td>
                    <td className="nowrap">{formatTime(run.created_at)}</td>
                    <td className="num nowrap">{formatDuration(durationBetween(run.started_at ?? run.created_at, run.finished_at))}</td>
                    <td className="small">
                      {mainMetrics(run).map(([name, value]) => (
                        <span key={name} className="nowrap" style={{ marginRight: 10 }}>
                          <span className="muted">{name}</span> <span className="mono">{formatMetric(value)}</span>
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
        <nav className="pager" aria-label="Pages">
          <span className="small muted" data-testid="runs-range">
            {total === 0 ? '0 runs' : `${offset + 1}–${Math.min(offset + items.length, total)} of ${total}`}
          </span>
          <button type="button" className="btn btn-sm" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Previous
          </button>
          <button type="button" className="btn btn-sm" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
            Next
          </button>
        </nav>
      </div>
    </div>
  );
}
