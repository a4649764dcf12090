import { useEffect, useMemo, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { getPipeline } from '../api/pipelines';
import type { PipelineVersionRecord } from '../api/types';
import { emptyDocument, normalizeDocument } from '../model/document';
import type { Snapshot } from '../model/history';
import { layoutFor } from '../model/layout';
import { useCatalog } from '../hooks/useCatalog';
import { href } from '../router';
import { Editor } from '../components/editor/Editor';
import { ErrorAlert } from '../components/ui/ErrorAlert';

interface EditorPageProps {
  /** An existing pipeline's name, or null for a new one. */
  name: string | null;
  newName: string | null;
  runId: string | null;
}

/** Loads the components and the pipeline (its current version), then opens the editor. */
export function EditorPage({ name, newName, runId }: EditorPageProps) {
  const { catalog, error: catalogError } = useCatalog();
  const [loaded, setLoaded] = useState<{ record: PipelineVersionRecord | null; at: number } | null>(name ? null : { record: null, at: 0 });
  const [error, setError] = useState<unknown>(null);
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    if (!name) return;
    let alive = true;
    setLoaded(null);
    setError(null);
    getPipeline(name).then(
      (record) => alive && setLoaded({ record: { ...record, name: record.name ?? name }, at: Date.now() }),
      (e: unknown) => alive && setError(e),
    );
    return () => {
      alive = false;
    };
  }, [name, reloads]);

  const initial: Snapshot | null = useMemo(() => {
    if (!catalog || !loaded) return null;
    const doc = loaded.record
      ? normalizeDocument(loaded.record.document, loaded.record.name)
      : emptyDocument(newName ?? 'untitled');
    return { doc, layout: layoutFor(doc, catalog, loaded.record?.layout) };
  }, [catalog, loaded, newName]);

  if (error || catalogError) {
    return (
      <div className="page">
        <div className="page-inner">
          <h1>{name ?? 'New pipeline'}</h1>
          <ErrorAlert error={error ?? catalogError} testId="load-error" />
          <p>
            <a href={href.pipelines()}>Back to the pipelines</a>
          </p>
        </div>
      </div>
    );
  }
  if (!catalog || !loaded || !initial) {
    return (
      <div className="page">
        <div className="row muted"><span className="spinner" /> Loading {name ?? 'the editor'}…</div>
      </div>
    );
  }
  return (
    <ReactFlowProvider>
      <Editor
        key={`${loaded.record?.version ?? 'new'}:${loaded.at}`}
        catalog={catalog}
        record={loaded.record}
        initial={initial}
        runId={runId}
        onReload={() => setReloads((n) => n + 1)}
      />
    </ReactFlowProvider>
  );
}
