import { useEffect, useState, type ReactNode } from 'react';
import { getOutputPreview, isMetricsDocument, isTablePreview, outputUrl } from '../../api/runs';
import { errorMessage } from '../../api/problem';
import type { ArtifactRef, MetricsDocument, TablePreview } from '../../api/types';
import { durationBetween, formatBytes, formatDuration, formatTime, shortHash } from '../../model/format';
import { statusWord, type RunStore } from '../../model/runStore';
import { useStepRun } from '../../hooks/useRun';
import { Tabs } from '../ui/Tabs';
import { MetricsView } from '../charts/MetricsView';
import { ImportancePlot, importanceRows } from '../charts/ImportancePlot';
import { StepLogs } from './StepLogs';
import { TablePreviewView } from './TablePreviewView';

type TabKey = 'parameters' | 'logs' | 'outputs' | 'metrics';
const TABS = [
  { key: 'parameters', label: 'Parameters' },
  { key: 'logs', label: 'Logs' },
  { key: 'outputs', label: 'Outputs' },
  { key: 'metrics', label: 'Metrics' },
] as const;

type Preview = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'done'; value: TablePreview | MetricsDocument };

/** Loads an output's preview once per run, step and port. */
function usePreview(runId: string, step: string, port: string, enabled: boolean, limit = 100): Preview | null {
  const [preview, setPreview] = useState<{ key: string; value: Preview } | null>(null);
  const key = `${runId}/${step}/${port}/${limit}`;
  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    setPreview({ key, value: { state: 'loading' } });
    getOutputPreview(runId, step, port, limit).then(
      (value) => alive && setPreview({ key, value: { state: 'done', value } }),
      (error: unknown) => alive && setPreview({ key, value: { state: 'error', error } }),
    );
    return () => {
      alive = false;
    };
  }, [runId, step, port, enabled, limit, key]);
  return preview?.key === key ? preview.value : null;
}

function PreviewStatus({ preview }: { preview: Preview | null }) {
  if (!preview || preview.state === 'loading') return <div className="row small muted"><span className="spinner" /> Loading…</div>;
  if (preview.state === 'error') return <div className="alert alert-error" role="alert">{errorMessage(preview.error)}</div>;
  return null;
}

function OutputItem({ runId, step, port, artifact }: { runId: string; step: string; port: string; artifact: ArtifactRef }) {
  const [open, setOpen] = useState(false);
  const previewable = artifact.type === 'table' || artifact.type === 'metrics';
  const preview = usePreview(runId, step, port, open && previewable, 50);
  return (
    <li className="stack" style={{ padding: '8px 0', borderBottom: '1px solid var(--surface-3)' }} data-testid={`output-${port}`}>
      <div className="row">
        <span className={`port-dot type-${artifact.type}`} aria-hidden="true" />
        <strong className="mono">{port}</strong>
        <span className="badge badge-outline">{artifact.type}</span>
        <span className="small muted">{formatBytes(artifact.bytes)}</span>
        <span className="spacer" />
        {previewable ? (
          <button type="button" className="btn btn-sm" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
            {open ? 'Hide preview' : 'Preview'}
          </button>
        ) : null}
        <a className="btn btn-sm" href={outputUrl(runId, step, port)} download aria-label={`Download ${port}`} data-testid={`download-${port}`}>
          Download
        </a>
      </div>
      <div className="small faint mono" title={artifact.sha256}>sha256 {shortHash(artifact.sha256, 16)}</div>
      {open ? (
        <>
          <PreviewStatus preview={preview} />
          {preview?.state === 'done' && isTablePreview(preview.value) ? <TablePreviewView preview={preview.value} label={`Preview of ${port}`} /> : null}
          {preview?.state === 'done' && isMetricsDocument(preview.value) ? <MetricsView metrics={preview.value} /> : null}
        </>
      ) : null}
    </li>
  );
}

