/**
 * A keyboard-only, screen-reader friendly outline of the diagram: components and connections as
 * editable lists, kept in sync with the canvas because both are views of the same board. A candidate
 * can build a whole design here without a mouse.
 */
import { useState, type FormEvent } from 'react';
import { COMPONENT_KINDS, type Board, type BoardOp, type ComponentKind, type Shape } from '../../shared/board';
import { center, shapeBounds, unionBounds, type Point } from './geometry';
import { COMPONENTS } from './shapes';

function nameOf(s: Shape): string {
  if (s.text) return s.text;
  if (s.type === 'component' && s.component) return COMPONENTS[s.component].label;
  return `${s.type} ${s.id.slice(-4)}`;
}

function kindOf(s: Shape): string {
  return s.type === 'component' && s.component ? COMPONENTS[s.component].label : s.type;
}

let outlineIds = 0;
function newId(): string {
  return `ol${Date.now().toString(36)}${(++outlineIds).toString(36)}${Math.random().toString(36).slice(2, 5)}`;
}

export function Outline({
  board,
  canEdit,
  onOps,
  addComponent,
  onClose,
}: {
  board: Board;
  canEdit: boolean;
  onOps: (ops: BoardOp[]) => void;
  addComponent: (kind: ComponentKind, at?: Point, label?: string) => string;
  onClose: () => void;
}) {
  const shapes = board.order.map((id) => board.shapes.get(id)!);
  const nodes = shapes.filter((s) => s.type !== 'arrow' && s.type !== 'pen');
  const arrows = shapes.filter((s) => s.type === 'arrow');
  const [kind, setKind] = useState<ComponentKind>('app-service');
  const [label, setLabel] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [arrowLabel, setArrowLabel] = useState('');
  const [status, setStatus] = useState('');

  const add = (e: FormEvent) => {
    e.preventDefault();
    // New components go in a row below whatever is already drawn.
    const bounds = unionBounds(nodes.map((s) => shapeBounds(s, board)));
    const at = bounds ? { x: bounds.x + 90 + (nodes.length % 4) * 220, y: bounds.y + bounds.h + 80 } : { x: 90 + (nodes.length % 4) * 220, y: 60 };
    addComponent(kind, at, label.trim() || undefined);
    setStatus(`Added ${label.trim() || COMPONENTS[kind].label}.`);
    setLabel('');
  };

  const connect = (e: FormEvent) => {
    e.preventDefault();
    const a = board.shapes.get(from);
    const b = board.shapes.get(to);
    if (!a || !b || a.id === b.id) {
      setStatus('Pick two different components to connect.');
      return;
    }
    const ca = center(a);
    const cb = center(b);
    const shape: Shape = { id: newId(), type: 'arrow', x: ca.x, y: ca.y, w: cb.x - ca.x, h: cb.y - ca.y, from: a.id, to: b.id };
    if (arrowLabel.trim()) shape.text = arrowLabel.trim();
    onOps([{ kind: 'add', shape }]);
    setStatus(`Connected ${nameOf(a)} to ${nameOf(b)}.`);
    setArrowLabel('');
  };

  const rename = (s: Shape, text: string) => {
    const t = text.trim();
    if (t === (s.text ?? '')) return;
    onOps([{ kind: 'update', id: s.id, patch: { text: t || null } }]);
  };

  return (
    <aside className="wb-outline" aria-labelledby="outline-title">
      <div className="spread">
        <h2 id="outline-title">Diagram outline</h2>
        <button className="btn ghost small" onClick={onClose} aria-label="Close the outline">×</button>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">{status}</p>

      <h3 id="outline-components">Components ({nodes.length})</h3>
      {nodes.length === 0 ? <p className="muted">Nothing drawn yet.</p> : (
        <ul aria-labelledby="outline-components" className="outline-list">
          {nodes.map((s) => (
            <li key={s.id}>
              <label className="visually-hidden" htmlFor={`ol-${s.id}`}>Label of {kindOf(s)}</label>
              <input
                id={`ol-${s.id}`}
                type="text"
                defaultValue={s.text ?? ''}
                key={s.text ?? ''}
                placeholder={nameOf(s)}
                disabled={!canEdit}
                onBlur={(e) => rename(s, e.target.value)}
                onKeyDown={(e) => e.key === 'Enter' && rename(s, e.currentTarget.value)}
              />
              <span className="muted outline-kind">{kindOf(s)}</span>
              {canEdit && (
                <button className="btn ghost small" onClick={() => onOps([{ kind: 'delete', ids: [s.id] }])} aria-label={`Delete ${nameOf(s)}`}>Delete</button>
              )}
            </li>
          ))}
        </ul>
      )}

      <h3 id="outline-connections">Connections ({arrows.length})</h3>
      {arrows.length === 0 ? <p className="muted">No arrows yet.</p> : (
        <ul aria-labelledby="outline-connections" className="outline-list">
          {arrows.map((s) => {
            const a = s.from ? board.shapes.get(s.from) : undefined;
            const b = s.to ? board.shapes.get(s.to) : undefined;
            const text = `${a ? nameOf(a) : 'a point'} → ${b ? nameOf(b) : 'a point'}`;
            return (
              <li key={s.id}>
                <span className="outline-conn">{text}</span>
                <label className="visually-hidden" htmlFor={`ol-${s.id}`}>Label of connection {text}</label>
                <input
                  id={`ol-${s.id}`}
                  type="text"
                  defaultValue={s.text ?? ''}
                  key={s.text ?? ''}
                  placeholder="label"
                  disabled={!canEdit}
                  onBlur={(e) => rename(s, e.target.value)}
                  onKeyDown={(e) => e.key === 'Enter' && rename(s, e.currentTarget.value)}
                />
                {canEdit && (
                  <button className="btn ghost small" onClick={() => onOps([{ kind: 'delete', ids: [s.id] }])} aria-label={`Delete connection ${text}`}>Delete</button>
                )}
              </li>
            );
          })}
        </ul>
      )}

      {canEdit && (
        <>
          <form onSubmit={add} className="outline-form" aria-labelledby="outline-add">
            <h3 id="outline-add">Add a component</h3>
            <label htmlFor="ol-kind">Building block</label>
            <select id="ol-kind" value={kind} onChange={(e) => setKind(e.target.value as ComponentKind)}>
              {COMPONENT_KINDS.map((k) => <option key={k} value={k}>{COMPONENTS[k].label}</option>)}
            </select>
            <label htmlFor="ol-label">Label</label>
            <input id="ol-label" type="text" value={label} placeholder={COMPONENTS[kind].label} onChange={(e) => setLabel(e.target.value)} />
            <button className="btn small primary" type="submit">Add component</button>
          </form>
          <form onSubmit={connect} className="outline-form" aria-labelledby="outline-connect">
            <h3 id="outline-connect">Connect two components</h3>
            <label htmlFor="ol-from">From</label>
            <select id="ol-from" value={from} onChange={(e) => setFrom(e.target.value)}>
              <option value="">Choose…</option>
              {nodes.map((s) => <option key={s.id} value={s.id}>{nameOf(s)}</option>)}
            </select>
            <label htmlFor="ol-to">To</label>
            <select id="ol-to" value={to} onChange={(e) => setTo(e.target.value)}>
              <option value="">Choose…</option>
              {nodes.map((s) => <option key={s.id} value={s.id}>{nameOf(s)}</option>)}
            </select>
            <label htmlFor="ol-arrow-label">Label (e.g. HTTPS, async)</label>
            <input id="ol-arrow-label" type="text" value={arrowLabel} onChange={(e) => setArrowLabel(e.target.value)} />
            <button className="btn small primary" type="submit">Connect</button>
          </form>
        </>
      )}
    </aside>
  );
}
