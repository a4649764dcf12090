import { memo } from 'react';
import type { PipelineProblem } from '../../api/types';
import { formatProblem } from '../../model/problems';

interface ProblemsListProps {
  problems: readonly PipelineProblem[];
  checking: boolean;
  valid: boolean | null;
  failure: string | null;
  onSelect: (step: string) => void;
}

/** The problems the server found in the document; a click selects the step concerned. */
function ProblemsListImpl({ problems, checking, valid, failure, onSelect }: ProblemsListProps) {
  return (
    <section className="problems" aria-label="Problems" data-testid="problems">
      <div className="problems-header">
        <span>Problems</span>
        <span className={`badge ${problems.length > 0 ? 'badge-failed' : 'badge-succeeded'}`} data-testid="problem-count">
          {problems.length}
        </span>
        {checking ? <span className="spinner" aria-label="Checking" /> : null}
        {!checking && valid === true && problems.length === 0 ? <span className="small muted" data-testid="valid">The pipeline is valid.</span> : null}
        {failure ? <span className="small" style={{ color: 'var(--danger)' }}>Could not validate: {failure}</span> : null}
      </div>
      {problems.length > 0 ? (
        <ul className="problems-list">
          {problems.map((p, i) => (
            <li key={i}>
              <button type="button" className="problem-button" onClick={() => p.step && onSelect(p.step)} data-testid="problem">
                <span className="problem-where">{p.line ? `${p.line}:${p.column ?? 1}` : '—'}</span>
                <span>{formatProblem({ ...p, line: null })}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** Memoized: the editor re-renders on every move of a dragged step, this does not. */
export const ProblemsList = memo(ProblemsListImpl);
