import { useRef } from 'react';

interface EditorToolbarProps {
  saving: boolean;
  canSave: boolean;
  canUndo: boolean;
  canRedo: boolean;
  canVersions: boolean;
  message: string;
  onMessage: (text: string) => void;
  onSave: () => void;
  onValidate: () => void;
  onRun: () => void;
  onUndo: () => void;
  onRedo: () => void;
  onLayout: () => void;
  onFit: () => void;
  onExport: () => void;
  onImport: (file: File) => void;
  onVersions: () => void;
  versionsOpen: boolean;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl+';

/** The editor's commands. Every button has a visible text or an aria-label. */
export function EditorToolbar(props: EditorToolbarProps) {
  const file = useRef<HTMLInputElement>(null);
  return (
    <div className="toolbar" role="toolbar" aria-label="Pipeline editor">
      <input
        className="input"
        aria-label="Save message"
        placeholder="Save message (optional)"
        value={props.message}
        onChange={(e) => props.onMessage(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            props.onSave();
          }
        }}
        data-testid="save-message"
      />
      <button
        type="button"
        className="btn btn-primary"
        onClick={props.onSave}
        disabled={props.saving || !props.canSave}
        title={`Save (${mod}S)`}
        data-testid="save"
      >
        {props.saving ? 'Saving…' : 'Save'}
      </button>
      <button type="button" className="btn" onClick={props.onValidate} data-testid="validate">
        Validate
      </button>
      <button type="button" className="btn" onClick={props.onRun} data-testid="run">
        ▶ Run
      </button>
      <span className="toolbar-sep" aria-hidden="true" />
      <button type="button" className="btn btn-icon" onClick={props.onUndo} disabled={!props.canUndo} aria-label="Undo" title={`Undo (${mod}Z)`} data-testid="undo">
        ↶
      </button>
      <button type="button" className="btn btn-icon" onClick={props.onRedo} disabled={!props.canRedo} aria-label="Redo" title={`Redo (${mod}Shift+Z)`} data-testid="redo">
        ↷
      </button>
      <button type="button" className="btn" onClick={props.onLayout} aria-label="Auto-layout" data-testid="auto-layout">
        Auto-layout
      </button>
      <button type="button" className="btn" onClick={props.onFit} aria-label="Zoom to fit" data-testid="zoom-to-fit">
        Fit
      </button>
      <span className="toolbar-sep" aria-hidden="true" />
      <button type="button" className="btn" onClick={props.onExport} data-testid="export-yaml">
        Export YAML
      </button>
      <button type="button" className="btn" onClick={() => file.current?.click()} data-testid="import-yaml">
        Import YAML
      </button>
      <input
        ref={file}
        type="file"
        accept=".yaml,.yml,application/yaml,text/yaml,text/plain"
        aria-label="Import YAML file"
        data-testid="import-yaml-input"
        hidden
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) props.onImport(f);
        }}
      />
      <button
        type="button"
        className="btn"
        onClick={props.onVersions}
        disabled={!props.canVersions}
        aria-pressed={props.versionsOpen}
        data-testid="versions"
      >
        Versions
      </button>
    </div>
  );
}
