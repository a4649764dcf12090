import { memo, useMemo, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { ComponentManifest } from '../../api/types';
import type { Catalog } from '../../model/catalog';

/** The drag-and-drop type a palette item carries: the component's name. */
export const COMPONENT_DRAG_TYPE = 'application/loom-component';

interface PaletteProps {
  catalog: Catalog;
  /** Adds a step for the component at the centre of the view (double-click or Enter). */
  onAdd: (manifest: ComponentManifest) => void;
}

function matches(item: ComponentManifest, query: string): boolean {
  if (!query) return true;
  const q = query.toLowerCase();
  return item.name.toLowerCase().includes(q)
    || item.description.toLowerCase().includes(q)
    || item.category.toLowerCase().includes(q);
}

const PaletteItem = memo(function PaletteItem({ item, onAdd }: { item: ComponentManifest; onAdd: PaletteProps['onAdd'] }) {
  const onDragStart = (event: DragEvent<HTMLLIElement>) => {
    event.dataTransfer.setData(COMPONENT_DRAG_TYPE, item.name);
    event.dataTransfer.setData('text/plain', item.name);
    event.dataTransfer.effectAllowed = 'copyMove';
  };
  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onAdd(item);
    }
  };
  const ports = [...item.inputs.map((p) => ({ ...p, side: 'in' })), ...item.outputs.map((p) => ({ ...p, side: 'out' }))];
  return (
    <li
      className="palette-item"
      draggable
      tabIndex={0}
      role="button"
      aria-label={`Add ${item.name}`}
      aria-describedby={undefined}
      title={`${item.name}@${item.version}${item.origin ? ` (custom, ${item.origin})` : ''}\n${item.description}${item.deprecated ? `\n\nDeprecated: ${item.deprecated}` : ''}\n\nDrag onto the canvas, or press Enter to add.`}
      data-testid={`palette-item-${item.name}`}
      onDragStart={onDragStart}
      onDoubleClick={() => onAdd(item)}
      onKeyDown={onKeyDown}
    >
      <div className="palette-item-name">
        {item.name}
        {item.deprecated ? <span className="badge badge-warning" data-testid={`deprecated-${item.name}`}>deprecated</span> : null}
      </div>
      <div className="palette-item-desc">{item.description}</div>
      <div className="palette-item-ports" aria-hidden="true">
        {ports.map((p) => (
          <span key={`${p.side}-${p.name}`} className={`port-dot type-${p.type}`} title={`${p.side === 'in' ? 'input' : 'output'} ${p.name} (${p.type})`} />
        ))}
      </div>
    </li>
  );
});

/** The components, grouped by category, searchable; items are dragged onto the canvas. */
function PaletteImpl({ catalog, onAdd }: PaletteProps) {
  const [query, setQuery] = useState('');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const groups = useMemo(() => catalog.palette(), [catalog]);
  const filtered = useMemo(
    () => groups.map((g) => ({ ...g, items: g.items.filter((i) => matches(i, query.trim())) })).filter((g) => g.items.length > 0),
    [groups, query],
  );
  const toggle = (category: string) => {
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(category)) next.delete(category);
      else next.add(category);
      return next;
    });
  };
  return (
    <aside className="palette" aria-label="Components">
      <div className="palette-search">
        <input
          className="input"
          type="search"
          placeholder="Search components"
          aria-label="Search components"
          data-testid="palette-search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      <div className="palette-list">
        {catalog.size === 0 ? <p className="muted small">No components are available.</p> : null}
        {catalog.size > 0 && filtered.length === 0 ? <p className="muted small">No component matches “{query}”.</p> : null}
        {filtered.map((group) => {
          // While searching, every group with a match is open.
          const open = query.trim() !== '' || !collapsed.has(group.category);
          const listId = `palette-group-${group.category}`;
          return (
            <section key={group.category} className="palette-group" data-testid={`palette-group-${group.category}`}>
              <button
                type="button"
                className="palette-group-toggle"
                aria-expanded={open}
                aria-controls={listId}
                onClick={() => toggle(group.category)}
              >
                <span className="chevron" aria-hidden="true">›</span>
                {group.category}
                <span className="faint">({group.items.length})</span>
              </button>
              {open ? (
                <ul className="palette-items" id={listId} aria-label={`${group.category} components`}>
                  {group.items.map((item) => (
                    <PaletteItem key={item.name} item={item} onAdd={onAdd} />
                  ))}
                </ul>
              ) : null}
            </section>
          );
        })}
      </div>
    </aside>
  );
}

/** Memoized: the editor re-renders on every move of a dragged step, this does not. */
export const Palette = memo(PaletteImpl);
