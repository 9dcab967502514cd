import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { FIGURE_KEYS, FIGURES, formatValue, INPUT_KEYS, type EstimateInputs, type Unit } from '../../shared/estimate';
import { parseQuantity } from '../../shared/quantity';

const INPUT_LABELS: Record<keyof EstimateInputs, { label: string; unit: string; example: string }> = {
  dau: { label: 'Daily active users', unit: 'users', example: 'e.g. 100M' },
  writesPerUserPerDay: { label: 'Writes per user per day', unit: '/day', example: 'e.g. 0.1' },
  readsPerUserPerDay: { label: 'Reads per user per day', unit: '/day', example: 'e.g. 10' },
  peakFactor: { label: 'Peak / average', unit: '×', example: 'e.g. 3' },
  writeSizeBytes: { label: 'Size of a write', unit: 'bytes', example: 'e.g. 500 B or 2 KB' },
  readSizeBytes: { label: 'Size of a read', unit: 'bytes', example: 'e.g. 500 B' },
  retentionYears: { label: 'Retention', unit: 'years', example: 'e.g. 10' },
  replicationFactor: { label: 'Replication', unit: 'copies', example: 'e.g. 3' },
  cacheHotFraction: { label: 'Hot fraction to cache', unit: '0-1', example: 'e.g. 0.2' },
};

export interface FigurePrompt {
  key: string;
  label: string;
  unit: Unit;
}

/** The standard figures, for a problem that names none of its own. */
export const STANDARD_PROMPTS: FigurePrompt[] = FIGURE_KEYS.map((k) => ({ key: k, label: FIGURES[k].label, unit: FIGURES[k].unit }));

const SCALES = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'K']] as const;

/** A number as a person would type it back: 100000000 → "100M", 0.2 → "0.2". */
export function compactQuantity(v: number, sizes = false): string {
  for (const [scale, suffix] of SCALES) {
    if (Math.abs(v) < scale) continue;
    const x = Number((v / scale).toPrecision(6));
    if (Math.abs(x * 1000 - Math.round(x * 1000)) < 1e-6) return sizes ? `${x} ${suffix === 'B' ? 'G' : suffix === 'T' ? 'T' : suffix}B` : `${x}${suffix}`;
    break;
  }
  return String(Number(v.toPrecision(6)));
}

/**
 * The capacity worksheet. The candidate types her assumptions and, separately, the figures she derives
 * from them: a figure cell evaluates the arithmetic she types (`100M*10/86400`) and shows its unit, and
 * nothing is ever computed from the assumptions for her (deriving them out loud is the skill). Edits
 * are sent debounced as estimate ops and appear live for the interviewer.
 */
export function EstimateWorksheet({
  inputs,
  figures,
  prompts,
  canEdit,
  onChange,
}: {
  inputs: Partial<EstimateInputs>;
  figures: Record<string, number>;
  prompts: FigurePrompt[];
  canEdit: boolean;
  onChange: (change: { inputs?: Partial<EstimateInputs>; figures?: Record<string, number | null> }) => void;
}) {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const queued = useRef<{ inputs: Partial<EstimateInputs>; figures: Record<string, number | null> }>({ inputs: {}, figures: {} });
  const send = useRef(onChange);
  useLayoutEffect(() => {
    send.current = onChange;
  });

  const flush = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const { inputs: i, figures: f } = queued.current;
    queued.current = { inputs: {}, figures: {} };
    const change: { inputs?: Partial<EstimateInputs>; figures?: Record<string, number | null> } = {};
    if (Object.keys(i).length) change.inputs = i;
    if (Object.keys(f).length) change.figures = f;
    if (change.inputs || change.figures) send.current(change);
  };
  useEffect(() => flush, []);

  const queue = (patch: () => void, now: boolean) => {
    patch();
    if (timer.current) clearTimeout(timer.current);
    if (now) flush();
    else timer.current = setTimeout(flush, 500);
  };

  return (
    <div className="worksheet">
      <form className="worksheet-inputs" onSubmit={(e) => e.preventDefault()} aria-label="Assumptions">
        <h3>Assumptions</h3>
        <p className="hint muted">
          {canEdit ? 'State what you assume. Type numbers as you would say them: 100M, 1.5B, 2 KB.' : 'What the candidate assumes, as she types it.'}
        </p>
        {INPUT_KEYS.map((k) => (
          <QuantityField
            key={k}
            id={`est-${k}`}
            label={INPUT_LABELS[k].label}
            unitHint={INPUT_LABELS[k].unit}
            placeholder={canEdit ? INPUT_LABELS[k].example : '—'}
            value={inputs[k] ?? null}
            canEdit={canEdit}
            onValue={(v, now) => v !== null && queue(() => (queued.current.inputs = { ...queued.current.inputs, [k]: v }), now)}
          />
        ))}
      </form>
      <form className="worksheet-results" onSubmit={(e) => e.preventDefault()} aria-label="Your figures">
        <h3>{canEdit ? 'Your figures' : "The candidate's figures"}</h3>
        <p className="hint muted">
          {canEdit ? (
            <>Derive each one out loud, then type it or the arithmetic: <code>100M*10/86400</code>. Nothing here is worked out for you.</>
          ) : (
            'She derives these herself; your guide checks them against the reference.'
          )}
        </p>
        {prompts.map((p) => (
          <QuantityField
            key={p.key}
            id={`fig-${p.key}`}
            label={p.label}
            unit={p.unit}
            placeholder={canEdit ? 'your estimate' : '—'}
            value={figures[p.key] ?? null}
            canEdit={canEdit}
            showValue
            allowEmpty
            onValue={(v, now) => queue(() => (queued.current.figures = { ...queued.current.figures, [p.key]: v }), now)}
          />
        ))}
      </form>
    </div>
  );
}

