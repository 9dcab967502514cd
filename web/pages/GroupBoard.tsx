import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { GroupBoard as Board, GroupSlot, PairedResult, ProblemPick, Role, Seat, WaitingSession } from '../../shared/api';
import type { ProblemSummary } from '../../shared/problem';
import { api, ApiError, useApi } from '../api';
import { ConfirmButton } from '../components/ConfirmButton';
import { ErrorNote, Loading } from '../components/Loading';
import { localInputToIso, slotTimeText, viewerZone } from '../schedule';
import '../styles/schedule.css';

/** How often the board refreshes while the page is visible: a taken slot sends its poster to the room. */
const POLL_MS = 3000;

type Listed = ProblemSummary & { practised: Role[] | null };

const seatLabel = (seat: Seat) => (seat === 'candidate' ? 'candidate' : 'interviewer');
const wanted = (posterRole: Seat) => (posterRole === 'candidate' ? 'an interviewer' : 'a candidate');
const seenText = (roles: Role[]) => roles.map((r) => (r === 'candidate' ? 'as candidate' : r === 'interviewer' ? 'as interviewer' : 'as observer')).join(' and ');

export function GroupBoard({ groupId, onScheduled }: { groupId: string; onScheduled?(): void }) {
  const navigate = useNavigate();
  const base = `/groups/${encodeURIComponent(groupId)}`;
  const board = useApi<Board>(`${base}/board`);
  const problems = useApi<Listed[]>('/problems');
  const { reload } = board;
  // Slots of mine this page has seen open: when one of them is taken, go to its room.
  const watching = useRef(new Set<string>());

  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);

  useEffect(() => {
    const data = board.data;
    if (!data) return;
    const hit = data.taken.find((t) => watching.current.has(t.slotId));
    for (const s of data.slots) if (s.mine) watching.current.add(s.id);
    if (hit) navigate(`/sessions/${encodeURIComponent(hit.sessionId)}/room`);
  }, [board.data, navigate]);

  const data = board.data;
  // The slots this page watched are read as of this render; they change only with the data above.
  // eslint-disable-next-line react-hooks/refs
  const missed = data?.taken.filter((t) => !watching.current.has(t.slotId)) ?? [];
  return (
    <section className="card" aria-labelledby="board-title">
      <div className="spread">
        <h2 id="board-title">Board</h2>
        <button className="btn small ghost" type="button" onClick={reload}>Refresh</button>
      </div>
      <p className="muted">
        Post when you want to practise. Any time: whoever takes your slot is paired with you at once, and you both go to the room. At a set time: it becomes a session under "Upcoming" whose room opens 10 minutes before.
      </p>
      {missed.map((t) => (
        <div key={t.slotId} className="banner info board-banner" role="status">
          {t.takenBy} took your slot on {t.problemTitle}.
          <Link className="btn small primary" to={`/sessions/${encodeURIComponent(t.sessionId)}/room`}>Enter the room</Link>
        </div>
      ))}
      <PostSlot
        groupId={groupId}
        problems={problems.data}
        onPosted={(id) => {
          watching.current.add(id);
          reload();
        }}
      />
      <h3 id="slots-title">Open slots</h3>
      {board.loading && !data && <Loading />}
      {board.error && !data && <ErrorNote error={board.error} retry={reload} />}
      {data && data.slots.length === 0 && <p className="muted">No open slots. Post one above.</p>}
      {data && data.slots.length > 0 && (
        <ul className="board-list" aria-labelledby="slots-title">
          {data.slots.map((s) => <SlotItem key={s.id} slot={s} base={base} problems={problems.data} onChange={reload} onScheduled={onScheduled} />)}
        </ul>
      )}
      <h3 id="waiting-title">Sessions waiting for a peer</h3>
      {data && data.waiting.length === 0 && (
        <p className="muted">Nobody has shared a paired session with this group. Start one from a problem's page and choose this group under "Share on a group's board".</p>
      )}
      {data && data.waiting.length > 0 && (
        <ul className="board-list" aria-labelledby="waiting-title">
          {data.waiting.map((w) => <WaitingItem key={w.id} session={w} base={base} />)}
        </ul>
      )}
    </section>
  );
}

