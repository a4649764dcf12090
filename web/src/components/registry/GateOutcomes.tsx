import type { GateOutcome } from '../../api/models';

/** A model gate's rules with their verdicts: which rule, the value and the threshold. */
export function GateOutcomes({ outcomes }: { outcomes: GateOutcome[] }) {
  return (
    <ol className="gate-report" data-testid="gate-outcomes" aria-label="Gate rules">
      {outcomes.map((o, i) => {
        const state = o.skipped ? 'skipped' : o.passed ? 'passed' : 'failed';
        return (
          <li key={i} className={`gate-stage gate-${state}`} data-state={state}>
            <span className="gate-mark" aria-hidden="true">{state === 'passed' ? '✓' : state === 'failed' ? '✗' : '–'}</span>
            <strong className="mono">{o.rule}</strong> <span className="muted">{o.detail}</span>
          </li>
        );
      })}
    </ol>
  );
}