/**
 * One number field that keeps what was typed: a bad entry shows why inline and stays in the field
 * (nothing is thrown away by an edit elsewhere or by a peer's update); a good one is sent.
 */
function QuantityField({
  id,
  label,
  unit,
  unitHint,
  placeholder,
  value,
  canEdit,
  showValue = false,
  allowEmpty = false,
  onValue,
}: {
  id: string;
  label: string;
  unit?: Unit;
  unitHint?: string;
  placeholder: string;
  value: number | null;
  canEdit: boolean;
  showValue?: boolean;
  allowEmpty?: boolean;
  onValue: (v: number | null, now: boolean) => void;
}) {
  const sizes = unit === 'bytes' || unit === 'bytesPerSec' || unitHint === 'bytes';
  const [draft, setDraft] = useState(value === null ? '' : compactQuantity(value, sizes));
  const [focused, setFocused] = useState(false);
  const errorId = useId();
  const parsed = draft.trim() === '' ? null : parseQuantity(draft, { sizes });
  const invalid = parsed !== null && !parsed.ok;

  // A peer's (or a reload's) value flows in unless this field is being edited or holds a bad entry.
  useEffect(() => {
    if (focused || invalid) return;
    // A value from outside (a peer, a reload) replaces the draft: that is this effect's whole job.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setDraft((d) => {
      const current = d.trim() === '' ? null : parseQuantity(d, { sizes });
      const same = value === null ? current === null : current?.ok && Math.abs(current.value - value) <= Math.abs(value) * 1e-9;
      return same ? d : value === null ? '' : compactQuantity(value, sizes);
    });
  }, [value]); // eslint-disable-line react-hooks/exhaustive-deps

  const edit = (raw: string, now: boolean) => {
    if (raw.trim() === '') return allowEmpty && onValue(null, now);
    const r = parseQuantity(raw, { sizes });
    if (r.ok) onValue(r.value, now);
  };

  return (
    <div className={`field compact quantity${invalid ? ' invalid' : ''}`}>
      <label htmlFor={id}>
        {label} {unitHint && <span className="muted">({unitHint})</span>}
      </label>
      <div className="quantity-row">
        <input
          id={id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          placeholder={placeholder}
          value={draft}
          disabled={!canEdit}
          aria-invalid={invalid}
          aria-describedby={invalid ? errorId : undefined}
          onFocus={() => setFocused(true)}
          onBlur={() => {
            setFocused(false);
            edit(draft, true);
          }}
          onKeyDown={(e) => e.key === 'Enter' && edit(draft, true)}
          onChange={(e) => {
            setDraft(e.target.value);
            edit(e.target.value, false);
          }}
        />
        {showValue && unit && (
          <output htmlFor={id} className="quantity-value" data-testid={`${id}-value`}>
            {parsed?.ok ? `= ${formatValue(parsed.value, unit)}` : value !== null && !invalid ? `= ${formatValue(value, unit)}` : ''}
          </output>
        )}
      </div>
      {invalid && (
        <p className="field-error" id={errorId} role="alert">
          {(parsed as { message: string }).message}
        </p>
      )}
    </div>
  );
}
