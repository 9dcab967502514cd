import { useEffect, useRef, useState } from 'react';
import { computeEstimate, DEFAULT_INPUTS, FIGURE_KEYS, FIGURES, formatValue, INPUT_KEYS, type EstimateInputs } from '../../shared/estimate';

const INPUT_LABELS: Record<keyof EstimateInputs, { label: string; unit: string }> = {
  dau: { label: 'Daily active users', unit: 'users' },
  writesPerUserPerDay: { label: 'Writes per user per day', unit: '/day' },
  readsPerUserPerDay: { label: 'Reads per user per day', unit: '/day' },
  peakFactor: { label: 'Peak / average', unit: '×' },
  writeSizeBytes: { label: 'Bytes per write', unit: 'B' },
  readSizeBytes: { label: 'Bytes per read', unit: 'B' },
  retentionYears: { label: 'Retention', unit: 'years' },
  replicationFactor: { label: 'Replication', unit: 'copies' },
  cacheHotFraction: { label: 'Hot fraction to cache', unit: '0-1' },
};

/**
 * The capacity worksheet: inputs on the left, figures computed by the shared estimation module on the
 * right. Edits are sent (debounced) as estimate ops and show up live for the peer.
 */
export function EstimateWorksheet({
  values,
  canEdit,
  onChange,
}: {
  values: Partial<EstimateInputs>;
  canEdit: boolean;
  onChange: (patch: Partial<EstimateInputs>) => void;
}) {
  const [draft, setDraft] = useState<Record<string, string>>({});
  const focused = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const queued = useRef<Partial<EstimateInputs>>({});

  // Remote changes flow into every field but the one being typed in.
  useEffect(() => {
    setDraft((d) => {
      const next: Record<string, string> = { ...d };
      for (const k of INPUT_KEYS) if (k !== focused.current) next[k] = values[k] !== undefined ? String(values[k]) : '';
      return next;
    });
  }, [values]);

  const flush = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (Object.keys(queued.current).length) onChange(queued.current);
    queued.current = {};
  };
  useEffect(() => flush, []); // eslint-disable-line react-hooks/exhaustive-deps

  const edit = (k: keyof EstimateInputs, raw: string) => {
    setDraft((d) => ({ ...d, [k]: raw }));
    const n = Number(raw.replaceAll(',', '').replaceAll('_', ''));
    if (raw.trim() === '' || !Number.isFinite(n) || n < 0) return;
    queued.current = { ...queued.current, [k]: n };
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(flush, 400);
  };

  const effective: Partial<EstimateInputs> = { ...values };
  for (const k of INPUT_KEYS) {
    const n = Number((draft[k] ?? '').replaceAll(',', '').replaceAll('_', ''));
    if ((draft[k] ?? '').trim() !== '' && Number.isFinite(n) && n >= 0) effective[k] = n;
  }
  const figures = computeEstimate(effective);

  return (
    <div className="worksheet">
      <form className="worksheet-inputs" onSubmit={(e) => e.preventDefault()} aria-label="Estimation inputs">
        <h3>Assumptions</h3>
        {INPUT_KEYS.map((k) => {
          const invalid = (draft[k] ?? '').trim() !== '' && !(Number((draft[k] ?? '').replaceAll(',', '')) >= 0);
          return (
            <div className="field compact" key={k}>
              <label htmlFor={`est-${k}`}>{INPUT_LABELS[k].label} <span className="muted">({INPUT_LABELS[k].unit})</span></label>
              <input
                id={`est-${k}`}
                type="text"
                inputMode="decimal"
                placeholder={String(DEFAULT_INPUTS[k])}
                value={draft[k] ?? ''}
                disabled={!canEdit}
                aria-invalid={invalid}
                onFocus={() => (focused.current = k)}
                onBlur={() => {
                  focused.current = null;
                  flush();
                }}
                onChange={(e) => edit(k, e.target.value)}
              />
            </div>
          );
        })}
        <p className="hint muted">Empty fields use the placeholder value.</p>
      </form>
      <div className="worksheet-results" aria-live="polite">
        <h3>Figures</h3>
        <table className="table" aria-label="Computed figures">
          <tbody>
            {FIGURE_KEYS.map((k) => (
              <tr key={k}>
                <th scope="row">{FIGURES[k].label}</th>
                <td data-testid={`fig-${k}`}><strong>{formatValue(figures[k], FIGURES[k].unit)}</strong></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
