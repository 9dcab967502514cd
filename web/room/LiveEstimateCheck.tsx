import { useEffect, useState } from 'react';
import { formatValue } from '../../shared/estimate';
import type { EstimateCheck, FigureVerdict } from '../../shared/estimate-check';
import { api, type ApiError } from '../api';

const VERDICT: Record<FigureVerdict, { label: string; cls: string }> = {
  close: { label: 'close', cls: 'ok' },
  off: { label: 'off (< 10x)', cls: 'warn' },
  'way-off': { label: 'way off (> 10x)', cls: 'danger' },
  missing: { label: 'not yet', cls: '' },
};

export function VerdictBadge({ verdict }: { verdict: FigureVerdict }) {
  return <span className={`badge ${VERDICT[verdict].cls}`}>{VERDICT[verdict].label}</span>;
}

/** The estimate check as a table: hers, the reference, and what her own assumptions give. */
export function EstimateCheckTable({ check }: { check: EstimateCheck }) {
  return (
    <div className="table-scroll">
      <table className="table estimate-check" aria-label="Estimate check">
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col">Yours</th>
            <th scope="col">Reference</th>
            <th scope="col" title="What the candidate's own assumptions give: a gap here is an arithmetic slip, not a different assumption">From own assumptions</th>
            <th scope="col">Verdict</th>
          </tr>
        </thead>
        <tbody>
          {check.figures.map((f) => (
            <tr key={f.key} data-verdict={f.verdict}>
              <th scope="row">{f.label}</th>
              <td>{f.yours === null ? '—' : formatValue(f.yours, f.unit)}</td>
              <td>{formatValue(f.reference, f.unit)}</td>
              <td>{f.fromYourAssumptions === null ? '—' : formatValue(f.fromYourAssumptions, f.unit)}</td>
              <td>
                <VerdictBadge verdict={f.verdict} />
                {f.magnitudeOff !== null && f.magnitudeOff >= 0.5 && Number.isFinite(f.magnitudeOff) && (
                  <span className="muted small"> {f.yours! > f.reference ? '↑' : '↓'}{Math.round(10 ** f.magnitudeOff)}x</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The same check stacked per figure, for the narrow side panel. */
export function EstimateCheckList({ check }: { check: EstimateCheck }) {
  const typed = check.figures.filter((f) => f.yours !== null);
  return (
    <div className="check-list" role="table" aria-label="Estimate check">
      {typed.length === 0 && <p className="muted">No figures typed yet: they appear here as the candidate types them.</p>}
      {check.figures.map((f) => (
        <div key={f.key} role="row" className={`check-row ${f.verdict}`} aria-label={f.label}>
          <div className="check-head">
            <span role="rowheader">{f.label}</span>
            <span role="cell"><VerdictBadge verdict={f.verdict} /></span>
          </div>
          {f.yours !== null && (
            <div className="check-nums muted" role="cell">
              {formatValue(f.yours, f.unit)} · ref {formatValue(f.reference, f.unit)}
              {f.fromYourAssumptions !== null && <> · her assumptions give {formatValue(f.fromYourAssumptions, f.unit)}</>}
            </div>
          )}
        </div>
      ))}
    </div>
  );
}

/** For the interviewer during the session: re-checked whenever the candidate's estimate changes. */
export function LiveEstimateCheck({ sessionId, version }: { sessionId: string; version: unknown }) {
  const [check, setCheck] = useState<EstimateCheck | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stale = false;
    const t = setTimeout(() => {
      api.get<EstimateCheck>(`/sessions/${encodeURIComponent(sessionId)}/estimate-check`).then(
        (c) => !stale && (setCheck(c), setError(null)),
        (e: ApiError) => !stale && setError(e.message),
      );
    }, 400);
    return () => {
      stale = true;
      clearTimeout(t);
    };
  }, [sessionId, version]);
  if (error) return <p className="muted">{error}</p>;
  if (!check) return <p className="muted">Checking…</p>;
  return <EstimateCheckList check={check} />;
}
