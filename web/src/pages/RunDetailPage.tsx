import { useEffect, useMemo, useState } from 'react';
import { getRun } from '../api/runs';
import { getVersion } from '../api/pipelines';
import type { Layout, Run } from '../api/types';
import { normalizeDocument, type PipelineDocument, type StepDefinition } from '../model/document';
import { durationBetween, formatDuration, formatMetric, formatTime, shortHash } from '../model/format';
import { indexProblems } from '../model/problems';
import { stepNameOf } from '../model/runStore';
import { useCatalog } from '../hooks/useCatalog';
import { useLiveRun, useRunState } from '../hooks/useRun';
import { href } from '../router';
import { ReadOnlyCanvas } from '../components/canvas/ReadOnlyCanvas';
import { RunBanner } from '../components/run/RunBanner';
import { StepRunDetails } from '../components/run/StepRunDetails';
import { StepPanel } from '../components/panels/StepPanel';
import { ErrorAlert } from '../components/ui/ErrorAlert';

const NO_PROBLEMS = indexProblems([]);

/** A document rebuilt from the run's own steps, when the pipeline version cannot be read. */
function documentFromRun(run: Run): PipelineDocument {
  const steps: Record<string, StepDefinition> = {};
  for (const step of run.steps ?? []) {
    const name = stepNameOf(step);
    if (!name) continue;
    steps[name] = { component: step.component ?? 'unknown', ...(step.inputs ? { inputs: step.inputs } : {}) };
  }
  return { apiVersion: 'loom/v1', kind: 'Pipeline', name: run.pipeline, steps };
}

function RunSummary({ run }: { run: Run }) {
  const parameters = Object.entries(run.parameters ?? {});
  const metrics = Object.entries(run.metrics ?? {});
  return (
    <div className="stack-lg" data-testid="run-summary">
      <div className="section">
        <h2>Run</h2>
        <dl className="small" style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '4px 12px', margin: 0 }}>
          <dt className="muted">id</dt><dd className="mono" style={{ margin: 0 }}>{run.id}</dd>
          <dt className="muted">pipeline</dt><dd style={{ margin: 0 }}><a href={href.pipeline(run.pipeline)}>{run.pipeline}</a></dd>
          <dt className="muted">version</dt><dd className="mono" style={{ margin: 0 }}>{shortHash(run.pipeline_version)}</dd>
          <dt className="muted">created</dt><dd style={{ margin: 0 }}>{formatTime(run.created_at)}</dd>
          <dt className="muted">duration</dt><dd style={{ margin: 0 }}>{formatDuration(durationBetween(run.started_at ?? run.created_at, run.finished_at))}</dd>
        </dl>
        {run.error ? <div className="alert alert-error" role="alert">{run.error}</div> : null}
      </div>
      <div className="section">
        <h4>Parameters</h4>
        {parameters.length === 0 ? <p className="small muted">None.</p> : (
          <table className="table table-compact">
            <tbody>
              {parameters.map(([k, v]) => (
                <tr key={k}><th scope="row" className="mono">{k}</th><td className="mono">{typeof v === 'string' ? v : JSON.stringify(v)}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {metrics.length > 0 ? (
        <div className="section">
          <h4>Metrics</h4>
          {metrics.map(([output, values]) => (
            <table key={output} className="table table-compact" aria-label={`Metrics ${output}`}>
              <caption className="small muted" style={{ textAlign: 'left' }}>{output}</caption>
              <tbody>
                {Object.entries(values ?? {}).map(([k, v]) => (
                  <tr key={k}><th scope="row" className="mono">{k}</th><td className="num mono">{formatMetric(v)}</td></tr>
                ))}
              </tbody>
            </table>
          ))}
        </div>
      ) : null}
      <p className="small muted">Select a step to see its logs, outputs and metrics.</p>
    </div>
  );
}

/** One run: the canvas of its pipeline version with live state, and each step's details. */
export function RunDetailPage({ id }: { id: string }) {
  const { catalog, error: catalogError } = useCatalog();
  const store = useLiveRun(id);
  const live = useRunState(store);
  const [graph, setGraph] = useState<{ doc: PipelineDocument; layout: Layout | null; fromRun: boolean } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    (async () => {
      const run = await getRun(id);
      try {
        const version = await getVersion(run.pipeline, run.pipeline_version);
        if (alive) setGraph({ doc: normalizeDocument(version.document, run.pipeline), layout: version.layout ?? null, fromRun: false });
      } catch {
        if (alive) setGraph({ doc: documentFromRun(run), layout: null, fromRun: true });
      }
    })().catch((e: unknown) => alive && setError(e));
    return () => {
      alive = false;
    };
  }, [id]);

  const doc = graph?.doc ?? null;
  const parameters = useMemo(
    () => (selected && doc && catalog ? (
      <StepPanel step={selected} doc={doc} catalog={catalog} problems={NO_PROBLEMS} pipeline={doc.name} readOnly />
    ) : null),
    [selected, doc, catalog],
  );

  if (error || catalogError) {
    return (
      <div className="page">
        <div className="page-inner">
          <h1>Run {id}</h1>
          <ErrorAlert error={error ?? catalogError} testId="load-error" />
        </div>
      </div>
    );
  }
  if (!graph || !catalog || !store) {
    return <div className="page"><div className="row muted"><span className="spinner" /> Loading run…</div></div>;
  }
  return (
    <div className="editor" data-testid="run-detail">
      <div className="editor-header">
        <div className="editor-title">
          <h1>
            <a href={href.pipeline(graph.doc.name)}>{graph.doc.name}</a>
          </h1>
          {live?.pipeline_version ? <span className="version-tag" data-testid="pipeline-version">{shortHash(live.pipeline_version)}</span> : null}
        </div>
        <div className="toolbar">
          <a className="btn" href={href.runs(graph.doc.name)}>Runs of {graph.doc.name}</a>
          <a className="btn" href={href.pipeline(graph.doc.name, id)}>Open in editor</a>
        </div>
      </div>
      <RunBanner store={store} />
      {graph.fromRun ? (
        <div className="alert alert-warning" style={{ margin: 8 }}>
          The pipeline version of this run could not be read; the steps are drawn from the run itself.
        </div>
      ) : null}
      <div className="editor-body readonly">
        <div className="canvas-column">
          <ReadOnlyCanvas doc={graph.doc} layout={graph.layout} catalog={catalog} runStore={store} selected={selected} onSelect={setSelected} />
        </div>
        <aside className="side-panel" aria-label={selected ? `Step ${selected}` : 'Run summary'} data-testid="side-panel">
          <div className="side-panel-inner">
            {selected ? (
              <StepRunDetails key={selected} store={store} step={selected} parameters={parameters} />
            ) : live ? (
              <RunSummary run={live} />
            ) : null}
          </div>
        </aside>
      </div>
    </div>
  );
}
