/**
 * Stroke colour, fill, width, line style and arrowheads: for the selection, and for what comes next.
 * With a selection it also holds what to do with it (layers, duplicate, delete, align), as
 * Excalidraw's properties panel does, so the toolbar above keeps one row.
 */
import { ARROWHEADS, STROKE_STYLES, strokeStyleOf, type ShapeStyle } from '../../shared/board';
import type { InputEvent } from './interaction';
import { PALETTE, paint } from './palette';

const WIDTHS = [{ name: 'Thin', value: 1 }, { name: 'Bold', value: 2 }, { name: 'Extra bold', value: 4 }];
const HEAD_LABEL: Record<(typeof ARROWHEADS)[number], string> = { end: 'Head at the end', start: 'Head at the start', both: 'Heads at both ends', none: 'No heads' };
const HEAD_ICON: Record<(typeof ARROWHEADS)[number], string> = { end: 'M3 12h16 M14 7l5 5-5 5', start: 'M5 12h16 M10 7l-5 5 5 5', both: 'M5 12h14 M10 7l-5 5 5 5 M14 7l5 5-5 5', none: 'M4 12h16' };
const LINE_ICON: Record<(typeof STROKE_STYLES)[number], string> = { solid: '', dashed: '5 4', dotted: '0 4' };

type Action = { label: string; title: string; icon: string; event: InputEvent; danger?: boolean; min?: number };
const ARRANGE: Action[] = [
  { label: 'Bring to front', title: 'Bring to front (])', icon: 'M5 4h14 M12 20V9 M7 13l5-5 5 5', event: { type: 'reorder', to: 'front' } },
  { label: 'Send to back', title: 'Send to back ([)', icon: 'M5 20h14 M12 4v11 M7 11l5 5 5-5', event: { type: 'reorder', to: 'back' } },
  { label: 'Duplicate', title: 'Duplicate (Ctrl+D)', icon: 'M9 9h11v11H9z M5 15V4h11', event: { type: 'duplicate' } },
  { label: 'Delete', title: 'Delete (Del)', icon: 'M4 7h16 M9 7V4h6v3 M6 7l1 13h10l1-13 M10 11v6 M14 11v6', event: { type: 'delete' }, danger: true },
];
const ALIGN: Action[] = [
  { label: 'Align left', title: 'Align left', icon: 'M4 3v18 M8 6h11v4H8z M8 14h6v4H8z', event: { type: 'align', edge: 'left' } },
  { label: 'Align centres', title: 'Align centres', icon: 'M12 3v18 M6 6h12v4H6z M8 14h8v4H8z', event: { type: 'align', edge: 'center' } },
  { label: 'Align right', title: 'Align right', icon: 'M20 3v18 M5 6h11v4H5z M10 14h6v4h-6z', event: { type: 'align', edge: 'right' } },
  { label: 'Align top', title: 'Align top', icon: 'M3 4h18 M6 8h4v11H6z M14 8h4v6h-4z', event: { type: 'align', edge: 'top' } },
  { label: 'Align middles', title: 'Align middles', icon: 'M3 12h18 M6 6h4v12H6z M14 8h4v8h-4z', event: { type: 'align', edge: 'middle' } },
  { label: 'Align bottom', title: 'Align bottom', icon: 'M3 20h18 M6 5h4v11H6z M14 10h4v6h-4z', event: { type: 'align', edge: 'bottom' } },
  { label: 'Distribute horizontally', title: 'Distribute horizontally (three or more)', icon: 'M4 4v16 M20 4v16 M10 8h4v8h-4z', event: { type: 'distribute', axis: 'x' }, min: 3 },
  { label: 'Distribute vertically', title: 'Distribute vertically (three or more)', icon: 'M4 4h16 M4 20h16 M8 10h8v4H8z', event: { type: 'distribute', axis: 'y' }, min: 3 },
];

