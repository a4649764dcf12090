import { useEffect, useRef, useState } from 'react';
import { getPin, listVersions } from '../../api/pipelines';
import type { PipelineVersionRecord } from '../../api/types';
import type { Catalog } from '../../model/catalog';
import { formatTime, shortHash } from '../../model/format';
import { useAsync } from '../../hooks/useAsync';
import { ErrorAlert } from '../ui/ErrorAlert';
import { VersionDialog } from './VersionDialog';
import { DiffDialog } from './DiffDialog';
import { PinActionDialog, type PinAction } from '../registry/PinActionDialog';

interface VersionsDrawerProps {
  name: string;
  /** The version the editor started from. */
  current: string | null;
  catalog: Catalog;
  onRestore: (record: PipelineVersionRecord) => void;
  onClose: () => void;
}

/** The pipeline's saved versions: open one, restore it, pick two and compare them, or pin one for scheduled and served runs. */
export function VersionsDrawer({ name, current, catalog, onRestore, onClose }: VersionsDrawerProps) {
  const { data, error, loading, reload } = useAsync(() => listVersions(name), [name, current]);
  const [picked, setPicked] = useState<string[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const [diff, setDiff] = useState<{ from: string; to: string } | null>(null);
  const pin = useAsync(() => getPin(name), [name, current]);
  const [pinAction, setPinAction] = useState<PinAction | null>(null);
  const pinned = pin.data?.pinned ?? null;
  const closeRef = useRef<HTMLButtonElement>(null);
  const items = data?.items ?? [];

  useEffect(() => {
    closeRef.current?.focus();
  }, []);

  const toggle = (version: string) => {
    setPicked((prev) => {
      if (prev.includes(version)) return prev.filter((v) => v !== version);
      return [...prev, version].slice(-2);
    });
  };

  const compare = () => {
    if (picked.length !== 2) return;
    // The list is newest first: the one further down is the older.
    const [a, b] = picked.map((v) => items.findIndex((i) => i.version === v));
    const from = a > b ? picked[0] : picked[1];
    const to = a > b ? picked[1] : picked[0];
    setDiff({ from, to });
  };

  return (
    <aside
      className="drawer"
      role="dialog"
      aria-modal="false"
      aria-label="Versions"
      data-testid="versions-drawer"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !open && !diff && !pinAction) onClose();
      }}
    >
      <div className="drawer-header">
        <h2 className="grow">Versions</h2>
        <button type="button" className="btn btn-sm" onClick={() => { reload(); pin.reload(); }} aria-label="Refresh versions">Refresh</button>
        {pinned ? (
          <button type="button" className="btn btn-sm" onClick={() => setPinAction({ kind: 'rollback', pinned })} data-testid="rollback-pin">
            Roll back pin
          </button>
        ) : null}
        <button
          type="button"
          className="btn btn-sm btn-primary"
          disabled={picked.length !== 2}
          onClick={compare}
          data-testid="compare-versions"
        >
          Compare selected
        </button>
        <button ref={closeRef} type="button" className="btn btn-ghost btn-icon" aria-label="Close versions" onClick={onClose}>✕</button>
      </div>
      <div className="drawer-body">
        <p className="small muted">Tick two versions to compare them. The pinned version is the one scheduled and served runs use.</p>
        {loading ? <div className="row muted"><span className="spinner" /> Loading…</div> : null}
        <ErrorAlert error={error ?? pin.error} />
        {!loading && items.length === 0 && !error ? <p className="muted">No saved versions yet.</p> : null}
        <ol className="version-list" data-testid="version-list">
          {items.map((v) => {
            const short = shortHash(v.version);
            return (
              <li key={v.version} className={`version-item${v.version === current ? ' current' : ''}${v.version === pinned ? ' pinned' : ''}`} data-testid={`version-${short}`}>
                <input
                  type="checkbox"
                  className="checkbox"
                  aria-label={`Select version ${short}`}
                  checked={picked.includes(v.version)}
                  onChange={() => toggle(v.version)}
                  style={{ marginTop: 3 }}
                />
                <div className="stack" style={{ gap: 2 }}>
                  <div className="row">
                    <span className="mono" title={v.version}>{short}</span>
                    {v.version === current ? <span className="badge badge-running">open in editor</span> : null}
                    {v.version === pinned ? <span className="badge badge-succeeded" data-testid="pinned-badge">pinned</span> : null}
                  </div>
                  <div className="small">{v.message || <span className="faint">no message</span>}</div>
                  <div className="small muted">
                    {v.author ?? 'unknown'} · {formatTime(v.created_at)}
                    {typeof v.steps === 'number' ? ` · ${v.steps} steps` : ''}
                  </div>
                </div>
                <div className="stack" style={{ gap: 4 }}>
                  <button type="button" className="btn btn-sm" onClick={() => setOpen(v.version)} aria-label={`Open version ${short}`}>
                    Open
                  </button>
                  {v.version !== pinned ? (
                    <button type="button" className="btn btn-sm" onClick={() => setPinAction({ kind: 'pin', version: v.version })} aria-label={`Pin version ${short}`}>
                      Pin…
                    </button>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ol>
      </div>
      {open ? (
        <VersionDialog
          name={name}
          version={open}
          catalog={catalog}
          onClose={() => setOpen(null)}
          onRestore={(record) => {
            setOpen(null);
            onRestore(record);
          }}
        />
      ) : null}
      {pinAction ? (
        <PinActionDialog
          name={name}
          action={pinAction}
          onClose={() => setPinAction(null)}
          onDone={() => {
            setPinAction(null);
            pin.reload();
          }}
        />
      ) : null}
      {diff ? <DiffDialog name={name} from={diff.from} to={diff.to} catalog={catalog} onClose={() => setDiff(null)} /> : null}
    </aside>
  );
}
