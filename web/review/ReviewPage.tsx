import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { RecordingTrack, SessionInfo } from '../../shared/api';
import { formatClock, phaseElapsedMs, phaseRemainingMs } from '../../shared/clock';
import type { EstimateCheck } from '../../shared/estimate-check';
import { PHASES } from '../../shared/phases';
import { NOTE_SECTION_LABELS, NOTE_SECTIONS, type Notes } from '../../shared/protocol';
import type { ProblemGuide } from '../../shared/problem';
import { DIMENSION_IDS, RUBRIC } from '../../shared/rubric';
import { calibrationGap, type Evidence, type Scorecard, type ScorecardsResponse } from '../../shared/scorecard';
import type { FoldableEvent } from '../../shared/session-state';
import { api, ApiError, useApi } from '../api';
import { useAuth } from '../auth';
import { ErrorNote, Loading } from '../components/Loading';
import { Markdown } from '../components/Markdown';
import { shapeBounds, unionBounds } from '../board/geometry';
import { BoardSnapshot } from './BoardSnapshot';
import { ReferenceCompare } from './ReferenceCompare';
import { LevelExpectations } from '../components/LevelExpectations';
import { reviewMarkdown } from './markdown-export';
import { Replay } from './replay';
import { MAX_AUDIO_SPEED, ReviewAudio } from './ReviewAudio';
import { evidenceLabel, formatOffset, OVERALL_LABEL, ScorecardEditor } from './ScorecardEditor';
import { download } from '../board/export';
import { EstimateCheckTable } from '../room/LiveEstimateCheck';
import '../styles/review.css';

async function loadEvents(id: string): Promise<FoldableEvent[]> {
  const out: FoldableEvent[] = [];
  let after = 0;
  for (;;) {
    const page = await api.get<{ events: FoldableEvent[] }>(`/sessions/${encodeURIComponent(id)}/events?after=${after}&limit=5000`);
    out.push(...page.events);
    if (page.events.length < 5000) return out;
    after = page.events[page.events.length - 1]!.seq;
  }
}

export default function ReviewPage() {
  const { id = '' } = useParams();
  const info = useApi<SessionInfo>(`/sessions/${encodeURIComponent(id)}`);
  const [events, setEvents] = useState<FoldableEvent[] | null>(null);
  const [eventsError, setEventsError] = useState<ApiError | null>(null);
  useEffect(() => {
    loadEvents(id).then(setEvents, (e: ApiError) => setEventsError(e));
  }, [id]);
  if (info.error) {
    return (
      <div className="card auth-card">
        <h1>{info.error.status === 404 ? 'Session not found' : 'Cannot open this review'}</h1>
        <p className="muted">{info.error.status === 404 ? 'This session does not exist, or you were not part of it.' : info.error.message}</p>
        <Link className="btn primary" to="/sessions">My sessions</Link>
      </div>
    );
  }
  if (eventsError) return <ErrorNote error={eventsError} />;
  if (!info.data || !events) return <Loading label="Loading the session…" />;
  const d = info.data;
  if (d.cancelledBy !== undefined && d.startedAt === null && events.length === 0) {
    // A scheduled mock called off before anything happened in it: nothing to score or replay.
    return (
      <div className="card auth-card" data-testid="review-cancelled">
        <h1>{d.problemTitle ?? 'A mock interview'}</h1>
        <p><span className="badge warn">Cancelled</span></p>
        <p className="muted">{d.cancelledBy} called this scheduled mock off before it started, so there is nothing to review.</p>
        <Link className="btn primary" to="/sessions">My sessions</Link>
      </div>
    );
  }
  return <Review info={d} events={events} />;
}

