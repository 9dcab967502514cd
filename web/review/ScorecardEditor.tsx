import { useEffect, useState } from 'react';
import type { Role } from '../../shared/api';
import { DIMENSION_IDS, OVERALL, RUBRIC, type DimensionId, type Overall } from '../../shared/rubric';
import type { CardStatus, Evidence, Score, Scorecard } from '../../shared/scorecard';
import { api, ApiError } from '../api';

export const OVERALL_LABEL: Record<Overall, string> = {
  'strong-no-hire': 'Strong no hire',
  'no-hire': 'No hire',
  hire: 'Hire',
  'strong-hire': 'Strong hire',
};

export function evidenceLabel(e: Evidence, start: number): string {
  const at = formatOffset(e.ts - start);
  return e.kind === 'moment' ? `at ${at}` : e.kind === 'chat' ? `chat line at ${at}` : `shape at ${at}`;
}

export function formatOffset(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * Your scorecard: a 1-4 level per dimension with what each level looks like, a comment that can cite
 * evidence from the session, the overall recommendation and notes. Saved as a draft any time.
 */
export function ScorecardEditor({
  sessionId,
  role,
  initial,
  signals,
  takeEvidence,
  sessionStart,
  onSaved,
  compact,
}: {
  sessionId: string;
  role: Role;
  initial: Scorecard | null;
  signals?: Partial<Record<DimensionId, string[]>>;
  /** Returns evidence for "now" (the live clock, or the replay position). */
  takeEvidence?: () => Evidence | null;
  sessionStart: number;
  onSaved?: (card: Scorecard) => void;
  compact?: boolean;
}) {
  const [scores, setScores] = useState<Record<string, Score>>(() => Object.fromEntries((initial?.scores ?? []).map((s) => [s.dimension, s])));
  const [overall, setOverall] = useState<Overall | null>(initial?.overall ?? null);
  const [notes, setNotes] = useState(initial?.notes ?? '');
  const [status, setStatus] = useState<CardStatus | 'none'>(initial?.status ?? 'none');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!initial) return;
    // The card arrives after the first render (it is fetched): the form then takes its values.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setScores(Object.fromEntries(initial.scores.map((s) => [s.dimension, s])));
    setOverall(initial.overall);
    setNotes(initial.notes);
    setStatus(initial.status);
  }, [initial]);

  const set = (d: DimensionId, patch: Partial<Score>) =>
    setScores((prev) => ({ ...prev, [d]: { dimension: d, score: prev[d]?.score ?? 0, comment: prev[d]?.comment ?? '', evidence: prev[d]?.evidence ?? [], ...patch } as Score }));

  const save = async (next: CardStatus) => {
    setBusy(true);
    setMessage(null);
    try {
      const body = {
        scores: next === 'skipped' ? [] : Object.values(scores).filter((s) => s.score >= 1),
        overall: next === 'skipped' ? null : overall,
        notes,
        status: next,
      };
      const card = await api.put<Scorecard>(`/sessions/${encodeURIComponent(sessionId)}/scorecard`, body);
      setStatus(card.status);
      setMessage({ kind: 'ok', text: next === 'draft' ? 'Draft saved.' : next === 'submitted' ? 'Scorecard submitted.' : 'Skipped: you can now see the other scorecard once the session has ended.' });
      onSaved?.(card);
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof ApiError ? err.message : 'Could not save the scorecard.' });
    } finally {
      setBusy(false);
    }
  };

  const who = role === 'interviewer' ? 'Score the candidate' : 'Assess yourself';
  return (
    <form className={`scorecard-editor ${compact ? 'compact' : ''}`} onSubmit={(e) => e.preventDefault()} aria-label={who}>
      <p className="muted">
        {who} on each dimension. {status !== 'none' && <span className="badge">{status === 'draft' ? 'Draft' : status === 'submitted' ? 'Submitted' : 'Skipped'}</span>}
      </p>
      {DIMENSION_IDS.map((d) => {
        const info = RUBRIC[d];
        const current = scores[d];
        return (
          <fieldset key={d} className="dimension">
            <legend>{info.title}</legend>
            <div className="levels" role="radiogroup" aria-label={`${info.title} score`}>
              {info.levels.map((text, i) => (
                <label key={i} className={`level ${current?.score === i + 1 ? 'chosen' : ''}`} title={text}>
                  <input type="radio" name={`score-${d}`} value={i + 1} checked={current?.score === i + 1} onChange={() => set(d, { score: i + 1 })} />
                  <span className="level-num">{i + 1}</span>
                  {!compact && <span className="level-text">{text}</span>}
                </label>
              ))}
            </div>
            {compact && current?.score ? <p className="muted small">{info.levels[current.score - 1]}</p> : null}
            {signals?.[d]?.length ? (
              <details className="signals">
                <summary>Signals for this problem</summary>
                <ul>{signals[d]!.map((s) => <li key={s}>{s}</li>)}</ul>
              </details>
            ) : null}
            <label className="visually-hidden" htmlFor={`comment-${d}`}>{info.title} comment</label>
            <textarea id={`comment-${d}`} rows={2} placeholder="What did you see? (optional)" value={current?.comment ?? ''} maxLength={2000} onChange={(e) => set(d, { comment: e.target.value })} />
            <div className="row evidence-row">
              {(current?.evidence ?? []).map((ev, i) => (
                <span key={i} className="badge accent">
                  {evidenceLabel(ev, sessionStart)}
                  <button type="button" className="chip-x" aria-label="Remove evidence" onClick={() => set(d, { evidence: current!.evidence.filter((_, j) => j !== i) })}>×</button>
                </span>
              ))}
              {takeEvidence && (
                <button type="button" className="btn ghost small" onClick={() => {
                  const ev = takeEvidence();
                  if (ev) set(d, { evidence: [...(current?.evidence ?? []), ev].slice(-10), score: current?.score ?? 0 });
                }}>+ Link this moment</button>
              )}
            </div>
          </fieldset>
        );
      })}
      <div className="field">
        <label htmlFor="overall">Overall recommendation</label>
        <select id="overall" value={overall ?? ''} onChange={(e) => setOverall((e.target.value || null) as Overall | null)}>
          <option value="">Choose…</option>
          {OVERALL.map((o) => <option key={o} value={o}>{OVERALL_LABEL[o]}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="notes">Notes</label>
        <textarea id="notes" rows={3} value={notes} maxLength={10000} onChange={(e) => setNotes(e.target.value)} />
      </div>
      {message && <div className={message.kind === 'ok' ? 'banner info' : 'form-error'} role={message.kind === 'ok' ? 'status' : 'alert'}>{message.text}</div>}
      <div className="row">
        <button type="button" className="btn" disabled={busy} onClick={() => void save('draft')}>Save draft</button>
        <button type="button" className="btn primary" disabled={busy} onClick={() => void save('submitted')}>Submit scorecard</button>
        {status !== 'submitted' && <button type="button" className="btn ghost" disabled={busy} onClick={() => void save('skipped')}>Skip</button>}
      </div>
    </form>
  );
}