interface SlotErrors {
  role?: string;
  problemSlug?: string;
  note?: string;
  startsAt?: string;
  durationMinutes?: string;
  form?: string;
}

const DURATIONS = [15, 30, 40, 45, 60, 75, 90, 120, 150, 180];

function PostSlot({ groupId, problems, onPosted }: { groupId: string; problems?: Listed[]; onPosted(id: string): void }) {
  const [role, setRole] = useState<Seat>('candidate');
  const [problem, setProblem] = useState('');
  const [note, setNote] = useState('');
  const [timed, setTimed] = useState(false);
  const [startsAt, setStartsAt] = useState('');
  const [minutes, setMinutes] = useState(40);
  const [errors, setErrors] = useState<SlotErrors>({});
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const iso = timed ? localInputToIso(startsAt) : null;
    if (timed && !iso) return setErrors({ startsAt: 'Pick a day and a time.' });
    setBusy(true);
    setErrors({});
    try {
      const slot = await api.post<GroupSlot>(`/groups/${encodeURIComponent(groupId)}/slots`, {
        role,
        problemSlug: problem || null,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(iso ? { startsAt: iso, durationMinutes: minutes, timeZone: viewerZone() } : {}),
      });
      setNote('');
      setStartsAt('');
      onPosted(slot.id);
    } catch (err) {
      if (err instanceof ApiError && (err.field === 'role' || err.field === 'problemSlug' || err.field === 'note' || err.field === 'startsAt' || err.field === 'durationMinutes')) {
        setErrors({ [err.field]: err.message });
      }
      else setErrors({ form: err instanceof ApiError ? err.message : 'Could not post the slot.' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate className="post-slot" aria-labelledby="post-slot-title">
      <h3 id="post-slot-title">Post a slot</h3>
      {errors.form && <div className="form-error" role="alert">{errors.form}</div>}
      <fieldset className="choice-group">
        <legend>I want to</legend>
        <label className="choice">
          <input type="radio" name="slot-role" value="candidate" checked={role === 'candidate'} onChange={() => setRole('candidate')} />
          <span><strong>Be interviewed</strong><br /><span className="muted">Looking for an interviewer</span></span>
        </label>
        <label className="choice">
          <input type="radio" name="slot-role" value="interviewer" checked={role === 'interviewer'} onChange={() => setRole('interviewer')} />
          <span><strong>Interview someone</strong><br /><span className="muted">Looking for a candidate</span></span>
        </label>
      </fieldset>
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <div className="field" style={{ flex: '1 1 260px' }}>
          <label htmlFor="slot-problem">Problem</label>
          <select id="slot-problem" value={problem} onChange={(e) => setProblem(e.target.value)} aria-invalid={!!errors.problemSlug}
            aria-describedby="slot-problem-hint">
            <option value="">Any problem (picked when someone takes the slot)</option>
            {(problems ?? []).map((p) => (
              <option key={p.slug} value={p.slug}>
                {p.title}{p.practised ? ' (you have met it)' : ''}
              </option>
            ))}
          </select>
          {errors.problemSlug ? <span id="slot-problem-hint" className="error">{errors.problemSlug}</span>
            : <span id="slot-problem-hint" className="hint">With "any", the board suggests problems the candidate has not seen.</span>}
        </div>
        <div className="field" style={{ flex: '1 1 260px' }}>
          <label htmlFor="slot-note">Note <span className="muted">(optional)</span></label>
          <input id="slot-note" type="text" maxLength={200} value={note} placeholder="e.g. free until 20:00" onChange={(e) => setNote(e.target.value)}
            aria-invalid={!!errors.note} aria-describedby={errors.note ? 'slot-note-error' : undefined} />
          {errors.note && <span id="slot-note-error" className="error">{errors.note}</span>}
        </div>
      </div>
      <fieldset className="choice-group">
        <legend>When</legend>
        <label className="choice">
          <input type="radio" name="slot-when" value="any" checked={!timed} onChange={() => setTimed(false)} />
          <span><strong>Any time</strong><br /><span className="muted">Whoever takes it pairs with you now</span></span>
        </label>
        <label className="choice">
          <input type="radio" name="slot-when" value="timed" checked={timed} onChange={() => setTimed(true)} />
          <span><strong>At a set time</strong><br /><span className="muted">Up to 90 days ahead, in your time zone ({viewerZone()})</span></span>
        </label>
      </fieldset>
      {timed && (
        <div className="row" style={{ alignItems: 'flex-start' }}>
          <div className="field" style={{ flex: '1 1 260px' }}>
            <label htmlFor="slot-starts">Starts</label>
            <input id="slot-starts" type="datetime-local" value={startsAt} onChange={(e) => setStartsAt(e.target.value)}
              aria-invalid={!!errors.startsAt} aria-describedby={errors.startsAt ? 'slot-starts-error' : undefined} />
            {errors.startsAt && <span id="slot-starts-error" className="error">{errors.startsAt}</span>}
          </div>
          <div className="field" style={{ flex: '1 1 160px' }}>
            <label htmlFor="slot-minutes">Length</label>
            <select id="slot-minutes" value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}
              aria-invalid={!!errors.durationMinutes} aria-describedby={errors.durationMinutes ? 'slot-minutes-error' : undefined}>
              {DURATIONS.map((m) => <option key={m} value={m}>{m} min{m === 40 ? ' (the four phases)' : ''}</option>)}
            </select>
            {errors.durationMinutes && <span id="slot-minutes-error" className="error">{errors.durationMinutes}</span>}
          </div>
        </div>
      )}
      <button className="btn primary" type="submit" disabled={busy}>{busy ? 'Posting…' : 'Post to the board'}</button>
    </form>
  );
}

function SlotItem({ slot, base, problems, onChange, onScheduled }: { slot: GroupSlot; base: string; problems?: Listed[]; onChange(): void; onScheduled?(): void }) {
  const navigate = useNavigate();
  const [problem, setProblem] = useState(slot.suggestions[0]?.slug ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const takerRole: Seat = slot.role === 'candidate' ? 'interviewer' : 'candidate';
  const suggested = new Set(slot.suggestions.map((p) => p.slug));
  const others: ProblemPick[] = (problems ?? []).filter((p) => !suggested.has(p.slug));

  const take = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<PairedResult>(`${base}/slots/${encodeURIComponent(slot.id)}/take`, !slot.problemSlug && problem ? { problemSlug: problem } : {});
      // A slot with a time becomes a scheduled session (under "Upcoming"); any time: to the room now.
      if (slot.startsAt !== null) {
        setBusy(false);
        onChange();
        onScheduled?.();
      } else navigate(`/sessions/${encodeURIComponent(res.sessionId)}/room`);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not take the slot.');
      setBusy(false);
      onChange();
    }
  };
  const withdraw = async () => {
    try {
      await api.del(`${base}/slots/${encodeURIComponent(slot.id)}`);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not withdraw the slot.');
    }
    onChange();
  };

  const selectId = `take-problem-${slot.id}`;
  return (
    <li className="board-item" data-testid="slot">
      <div className="spread">
        <div>
          <strong>{slot.mine ? 'You are' : `${slot.postedBy.displayName} is`}</strong> looking for {wanted(slot.role)} on{' '}
          {slot.problemTitle ? <strong>{slot.problemTitle}</strong> : 'any problem'}
          {slot.startsAt === null && <span className="muted"> · any time · posted {new Date(slot.createdAt).toLocaleString()}</span>}
        </div>
        {slot.mine && <ConfirmButton label="Withdraw" question="Take this slot off the board?" confirm="Yes, withdraw" onConfirm={withdraw} />}
      </div>
      {slot.startsAt !== null && <SlotWhen slot={slot} />}
      {slot.note && <p className="muted board-note">“{slot.note}”</p>}
      {slot.candidateSeen && (
        <p className="badge warn">
          {slot.role === 'candidate' ? `${slot.postedBy.displayName} has` : 'You have'} met this problem before ({seenText(slot.candidateSeen)}): not a fresh interview.
        </p>
      )}
      {error && <div className="form-error" role="alert">{error}</div>}
      {!slot.mine && (
        <div className="row" style={{ alignItems: 'flex-end' }}>
          {!slot.problemSlug && (
            <div className="field" style={{ margin: 0, flex: '1 1 260px' }}>
              <label htmlFor={selectId}>Problem</label>
              <select id={selectId} value={problem} onChange={(e) => setProblem(e.target.value)} aria-describedby={`${selectId}-hint`}>
                {slot.suggestions.length === 0 && <option value="">Choose a problem</option>}
                {slot.suggestions.length > 0 && (
                  <optgroup label="Not seen by the candidate">
                    {slot.suggestions.map((p) => <option key={p.slug} value={p.slug}>{p.title} ({p.difficulty})</option>)}
                  </optgroup>
                )}
                <optgroup label="Other problems">
                  {others.map((p) => <option key={p.slug} value={p.slug}>{p.title} ({p.difficulty})</option>)}
                </optgroup>
              </select>
              <span id={`${selectId}-hint`} className="hint">
                {slot.suggestions.length
                  ? `Suggested: problems ${takerRole === 'candidate' ? 'you have' : `${slot.postedBy.displayName} has`} not seen yet.`
                  : 'The candidate has met every problem already: pick one to repeat.'}
              </span>
            </div>
          )}
          <button className="btn primary" type="button" onClick={take} disabled={busy || (!slot.problemSlug && !problem)}
            aria-label={`Take ${slot.postedBy.displayName}'s slot as ${seatLabel(takerRole)}`}>
            {busy ? 'Pairing…' : `Take it: be the ${seatLabel(takerRole)}`}
          </button>
        </div>
      )}
    </li>
  );
}