function ActionButton({ a, selected, onEvent }: { a: Action; selected: number; onEvent: (ev: InputEvent) => void }) {
  return (
    <button type="button" className={`wb-tool icon ${a.danger ? 'danger' : ''}`} aria-label={a.label} title={a.title} disabled={selected < (a.min ?? 1)} onClick={() => onEvent(a.event)}>
      <svg width="20" height="20" viewBox="0 0 24 24" fill="none" aria-hidden="true"><path d={a.icon} stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" /></svg>
    </button>
  );
}

export function StylePanel({
  style,
  showArrowheads,
  selected = 0,
  onChange,
  onEvent,
}: {
  style: ShapeStyle;
  showArrowheads: boolean;
  /** How many shapes are selected: their actions show from one, alignment from two. */
  selected?: number;
  onChange: (patch: ShapeStyle) => void;
  onEvent?: (ev: InputEvent) => void;
}) {
  const stroke = style.stroke ?? PALETTE[0].value;
  const line = strokeStyleOf(style);
  return (
    <div className="wb-style" role="group" aria-label="Style">
      <fieldset>
        <legend>Stroke</legend>
        {PALETTE.map((c) => (
          <button key={c.value} type="button" className="swatch" aria-label={`Stroke ${c.name}`} aria-pressed={stroke === c.value} style={{ background: paint(c.value) }} onClick={() => onChange({ stroke: c.value })} />
        ))}
      </fieldset>
      <fieldset>
        <legend>Fill</legend>
        <button type="button" className="swatch none" aria-label="No fill" aria-pressed={style.fill === 'transparent'} onClick={() => onChange({ fill: 'transparent' })} />
        {PALETTE.map((c) => (
          <button key={c.value} type="button" className="swatch fill" aria-label={`Fill ${c.name}`} aria-pressed={style.fill === c.value} style={{ background: `color-mix(in srgb, ${paint(c.value)} 30%, var(--board-bg))` }} onClick={() => onChange({ fill: c.value })} />
        ))}
      </fieldset>
      <fieldset>
        <legend>Width</legend>
        {WIDTHS.map((w) => (
          <button key={w.value} type="button" className="wb-tool icon" aria-label={`Stroke width ${w.name}`} aria-pressed={(style.strokeWidth ?? 2) === w.value} onClick={() => onChange({ strokeWidth: w.value })}>
            <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true"><path d="M4 12h16" stroke="currentColor" strokeWidth={w.value + 0.5} strokeLinecap="round" /></svg>
          </button>
        ))}
      </fieldset>
      <fieldset>
        <legend>Line</legend>
        {STROKE_STYLES.map((s) => (
          <button key={s} type="button" className="wb-tool icon" aria-label={`Line ${s}`} aria-pressed={line === s} onClick={() => onChange({ strokeStyle: s, dashed: undefined })}>
            <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true"><path d="M3 12h18" stroke="currentColor" strokeWidth={2} strokeDasharray={LINE_ICON[s] || undefined} strokeLinecap="round" /></svg>
          </button>
        ))}
      </fieldset>
      {showArrowheads && (
        <fieldset>
          <legend>Arrowheads</legend>
          {ARROWHEADS.map((h) => (
            <button key={h} type="button" className="wb-tool icon" aria-label={HEAD_LABEL[h]} aria-pressed={(style.arrowheads ?? 'end') === h} onClick={() => onChange({ arrowheads: h })}>
              <svg width="20" height="20" viewBox="0 0 24 24" fill="none" aria-hidden="true"><path d={HEAD_ICON[h]} stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" /></svg>
            </button>
          ))}
        </fieldset>
      )}
      {selected > 0 && onEvent && (
        <fieldset>
          <legend>Arrange</legend>
          {ARRANGE.map((a) => <ActionButton key={a.label} a={a} selected={selected} onEvent={onEvent} />)}
        </fieldset>
      )}
      {selected > 1 && onEvent && (
        <fieldset>
          <legend>Align</legend>
          {ALIGN.map((a) => <ActionButton key={a.label} a={a} selected={selected} onEvent={onEvent} />)}
        </fieldset>
      )}
    </div>
  );
}
