import { ProblemError, errorMessage } from '../../api/problem';
import { formatProblem } from '../../model/problems';

/** Shows an error; for pipeline problems, the list of them. */
export function ErrorAlert({ error, testId }: { error: unknown; testId?: string }) {
  if (!error) return null;
  const problems = error instanceof ProblemError ? error.errors : [];
  return (
    <div className="alert alert-error" role="alert" data-testid={testId ?? 'error'}>
      <div>
        <strong>{errorMessage(error)}</strong>
        {problems.length > 0 ? (
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{formatProblem(p)}</li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
