import { getArtifactLineage } from '../api/models';
import { useAsync } from '../hooks/useAsync';
import { shortHash } from '../model/format';
import { href } from '../router';
import { ErrorAlert } from '../components/ui/ErrorAlert';
import { LineageView } from '../components/lineage/LineageView';

/** An artifact (a data file, a table, a model file) forward to every run step and registered model version that used it. */
export function ArtifactLineagePage({ sha }: { sha: string }) {
  const lineage = useAsync(() => getArtifactLineage(sha), [sha]);
  const steps = lineage.data?.nodes.filter((n) => n.kind === 'step').length ?? 0;
  const models = lineage.data?.nodes.filter((n) => n.kind === 'model_version').map((n) => n.label) ?? [];
  return (
    <div className="page">
      <div className="page-inner">
        <div className="page-header">
          <h1>
            <a href={href.models()}>Models</a> / artifact <span className="mono" title={sha}>{shortHash(sha)}</span>
          </h1>
        </div>
        <ErrorAlert error={lineage.error} />
        {lineage.data ? (
          <div className="panel">
            <h2>Where it went</h2>
            <p className="muted" data-testid="artifact-use-summary">
              Used by {steps} run step{steps === 1 ? '' : 's'}
              {models.length > 0 ? `, upstream of ${models.join(', ')}` : ', and no registered model'}.
            </p>
            <LineageView graph={lineage.data} />
          </div>
        ) : null}
      </div>
    </div>
  );
}
