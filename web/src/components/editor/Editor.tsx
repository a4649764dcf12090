import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useReactFlow, type EdgeChange, type NodeChange } from '@xyflow/react';
import { createPipeline, getPipeline, savePipeline } from '../../api/pipelines';
import { createRun } from '../../api/runs';
import { ProblemError, errorMessage } from '../../api/problem';
import type { ComponentManifest, ParamValue, PipelineVersionRecord, Position } from '../../api/types';
import type { Catalog } from '../../model/catalog';
import { connectionProblem as findConnectionProblem, type ConnectionEnds } from '../../model/connection';
import { normalizeDocument, tidyDocument, type PipelineDocument } from '../../model/document';
import { shortHash } from '../../model/format';
import { NODE_WIDTH, type PipelineEdge, type StepNode } from '../../model/graph';
import type { Snapshot } from '../../model/history';
import { autoLayout, layoutFor } from '../../model/layout';
import {
  addStep,
  connect,
  copySteps,
  moveSteps,
  pasteSteps,
  removeElements,
  renameStep,
  setDocument,
  setInput,
  setParam,
  updateStep,
} from '../../model/operations';
import { indexProblems } from '../../model/problems';
import { setClip, takeClip } from '../../model/clipboard';
import { downloadText } from '../../model/download';
import { parsePipelineYaml, pipelineToYaml } from '../../model/yaml';
import { href, navigate } from '../../router';
import { useCanvasGraph } from '../../hooks/useCanvasGraph';
import { useEditorHistory } from '../../hooks/useEditorHistory';
import { useLiveRun, useRunEnded } from '../../hooks/useRun';
import { useShortcuts } from '../../hooks/useShortcuts';
import { useValidation } from '../../hooks/useValidation';
import { forgetLatestRun } from '../../hooks/useColumns';
import { FlowCanvas } from '../canvas/FlowCanvas';
import { Palette } from '../palette/Palette';
import { StepPanel, type StepEditActions } from '../panels/StepPanel';
import { PipelineSettings } from '../panels/PipelineSettings';
import { ProblemsList } from '../panels/ProblemsList';
import { StepRunDetails } from '../run/StepRunDetails';
import { RunBanner } from '../run/RunBanner';
import { RunDialog } from '../dialogs/RunDialog';
import { ConflictDialog } from '../dialogs/ConflictDialog';
import { VersionsDrawer } from '../versions/VersionsDrawer';
import { ErrorAlert } from '../ui/ErrorAlert';
import { EditorToolbar } from './EditorToolbar';

export interface EditorProps {
  catalog: Catalog;
  /** The saved version opened, or null for a new pipeline. */
  record: PipelineVersionRecord | null;
  initial: Snapshot;
  runId: string | null;
  onReload: () => void;
}

interface Saved {
  version: string | null;
  docJson: string;
  layoutJson: string;
  yaml: string | null;
}

