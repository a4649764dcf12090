import type { GateStage } from '../../api/components';

const STAGES = ['upload', 'build', 'tests', 'manifest', 'determinism'];

/** The quality gate's report: each stage, and under a failed one what it found, where, and how to fix it. */
export function GateReport({ stages }: { stages: GateStage[] }) {
  return (
    <ol className="gate-report" data-testid="gate-report" aria-label="Quality gate">
      {STAGES.map((name) => {
        const stage = stages.find((s) => s.name === name);
        const state = !stage ? 'skipped' : stage.passed ? 'passed' : 'failed';
        return (
          <li key={name} className={`gate-stage gate-${state}`} data-testid={`gate-${name}`} data-state={state}>
            <span className="gate-mark" aria-hidden="true">{state === 'passed' ? '✓' : state === 'failed' ? '✗' : '–'}</span>
            <strong>{name}</strong>
            {stage?.summary ? <span className="muted"> {stage.summary}</span> : null}
            {state === 'skipped' ? <span className="muted"> not run (an earlier stage failed)</span> : null}
            {stage && stage.findings.length > 0 ? (
              <ul>
                {stage.findings.map((f, i) => (
                  <li key={i}>
                    {f.where ? <code>{f.where}</code> : null} {f.message}
                    <div className="muted">fix: {f.fix}</div>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