function WaitingItem({ session, base }: { session: WaitingSession; base: string }) {
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const room = `/sessions/${encodeURIComponent(session.id)}/room`;
  const join = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post<PairedResult>(`${base}/sessions/${encodeURIComponent(session.id)}/join`);
      navigate(room);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not join the session.');
      setBusy(false);
    }
  };
  return (
    <li className="board-item">
      <div className="spread">
        <div>
          <strong>{session.mine ? 'You' : session.host.displayName}</strong> ({seatLabel(session.host.role)}) {session.mine ? 'are' : 'is'} waiting for{' '}
          {wanted(session.host.role)} on <strong>{session.problemTitle}</strong>
          <span className="muted"> · {new Date(session.createdAt).toLocaleString()}</span>
        </div>
        {session.mine ? (
          <Link className="btn small" to={room}>Enter room</Link>
        ) : (
          <button className="btn small primary" type="button" onClick={join} disabled={busy}>Join as {seatLabel(session.openRole)}</button>
        )}
      </div>
      {session.candidateSeen && !session.mine && (
        <p className="badge warn">You have met this problem before ({seenText(session.candidateSeen)}): not a fresh interview.</p>
      )}
      {error && <div className="form-error" role="alert">{error}</div>}
    </li>
  );
}

function SlotWhen({ slot }: { slot: GroupSlot }) {
  const t = slotTimeText(slot.startsAt!, slot.durationMinutes ?? 40, slot.timeZone);
  return (
    <p className="slot-when" data-testid="slot-time">
      <strong>{t.local}</strong>
      {t.poster && <span className="muted">{t.poster}</span>}
    </p>
  );
}