function Review({ info, events }: { info: SessionInfo; events: FoldableEvent[] }) {
  const { me } = useAuth();
  const ended = info.status === 'ended';
  const cards = useApi<ScorecardsResponse>(`/sessions/${encodeURIComponent(info.id)}/scorecards`);
  const [guide, setGuide] = useState<ProblemGuide | null>(null);
  useEffect(() => {
    if (info.problemSlug === null) return;
    api.get<ProblemGuide>(`/problems/${encodeURIComponent(info.problemSlug)}/guide`).then(setGuide, () => setGuide(null));
  }, [info.problemSlug, ended]);

  const replay = useMemo(() => new Replay(info.phases, events), [info.phases, events]);
  const final = useMemo(() => replay.stateAfter(events.length), [replay, events.length]);
  const marks = useMemo(() => replay.phaseMarks(), [replay]);
  const start = info.startedAt ?? replay.start;
  const finish = info.endedAt ?? replay.end;
  const names = new Map(info.participants.map((p) => [p.userId, p.displayName]));
  const candidate = info.participants.find((p) => p.role === 'candidate');
  const interviewer = info.participants.find((p) => p.role === 'interviewer');

  // Replay position is a time; the folded state follows it.
  const [t, setT] = useState(finish);
  const [playing, setPlaying] = useState(false);
  const recordings = useApi<RecordingTrack[]>(`/sessions/${encodeURIComponent(info.id)}/recordings`);
  const tracks = recordings.data ?? [];
  const hasAudio = tracks.length > 0;
  // With audio, replay at speaking speed unless the viewer chose otherwise.
  const [chosenSpeed, setChosenSpeed] = useState<number | null>(null);
  const speed = chosenSpeed ?? (hasAudio ? 1 : 4);
  const speeds = hasAudio ? [1, 1.25, 1.5, 2, 4, 8, 16] : [1, 2, 4, 8, 16];
  const [highlight, setHighlight] = useState<string | null>(null);
  const count = replay.countAt(t);
  const state = useMemo(() => replay.stateAfter(count), [replay, count]);
  const frame = useMemo(() => unionBounds([...final.board.shapes.values()].map((s) => shapeBounds(s, final.board))), [final]);
  const raf = useRef<number | null>(null);
  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    const step = (now: number) => {
      const dt = (now - last) * speed;
      last = now;
      setT((x) => {
        const next = Math.min(finish, x + dt);
        if (next >= finish) setPlaying(false);
        return next;
      });
      raf.current = requestAnimationFrame(step);
    };
    raf.current = requestAnimationFrame(step);
    return () => {
      if (raf.current) cancelAnimationFrame(raf.current);
    };
  }, [playing, speed, finish]);

  const jump = useCallback((ev: Evidence) => {
    setPlaying(false);
    setT(ev.ts);
    setHighlight(ev.kind === 'shape' ? ev.shapeId : null);
    document.getElementById('replay')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, []);

  const mine = cards.data?.scorecards.find((c) => c.scorerId === me?.id) ?? null;
  const others = cards.data?.scorecards.filter((c) => c.scorerId !== me?.id) ?? [];
  const intCard = cards.data?.scorecards.find((c) => c.scorerRole === 'interviewer') ?? null;
  const selfCard = cards.data?.scorecards.find((c) => c.scorerRole === 'candidate') ?? null;
  const gap = intCard && selfCard ? calibrationGap(intCard.scores, selfCard.scores) : {};
  const mayScore = info.role !== 'observer';

  const check = useApi<EstimateCheck>(ended || info.role === 'interviewer' ? `/sessions/${encodeURIComponent(info.id)}/estimate-check` : null);
  const exportMd = () => {
    const md = reviewMarkdown({ info, names, final, cards: (cards.data?.scorecards ?? []).filter((c) => c.status !== 'skipped'), guide, marks, start, check: check.data ?? null });
    download(new Blob([md], { type: 'text/markdown' }), `review-${info.problemSlug ?? 'session'}-${new Date(info.createdAt).toISOString().slice(0, 10)}.md`);
  };

  return (
    <div className="review stack">
      <div className="spread">
        <div>
          <nav aria-label="Breadcrumb" className="muted no-print"><Link to="/sessions">Sessions</Link> / Review</nav>
          <h1>{info.problemTitle ?? 'A mock interview'}</h1>
          {info.cancelledBy !== undefined && info.startedAt === null && <p className="badge warn">Cancelled by {info.cancelledBy} before it started</p>}
          <p className="muted">
            {new Date(info.createdAt).toLocaleString()} · {info.mode === 'solo' ? 'Solo' : 'Paired'} ·{' '}
            {candidate && <>Candidate: <strong>{candidate.displayName}</strong></>}
            {interviewer && <> · Interviewer: <strong>{interviewer.displayName}</strong></>}
          </p>
          {intCard?.overall && <p>Interviewer's recommendation: <span className="badge accent" data-testid="overall">{OVERALL_LABEL[intCard.overall]}</span></p>}
        </div>
        <div className="row no-print">
          {!ended && <Link className="btn" to={`/sessions/${info.id}/room`}>Back to the room</Link>}
          {ended && info.mode === 'paired' && info.role !== 'observer' && <RematchButton sessionId={info.id} />}
          <button className="btn" onClick={exportMd}>Export Markdown</button>
          <button className="btn" onClick={() => window.print()}>Print / PDF</button>
        </div>
      </div>
      {!ended && <div className="banner info" role="status">This session is still running. Scorecards stay blind until it ends.</div>}

      <section className="card" aria-labelledby="cards-title">
        <h2 id="cards-title">Scorecards</h2>
        {cards.loading && !cards.data && <Loading />}
        {cards.error && <ErrorNote error={cards.error} retry={cards.reload} />}
        {cards.data && (
          <>
            {cards.data.hidden === 'submit_or_skip_first' && <p className="banner info">{info.mode === 'solo' ? 'Submit or skip your self-assessment to see how it compares.' : "Submit or skip your own scorecard to see the others'. Blind scoring keeps calibration honest."}</p>}
            {cards.data.hidden === 'session_running' && others.length === 0 && <p className="muted">Other scorecards appear here after the session ends.</p>}
            {(intCard || selfCard) && (
              <table className="table scores-table" aria-label="Scores side by side">
                <thead>
                  <tr>
                    <th scope="col">Dimension</th>
                    <th scope="col">Interviewer</th>
                    <th scope="col">Self-assessment</th>
                    <th scope="col">Gap</th>
                  </tr>
                </thead>
                <tbody>
                  {DIMENSION_IDS.map((d) => {
                    const a = intCard?.scores.find((s) => s.dimension === d);
                    const b = selfCard?.scores.find((s) => s.dimension === d);
                    const g = gap[d];
                    return (
                      <tr key={d}>
                        <th scope="row">{RUBRIC[d].title}</th>
                        <td><ScoreCell score={a} start={start} onJump={jump} /></td>
                        <td><ScoreCell score={b} start={start} onJump={jump} /></td>
                        <td>{g === undefined ? '—' : <span className={`badge ${Math.abs(g) >= 2 ? 'warn' : g === 0 ? 'ok' : ''}`}>{g > 0 ? `+${g}` : g}</span>}</td>
                      </tr>
                    );
                  })}
                  <tr>
                    <th scope="row">Overall</th>
                    <td>{intCard?.overall ? OVERALL_LABEL[intCard.overall] : '—'}</td>
                    <td>{selfCard?.overall ? OVERALL_LABEL[selfCard.overall] : '—'}</td>
                    <td />
                  </tr>
                </tbody>
              </table>
            )}
            {others.filter((c) => c.notes).map((c) => <p key={c.scorerId}><strong>{c.scorerName}'s notes:</strong> {c.notes}</p>)}
            {mayScore && (
              <details className="no-print" open={!mine || mine.status === 'draft'}>
                <summary>{info.role === 'interviewer' ? 'Your scorecard for the candidate' : 'Your self-assessment'}</summary>
                <ScorecardEditor
                  sessionId={info.id}
                  role={info.role}
                  initial={mine}
                  signals={guide?.signals}
                  sessionStart={start}
                  takeEvidence={() => ({ kind: 'moment', ts: Math.round(Math.max(start, Math.min(t, finish))) })}
                  onSaved={() => cards.reload()}
                />
              </details>
            )}
          </>
        )}
      </section>

      <section className="card" aria-labelledby="time-title">
        <h2 id="time-title">Time per phase</h2>
        <PhaseTimes info={info} spent={final.clock.spentMs} />
        {final.curveballs.length > 0 && (
          <>
            <h3>Curveballs</h3>
            <ul>
              {final.curveballs.map((c) => (
                <li key={c.id}><button className="link" onClick={() => jump({ kind: 'moment', ts: c.ts })}>{formatOffset(c.ts - start)}</button> · <span className="badge">{PHASES[c.phase as keyof typeof PHASES]?.title ?? c.phase}</span> {c.text}{c.auto && <span className="muted"> (delivered by the room)</span>}</li>
              ))}
            </ul>
          </>
        )}
        {final.hints.length > 0 && (
          <>
            <h3>Hints revealed</h3>
            <ul>
              {final.hints.map((h) => (
                <li key={h.id}><button className="link" onClick={() => jump({ kind: 'moment', ts: h.ts })}>{formatOffset(h.ts - start)}</button> · <span className="badge">{PHASES[h.phase as keyof typeof PHASES]?.title ?? h.phase}</span> {h.text}</li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className="card" id="replay" aria-labelledby="replay-title">
        <h2 id="replay-title">Replay</h2>
        <div className="replay-controls no-print">
          <button className="btn small primary" onClick={() => { if (t >= finish) setT(start); setPlaying(!playing); }} aria-pressed={playing}>
            {playing ? 'Pause' : 'Play'}
          </button>
          <label className="row" style={{ gap: 4 }}>
            Speed
            <select value={speed} onChange={(e) => setChosenSpeed(Number(e.target.value))} aria-label="Replay speed">
              {speeds.map((s) => <option key={s} value={s}>{s}x{hasAudio && s > MAX_AUDIO_SPEED ? ' (no audio)' : ''}</option>)}
            </select>
          </label>
          <span className="muted" data-testid="replay-time">{formatOffset(t - start)} / {formatOffset(finish - start)}</span>
        </div>
        <div className="scrubber no-print">
          <input
            type="range"
            min={start}
            max={Math.max(finish, start + 1)}
            step={250}
            value={t}
            aria-label="Replay position"
            aria-valuetext={`${formatOffset(t - start)} into the session`}
            onChange={(e) => { setPlaying(false); setHighlight(null); setT(Number(e.target.value)); }}
          />
          <div className="marks" aria-hidden="true">
            {marks.map((m) => (
              <span key={m.index} className="mark" style={{ left: `${((m.start - start) / Math.max(1, finish - start)) * 100}%` }} title={PHASES[info.phases[m.index]!.id].title} />
            ))}
          </div>
        </div>
        <ReviewAudio sessionId={info.id} tracks={tracks} names={names} t={t} playing={playing} speed={speed} start={start} canDelete={info.role !== 'observer'} onDeleted={recordings.reload} />
        <div className="row no-print" role="group" aria-label="Jump to the design at the end of a phase">
          {marks.map((m) => (
            <button key={m.index} className="btn small" onClick={() => { setPlaying(false); setHighlight(null); setT((m.end ?? finish) - 1); }}>
              Design at end of {PHASES[info.phases[m.index]!.id].title}
            </button>
          ))}
        </div>
        <div className="replay-grid">
          <div>
            <p className="muted" data-testid="replay-phase">
              {state.clock.phaseIndex < 0 ? 'Before the start' : state.clock.status === 'ended' ? 'Ended' : `${PHASES[info.phases[state.clock.phaseIndex]!.id].title} · ${formatClock(phaseRemainingMs(state.clock, info.phases, t))} left (${formatClock(phaseElapsedMs(state.clock, t))} in)`}
              {' · '}{state.board.order.length} shapes
            </p>
            <BoardSnapshot board={state.board} frame={frame} label={`The board at ${formatOffset(t - start)}`} highlight={highlight} />
          </div>
          <div className="replay-side">
          {(state.curveballs.length > 0 || state.hints.length > 0) && (
            <div className="replay-levers" aria-label="Hints and curveballs so far">
              {state.curveballs.map((c) => <p key={`c${c.id}`}><span className="badge warn">curveball</span> {c.text}</p>)}
              {state.hints.map((h) => <p key={`h${h.id}`}><span className="badge">hint</span> {h.text}</p>)}
            </div>
          )}
          <NotesAt notes={state.notes} />
          <div className="replay-chat" aria-label="Chat so far">
            {state.chat.length === 0 ? <p className="muted">No messages yet at this point.</p> : state.chat.map((l) => (
              <div key={l.seq} className="chat-line">
                <div className="chat-meta"><strong>{names.get(l.author) ?? 'Someone'}</strong> <span>{formatOffset(l.ts - start)}</span></div>
                <div className="chat-text">{l.text}</div>
              </div>
            ))}
          </div>
          </div>
        </div>
      </section>

      <section className="card" aria-labelledby="est-title">
        <h2 id="est-title">Estimation against the reference</h2>
        {check.data ? (
          Object.keys(final.figures).length === 0 ? (
            <p className="muted">No figures were typed in this session's worksheet.</p>
          ) : (
            <>
              <p className="muted">
                Yours against the reference, and against what your own assumptions give: a gap in the last column is an arithmetic slip, a gap to the reference with a match in the last column is a different assumption.
              </p>
              <EstimateCheckTable check={check.data} />
            </>
          )
        ) : check.error ? (
          <p className="muted">{check.error.message}</p>
        ) : (
          <p className="muted">{ended ? 'Checking…' : 'The check opens when the session has ended.'}</p>
        )}
      </section>

      <section className="card" aria-labelledby="ref-title">
        <h2 id="ref-title">Reference design</h2>
        {guide ? (
          <>
            <ReferenceCompare final={final.board} guide={guide} ended={info.status === 'ended'} />
            <h3 className="levels-heading">Level expectations</h3>
            <LevelExpectations guide={guide} />
            <h3>The reference, in words</h3>
            <Markdown>{guide.sections.find((s) => s.id === 'reference-design')?.markdown ?? ''}</Markdown>
            <details>
              <summary>Deep dives, trade-offs and pitfalls</summary>
              {guide.sections.filter((s) => ['deep-dives', 'trade-offs', 'pitfalls'].includes(s.id)).map((s) => (
                <div key={s.id}><h3>{s.heading}</h3><Markdown>{s.markdown}</Markdown></div>
              ))}
            </details>
          </>
        ) : (
          <p className="muted">The reference design opens here once the session has ended.</p>
        )}
      </section>
    </div>
  );
}

function ScoreCell({ score, start, onJump }: { score?: Scorecard['scores'][number]; start: number; onJump: (e: Evidence) => void }) {
  if (!score) return <span className="muted">—</span>;
  return (
    <div>
      <strong className={`score s${score.score}`}>{score.score}</strong>
      {score.comment && <span className="score-comment"> {score.comment}</span>}
      {score.evidence.map((e, i) => (
        <button key={i} className="badge accent evidence" onClick={() => onJump(e)} title="Jump the replay there">{evidenceLabel(e, start)}</button>
      ))}
    </div>
  );
}

function PhaseTimes({ info, spent }: { info: SessionInfo; spent: number[] }) {
  const max = Math.max(1, ...info.phases.map((p, i) => Math.max(p.minutes * 60_000, spent[i] ?? 0)));
  return (
    <div className="phase-times" role="table" aria-label="Time per phase against plan">
      {info.phases.map((p, i) => {
        const actual = spent[i] ?? 0;
        const planned = p.minutes * 60_000;
        const over = actual > planned;
        return (
          <div key={p.id} className="phase-time" role="row">
            <span role="rowheader">{PHASES[p.id].title}</span>
            <div className="bar-wrap" role="cell">
              <div className="bar planned" style={{ width: `${(planned / max) * 100}%` }} />
              <div className={`bar actual ${over ? 'over' : ''}`} style={{ width: `${(actual / max) * 100}%` }} />
            </div>
            <span role="cell" className={over ? 'over-text' : 'muted'}>
              {formatClock(actual)} of {p.minutes}:00{over && ` (+${formatClock(actual - planned)} over)`}
            </span>
          </div>
        );
      })}
    </div>
  );
}

/** The candidate's notes as they stood at the replay moment. */
function NotesAt({ notes }: { notes: Notes }) {
  const filled = NOTE_SECTIONS.filter((k) => notes[k]?.trim());
  if (!filled.length) return null;
  return (
    <details className="replay-notes" open>
      <summary>Notes at this moment</summary>
      {filled.map((k) => (
        <div key={k}>
          <h3>{NOTE_SECTION_LABELS[k]}</h3>
          <pre className="note-text">{notes[k]}</pre>
        </div>
      ))}
    </details>
  );
}

/** Same pair, roles swapped, a problem neither has met. */
function RematchButton({ sessionId }: { sessionId: string }) {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        className="btn primary"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            const r = await api.post<{ id: string }>(`/sessions/${encodeURIComponent(sessionId)}/rematch`, {});
            navigate(`/sessions/${r.id}/room`);
          } catch (e) {
            setError((e as ApiError).message);
            setBusy(false);
          }
        }}
      >
        Rematch, roles swapped
      </button>
      {error && <span className="form-error" role="alert">{error}</span>}
    </>
  );
}
