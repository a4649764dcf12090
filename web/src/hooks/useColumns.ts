import { useEffect, useState } from 'react';
import { getOutputPreview, isTablePreview, listRuns } from '../api/runs';
import type { ComponentManifest } from '../api/types';
import { parseRef, type StepDefinition } from '../model/document';

const latestRuns = new Map<string, Promise<string | null>>();
const columnCache = new Map<string, Promise<string[] | null>>();

/** The id of the pipeline's latest succeeded run, asked once per pipeline and page load. */
function latestSucceededRun(pipeline: string): Promise<string | null> {
  let found = latestRuns.get(pipeline);
  if (!found) {
    found = listRuns({ pipeline, status: 'succeeded', limit: 1 }).then(
      (list) => list.items[0]?.id ?? null,
      () => null,
    );
    latestRuns.set(pipeline, found);
  }
  return found;
}

/** Forgets what is known of a pipeline's runs (after a new run ends). */
export function forgetLatestRun(pipeline: string): void {
  latestRuns.delete(pipeline);
}

function columnsOf(run: string, step: string, port: string): Promise<string[] | null> {
  const key = `${run}\u0000${step}\u0000${port}`;
  let found = columnCache.get(key);
  if (!found) {
    found = getOutputPreview(run, step, port, 1).then(
      (preview) => (isTablePreview(preview) ? preview.columns.map((c) => c.name) : null),
      () => null,
    );
    columnCache.set(key, found);
  }
  return found;
}

/** The output that feeds the step's table: its `table` input, else its first table input. */
export function tableSource(definition: StepDefinition | undefined, manifest: ComponentManifest | undefined): { step: string; port: string } | null {
  if (!definition?.inputs) return null;
  const direct = definition.inputs.table;
  if (direct) return parseRef(direct);
  const port = manifest?.inputs.find((p) => p.type === 'table' && definition.inputs?.[p.name]);
  return port ? parseRef(definition.inputs[port.name]) : null;
}

/**
 * Column names of the table that feeds a step, from the latest succeeded run of the pipeline:
 * GET /api/runs?pipeline=&status=succeeded&limit=1, then the upstream output's preview.
 */
export function useColumns(
  pipeline: string | null,
  definition: StepDefinition | undefined,
  manifest: ComponentManifest | undefined,
  enabled: boolean,
): string[] | null {
  const source = tableSource(definition, manifest);
  const sourceKey = source ? `${source.step}.${source.port}` : '';
  const [columns, setColumns] = useState<{ key: string; columns: string[] | null }>({ key: '', columns: null });
  const key = `${pipeline ?? ''}|${sourceKey}`;
  useEffect(() => {
    if (!enabled || !pipeline || !sourceKey) return;
    let alive = true;
    const ref = parseRef(sourceKey);
    if (!ref) return;
    latestSucceededRun(pipeline)
      .then((run) => (run ? columnsOf(run, ref.step, ref.port) : null))
      .then((found) => {
        if (alive) setColumns({ key, columns: found });
      });
    return () => {
      alive = false;
    };
  }, [enabled, pipeline, sourceKey, key]);
  return columns.key === key ? columns.columns : null;
}