const EMPTY = new Set<string>();

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** The pipeline editor: palette, canvas, side panel, toolbar, problems, versions and runs. */
export function Editor({ catalog, record, initial, runId, onReload }: EditorProps) {
  const isNew = record === null;
  const pipelineName = record?.name ?? null;
  const history = useEditorHistory(initial);
  const { apply, preview, begin, end, undo, redo } = history;
  const { doc, layout } = history.present;
  const flow = useReactFlow<StepNode, PipelineEdge>();
  const canvasRef = useRef<HTMLDivElement>(null);

  const [saved, setSaved] = useState<Saved>(() => ({
    version: record?.version ?? null,
    docJson: JSON.stringify(initial.doc),
    layoutJson: JSON.stringify(initial.layout),
    yaml: record?.yaml ?? null,
  }));
  const docJson = useMemo(() => JSON.stringify(doc), [doc]);
  const layoutJson = useMemo(() => JSON.stringify(layout), [layout]);
  const docDirty = isNew || docJson !== saved.docJson;
  const dirty = docDirty || layoutJson !== saved.layoutJson;

  const [selectedSteps, setSelectedSteps] = useState<ReadonlySet<string>>(EMPTY);
  const [selectedEdges, setSelectedEdges] = useState<ReadonlySet<string>>(EMPTY);
  const [connectionError, setConnectionError] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ kind: 'success' | 'info' | 'warning'; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saveMessage, setSaveMessage] = useState('');
  const [conflict, setConflict] = useState<{ current: string | null } | null>(null);
  const [runDialog, setRunDialog] = useState<{ busy: boolean; error: unknown } | null>(null);
  const [versionsOpen, setVersionsOpen] = useState(false);

  const validation = useValidation(doc, true);
  const problems = useMemo(() => indexProblems(validation.problems), [validation.problems]);
  const graph = useCanvasGraph(doc, layout, catalog, { errorSteps: problems.steps, selectedSteps, selectedEdges });
  const runStore = useLiveRun(runId);
  const runEnded = useRunEnded(runStore);

  const docRef = useRef(doc);
  docRef.current = doc;
  const snapshotRef = useRef(history.present);
  snapshotRef.current = history.present;
  const selectedRef = useRef(selectedSteps);
  selectedRef.current = selectedSteps;

  // Selection follows the document: steps that are gone are not selected.
  useEffect(() => {
    setSelectedSteps((prev) => {
      const kept = new Set([...prev].filter((s) => doc.steps[s]));
      return kept.size === prev.size ? prev : kept;
    });
  }, [doc.steps]);

  useEffect(() => {
    if (!connectionError) return;
    const timer = setTimeout(() => setConnectionError(null), 8000);
    return () => clearTimeout(timer);
  }, [connectionError]);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 5000);
    return () => clearTimeout(timer);
  }, [notice]);

  useEffect(() => {
    if (runEnded && pipelineName) forgetLatestRun(pipelineName);
  }, [runEnded, pipelineName]);

  // Leaving the page with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  // ---- canvas events ----
  const dragging = useRef(false);
  const { onDimensions } = graph;
  const onNodesChange = useCallback(
    (changes: NodeChange<StepNode>[]) => {
      onDimensions(changes);
      const positions: Record<string, Position> = {};
      let moved = false;
      let selection: Set<string> | null = null;
      for (const change of changes) {
        if (change.type === 'position' && change.position) {
          positions[change.id] = change.position;
          moved = true;
        } else if (change.type === 'select') {
          selection ??= new Set(selectedRef.current);
          if (change.selected) selection.add(change.id);
          else selection.delete(change.id);
        }
      }
      if (moved) {
        if (dragging.current) preview((s) => moveSteps(s, positions));
        else apply((s) => moveSteps(s, positions), 'move');
      }
      if (selection) {
        const next = selection;
        setSelectedSteps((prev) => (sameSet(prev, next) ? prev : next));
      }
    },
    [onDimensions, apply, preview],
  );

  const onEdgesChange = useCallback((changes: EdgeChange<PipelineEdge>[]) => {
    const selects = changes.filter((c): c is Extract<EdgeChange<PipelineEdge>, { type: 'select' }> => c.type === 'select');
    if (selects.length === 0) return;
    setSelectedEdges((prev) => {
      const next = new Set(prev);
      for (const c of selects) {
        if (c.selected) next.add(c.id);
        else next.delete(c.id);
      }
      return sameSet(prev, next) ? prev : next;
    });
  }, []);

  const onDragStart = useCallback(() => {
    dragging.current = true;
    begin();
  }, [begin]);
  const onDragStop = useCallback(() => {
    dragging.current = false;
    end();
  }, [end]);

  const connectionProblem = useCallback((ends: ConnectionEnds) => findConnectionProblem(docRef.current, catalog, ends), [catalog]);
  const onConnect = useCallback(
    (ends: ConnectionEnds) => {
      const problem = findConnectionProblem(docRef.current, catalog, ends);
      if (problem) {
        setConnectionError(problem);
        return;
      }
      setConnectionError(null);
      apply((s) => connect(s, ends));
    },
    [catalog, apply],
  );

  const onDelete = useCallback(
    (steps: string[], edges: { target: string; port: string }[]) => {
      apply((s) => removeElements(s, steps, edges));
      setSelectedEdges(EMPTY);
    },
    [apply],
  );

  const placeStep = useCallback(
    (manifest: ComponentManifest, position: Position) => {
      const result = addStep(snapshotRef.current, manifest, position);
      snapshotRef.current = result.snapshot;
      apply(() => result.snapshot);
      setSelectedSteps(new Set([result.step]));
      setSelectedEdges(EMPTY);
    },
    [apply],
  );

  const onDropComponent = useCallback(
    (name: string, client: { x: number; y: number }) => {
      const manifest = catalog.latest(name);
      if (!manifest) return;
      const p = flow.screenToFlowPosition(client);
      placeStep(manifest, { x: p.x - NODE_WIDTH / 2, y: p.y - 30 });
    },
    [catalog, flow, placeStep],
  );

  const onPaletteAdd = useCallback(
    (manifest: ComponentManifest) => {
      const rect = canvasRef.current?.getBoundingClientRect();
      const centre = rect ? { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 } : { x: 400, y: 300 };
      const p = flow.screenToFlowPosition(centre);
      // Do not stack new steps exactly on top of each other.
      const taken = Object.values(snapshotRef.current.layout);
      let at = { x: p.x - NODE_WIDTH / 2, y: p.y - 40 };
      for (let i = 0; i < 20 && taken.some((q) => Math.abs(q.x - at.x) < 20 && Math.abs(q.y - at.y) < 20); i++) {
        at = { x: at.x + 30, y: at.y + 30 };
      }
      placeStep(manifest, at);
    },
    [flow, placeStep],
  );

  const selectStep = useCallback(
    (step: string) => {
      setSelectedSteps(new Set([step]));
      setSelectedEdges(EMPTY);
      const node = flow.getNode(step);
      if (node) {
        const w = node.measured?.width ?? NODE_WIDTH;
        const h = node.measured?.height ?? 100;
        void flow.setCenter(node.position.x + w / 2, node.position.y + h / 2, { zoom: Math.max(flow.getZoom(), 0.8), duration: 250 });
      }
    },
    [flow],
  );

  // ---- step edits from the side panel ----
  const actions: StepEditActions = useMemo(
    () => ({
      rename: (from, to) => {
        apply((s) => renameStep(s, from, to));
        setSelectedSteps(new Set([to]));
      },
      setParam: (step: string, name: string, value: ParamValue | undefined) =>
        apply((s) => setParam(s, step, name, value), `param:${step}:${name}`),
      setInput: (step, port, ref) => apply((s) => setInput(s, step, port, ref)),
      setField: (step, field, value) =>
        apply((s) => {
          const definition = s.doc.steps[step];
          return definition ? updateStep(s, step, { ...definition, [field]: value }) : s;
        }, `field:${step}:${field}`),
      remove: (step) => apply((s) => removeElements(s, [step], [])),
    }),
    [apply],
  );

  const onSettingsChange = useCallback(
    (edit: (d: PipelineDocument) => PipelineDocument, key?: string) => apply((s) => setDocument(s, edit(s.doc)), key),
    [apply],
  );

  // ---- commands ----
  const fit = useCallback(() => {
    setTimeout(() => void flow.fitView({ padding: 0.15, maxZoom: 1.2, duration: 200 }), 30);
  }, [flow]);

  const relayout = useCallback(() => {
    apply((s) => ({ doc: s.doc, layout: autoLayout(s.doc, catalog, graph.sizeOf) }));
    fit();
  }, [apply, catalog, graph.sizeOf, fit]);

  const save = useCallback(
    async (baseOverride?: string): Promise<string | null> => {
      if (saving) return null;
      const snapshot = snapshotRef.current;
      const document = tidyDocument(snapshot.doc);
      setSaving(true);
      setSaveError(null);
      try {
        const body = { document, layout: snapshot.layout, message: saveMessage.trim() || undefined };
        const result = isNew
          ? await createPipeline(body)
          : await savePipeline(pipelineName as string, { ...body, base_version: baseOverride ?? saved.version ?? undefined });
        const version = result?.version ?? null;
        setSaved({
          version,
          docJson: JSON.stringify(snapshot.doc),
          layoutJson: JSON.stringify(snapshot.layout),
          yaml: result?.yaml ?? null,
        });
        setSaveMessage('');
        setConflict(null);
        setNotice({ kind: 'success', text: version ? `Saved version ${shortHash(version)}.` : 'Saved.' });
        if (isNew) navigate(href.pipeline(document.name), true);
        return version;
      } catch (error) {
        if (error instanceof ProblemError && error.status === 409 && !isNew) {
          setConflict({ current: error.currentVersion });
        } else if (error instanceof ProblemError && error.status === 409 && isNew) {
          setSaveError(new ProblemError(409, { title: `A pipeline called "${document.name}" exists already`, detail: 'Choose another name in the pipeline settings.' }));
        } else {
          setSaveError(error);
        }
        throw error;
      } finally {
        setSaving(false);
      }
    },
    [saving, saveMessage, isNew, pipelineName, saved.version],
  );

  const saveQuietly = useCallback(() => {
    save().catch(() => {});
  }, [save]);

  const validateNow = useCallback(async () => {
    const result = await validation.validateNow();
    if (result) {
      setNotice(result.valid
        ? { kind: 'success', text: 'The pipeline is valid.' }
        : { kind: 'warning', text: `${result.errors.length} problem${result.errors.length === 1 ? '' : 's'} found.` });
    }
  }, [validation]);

  const exportYaml = useCallback(async () => {
    const name = docRef.current.name || 'pipeline';
    try {
      let text: string | null = null;
      if (!docDirty && pipelineName) text = saved.yaml ?? (await getPipeline(pipelineName)).yaml;
      if (!text) {
        const result = await validation.validateNow();
        text = result?.yaml ?? null;
      }
      downloadText(`${name}.yaml`, text ?? pipelineToYaml(tidyDocument(docRef.current)));
    } catch (error) {
      setSaveError(error);
    }
  }, [docDirty, pipelineName, saved.yaml, validation]);

  const importYaml = useCallback(
    async (file: File) => {
      try {
        const text = await file.text();
        const imported = parsePipelineYaml(text, docRef.current.name);
        const keepName = !isNew && imported.name !== docRef.current.name;
        const next = keepName ? { ...imported, name: docRef.current.name } : imported;
        apply(() => ({ doc: next, layout: layoutFor(next, catalog, null) }));
        setSelectedSteps(EMPTY);
        setNotice({
          kind: keepName ? 'warning' : 'info',
          text: keepName
            ? `Imported ${file.name}; its name "${imported.name}" was kept as "${docRef.current.name}".`
            : `Imported ${file.name}.`,
        });
        fit();
      } catch (error) {
        setSaveError(new ProblemError(400, { title: `Cannot import ${file.name}`, detail: errorMessage(error) }));
      }
    },
    [isNew, apply, catalog, fit],
  );

  const restore = useCallback(
    (version: PipelineVersionRecord) => {
      const restored = normalizeDocument(version.document, docRef.current.name);
      const next = { ...restored, name: docRef.current.name };
      apply(() => ({ doc: next, layout: layoutFor(next, catalog, version.layout) }));
      setSelectedSteps(EMPTY);
      setVersionsOpen(false);
      setNotice({ kind: 'info', text: `Restored version ${shortHash(version.version)} into the editor; save to keep it.` });
      fit();
    },
    [apply, catalog, fit],
  );

  const copy = useCallback(() => {
    const clip = copySteps(snapshotRef.current, [...selectedRef.current]);
    if (!clip) return false;
    setClip(clip);
    setNotice({ kind: 'info', text: `Copied ${Object.keys(clip.steps).length} step${Object.keys(clip.steps).length === 1 ? '' : 's'}.` });
    return true;
  }, []);

  const paste = useCallback(() => {
    const taken = takeClip();
    if (!taken) return;
    const result = pasteSteps(snapshotRef.current, taken.clip, { x: 40 * taken.count, y: 40 * taken.count });
    snapshotRef.current = result.snapshot;
    apply(() => result.snapshot);
    if (result.names.length > 0) {
      setSelectedSteps(new Set(result.names));
      setSelectedEdges(EMPTY);
    }
  }, [apply]);

  useShortcuts({ save: saveQuietly, undo, redo, copy, paste });

  // ---- runs ----
  const startRun = useCallback(
    async (parameters: Record<string, string>, options: { noCache: boolean }) => {
      setRunDialog({ busy: true, error: null });
      try {
        let version = saved.version;
        if (docDirty || !version) version = await save();
        if (!version) throw new ProblemError(0, { title: 'The pipeline was not saved.' });
        const name = tidyDocument(snapshotRef.current.doc).name;
        const run = await createRun({ pipeline: name, version, parameters, ...(options.noCache ? { no_cache: true } : {}) });
        setRunDialog(null);
        setSelectedSteps(EMPTY);
        navigate(href.pipeline(name, run.id), true);
      } catch (error) {
        setRunDialog({ busy: false, error });
      }
    },
    [saved.version, docDirty, save],
  );

  const closeRun = useCallback(() => {
    if (pipelineName) navigate(href.pipeline(pipelineName), true);
  }, [pipelineName]);

  // ---- side panel ----
  const single = selectedSteps.size === 1 ? [...selectedSteps][0] : null;
  let panel;
  if (single && doc.steps[single]) {
    const editor = (
      <StepPanel key={single} step={single} doc={doc} catalog={catalog} problems={problems} pipeline={pipelineName} actions={actions} />
    );
    panel = runStore ? <StepRunDetails key={`${runStore.runId}:${single}`} store={runStore} step={single} parameters={editor} /> : editor;
  } else if (selectedSteps.size > 1) {
    panel = (
      <div className="stack">
        <h2>{selectedSteps.size} steps selected</h2>
        <p className="small muted">Copy them with Ctrl+C and paste with Ctrl+V, or delete them.</p>
        <button type="button" className="btn btn-danger" onClick={() => onDelete([...selectedSteps], [])}>
          Delete {selectedSteps.size} steps
        </button>
      </div>
    );
  } else {
    panel = (
      <PipelineSettings doc={doc} catalog={catalog} problems={problems} nameEditable={isNew} onChange={onSettingsChange} />
    );
  }

  const stepCount = Object.keys(doc.steps).length;
  return (
    <div className="editor" data-testid="editor">
      <div className="editor-header">
        <div className="editor-title">
          <h1 data-testid="pipeline-title">{doc.name || 'untitled'}</h1>
          <span className="version-tag" data-testid="pipeline-version" title={saved.version ?? 'not saved yet'}>
            {saved.version ? shortHash(saved.version) : 'not saved'}
          </span>
          {dirty ? <span className="dirty-dot" data-testid="dirty">● unsaved changes</span> : null}
        </div>
        <EditorToolbar
          saving={saving}
          canSave={dirty}
          canUndo={history.canUndo}
          canRedo={history.canRedo}
          canVersions={!isNew}
          message={saveMessage}
          onMessage={setSaveMessage}
          onSave={saveQuietly}
          onValidate={validateNow}
          onRun={() => setRunDialog({ busy: false, error: null })}
          onUndo={undo}
          onRedo={redo}
          onLayout={relayout}
          onFit={fit}
          onExport={exportYaml}
          onImport={importYaml}
          onVersions={() => setVersionsOpen((o) => !o)}
          versionsOpen={versionsOpen}
        />
      </div>
      {saveError ? (
        <div style={{ padding: '8px 16px' }}>
          <div className="row">
            <div className="grow"><ErrorAlert error={saveError} testId="save-error" /></div>
            <button type="button" className="btn btn-sm" onClick={() => setSaveError(null)} aria-label="Dismiss error">Dismiss</button>
          </div>
        </div>
      ) : null}
      {runStore ? <RunBanner store={runStore} onClose={closeRun} /> : null}
      <div className="editor-body">
        <Palette catalog={catalog} onAdd={onPaletteAdd} />
        <div className="canvas-column" ref={canvasRef}>
          {connectionError ? (
            <div className="canvas-overlay alert alert-error" role="alert" data-testid="connection-error">
              <span className="grow">{connectionError}</span>
              <button type="button" className="btn btn-sm btn-ghost" aria-label="Dismiss" onClick={() => setConnectionError(null)}>✕</button>
            </div>
          ) : notice ? (
            <div className={`canvas-overlay alert alert-${notice.kind}`} role="status" data-testid="notice">
              {notice.text}
            </div>
          ) : null}
          {stepCount === 0 ? (
            <div className="canvas-empty">Drag a component from the left onto the canvas, or select one and press Enter.</div>
          ) : null}
          <FlowCanvas
            nodes={graph.nodes}
            edges={graph.edges}
            runStore={runStore}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            connectionProblem={connectionProblem}
            onConnect={onConnect}
            onRefused={setConnectionError}
            onDelete={onDelete}
            onDropComponent={onDropComponent}
            onNodeDragStart={onDragStart}
            onNodeDragStop={onDragStop}
          />
          <ProblemsList
            problems={validation.problems}
            checking={validation.checking}
            valid={validation.valid}
            failure={validation.failure}
            onSelect={selectStep}
          />
        </div>
        <aside className="side-panel" aria-label={single ? `Step ${single}` : 'Pipeline settings'} data-testid="side-panel">
          <div className="side-panel-inner">{panel}</div>
        </aside>
      </div>
      {runDialog ? (
        <RunDialog
          doc={doc}
          unsaved={docDirty}
          busy={runDialog.busy}
          error={runDialog.error}
          onRun={startRun}
          onClose={() => setRunDialog(null)}
        />
      ) : null}
      {conflict ? (
        <ConflictDialog
          currentVersion={conflict.current}
          onClose={() => setConflict(null)}
          onReload={() => {
            setConflict(null);
            onReload();
          }}
          onOverwrite={() => {
            const base = conflict.current ?? undefined;
            setConflict(null);
            save(base).catch(() => {});
          }}
        />
      ) : null}
      {versionsOpen && pipelineName ? (
        <VersionsDrawer
          name={pipelineName}
          current={saved.version}
          catalog={catalog}
          onRestore={restore}
          onClose={() => setVersionsOpen(false)}
        />
      ) : null}
    </div>
  );
}

