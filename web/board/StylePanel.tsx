/** Stroke colour, fill, width, line style and arrowheads: for the selection, and for what comes next. */
import { ARROWHEADS, STROKE_STYLES, strokeStyleOf, type ShapeStyle } from '../../shared/board';
import { PALETTE, paint } from './palette';

const WIDTHS = [{ name: 'Thin', value: 1 }, { name: 'Bold', value: 2 }, { name: 'Extra bold', value: 4 }];
const HEAD_LABEL: Record<(typeof ARROWHEADS)[number], string> = { end: 'Head at the end', start: 'Head at the start', both: 'Heads at both ends', none: 'No heads' };
const HEAD_ICON: Record<(typeof ARROWHEADS)[number], string> = { end: 'M3 12h16 M14 7l5 5-5 5', start: 'M5 12h16 M10 7l-5 5 5 5', both: 'M5 12h14 M10 7l-5 5 5 5 M14 7l5 5-5 5', none: 'M4 12h16' };
const LINE_ICON: Record<(typeof STROKE_STYLES)[number], string> = { solid: '', dashed: '5 4', dotted: '0 4' };

export function StylePanel({ style, showArrowheads, onChange }: { style: ShapeStyle; showArrowheads: boolean; onChange: (patch: ShapeStyle) => void }) {
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
    </div>
  );
}