function MetricsOutput({ runId, step, port, type }: { runId: string; step: string; port: string; type: string }) {
  const preview = usePreview(runId, step, port, true, type === 'table' ? 200 : 100);
  if (!preview || preview.state !== 'done') return <PreviewStatus preview={preview} />;
  const value = preview.value;
  if (isMetricsDocument(value)) {
    return (
      <section className="stack" aria-label={`Metrics ${port}`}>
        <h4>{port}</h4>
        <MetricsView metrics={value} />
      </section>
    );
  }
  if (isTablePreview(value)) {
    const rows = importanceRows(value.columns, value.rows);
    return rows ? <ImportancePlot rows={rows} /> : null;
  }
  return null;
}

function MetricsTab({ runId, step, outputs }: { runId: string; step: string; outputs: Record<string, ArtifactRef> }) {
  const metrics = Object.entries(outputs).filter(([, a]) => a.type === 'metrics');
  const importance = Object.entries(outputs).filter(([port, a]) => a.type === 'table' && port === 'importance');
  if (metrics.length === 0 && importance.length === 0) return <p className="small muted">This step has no metrics output.</p>;
  return (
    <div className="stack-lg">
      {metrics.map(([port, a]) => <MetricsOutput key={port} runId={runId} step={step} port={port} type={a.type} />)}
      {importance.map(([port, a]) => <MetricsOutput key={port} runId={runId} step={step} port={port} type={a.type} />)}
    </div>
  );
}

/** A step of a shown run: status, then tabs for its parameters, logs, outputs and metrics. */
export function StepRunDetails({ store, step, parameters }: { store: RunStore; step: string; parameters: ReactNode }) {
  const run = useStepRun(step, store);
  const [tab, setTab] = useState<TabKey>(() => (run?.status === 'failed' ? 'logs' : 'parameters'));
  const status = statusWord(run);
  const outputs = run?.outputs ?? {};
  const attempts = run?.attempts ?? 0;
  return (
    <div className="stack-lg" data-testid="step-run-details">
      <div className="stack">
        <div className="row">
          <h2 className="grow mono">{step}</h2>
          <span className={`badge badge-${status}`} data-testid="step-run-status">{status}</span>
          {attempts > 1 ? <span className="badge badge-retry">retry {attempts - 1}</span> : null}
        </div>
        <div className="small muted">
          {run?.started_at ? <>started {formatTime(run.started_at)}</> : 'not started'}
          {run?.started_at ? <> · {formatDuration(durationBetween(run.started_at, run.finished_at))}</> : null}
          {attempts > 0 ? <> · attempt{attempts > 1 ? 's' : ''} {attempts}</> : null}
        </div>
        {run?.status === 'running' && typeof run.progress === 'number' ? (
          <div className="stack">
            <div className="progress" role="progressbar" aria-label={`${step} progress`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(run.progress * 100)}>
              <div className="progress-bar" style={{ width: `${run.progress * 100}%` }} />
            </div>
            {run.progress_message ? <div className="small muted">{run.progress_message}</div> : null}
          </div>
        ) : null}
        {run?.error ? <div className="alert alert-error" role="alert" data-testid="step-error">{run.error}</div> : null}
      </div>
      <Tabs tabs={TABS} active={tab} onChange={setTab} label={`Details of ${step}`}>
        {tab === 'parameters' ? parameters : null}
        {tab === 'logs' ? <StepLogs store={store} step={step} /> : null}
        {tab === 'outputs' ? (
          Object.keys(outputs).length === 0 ? (
            <p className="small muted">No outputs yet.</p>
          ) : (
            <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="step-outputs">
              {Object.entries(outputs).map(([port, artifact]) => (
                <OutputItem key={port} runId={store.runId} step={step} port={port} artifact={artifact} />
              ))}
            </ul>
          )
        ) : null}
        {tab === 'metrics' ? <MetricsTab runId={store.runId} step={step} outputs={outputs} /> : null}
      </Tabs>
    </div>
  );
}
