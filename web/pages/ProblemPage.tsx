import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { GroupSummary, SessionInfo } from '../../shared/api';
import { PHASES, type PhaseId } from '../../shared/phases';
import type { ProblemGuide, ProblemView } from '../../shared/problem';
import { api, ApiError, useApi } from '../api';
import { GuideView } from '../components/GuideView';
import { ErrorNote, Loading } from '../components/Loading';
import { Markdown } from '../components/Markdown';

const PLAN_IDS: Exclude<PhaseId, 'wrap-up'>[] = ['clarify', 'estimate', 'design', 'deep-dive'];

export default function ProblemPage() {
  const { slug = '' } = useParams();
  const problem = useApi<ProblemView>(`/problems/${encodeURIComponent(slug)}`);
  if (problem.loading && !problem.data) return <Loading />;
  if (problem.error) {
    return problem.error.status === 404 ? (
      <div className="card auth-card">
        <h1>Problem not found</h1>
        <p className="muted">There is no problem called “{slug}”.</p>
        <Link className="btn primary" to="/problems">Back to the library</Link>
      </div>
    ) : (
      <ErrorNote error={problem.error} retry={problem.reload} />
    );
  }
  const p = problem.data!;
  return (
    <div className="stack">
      <nav aria-label="Breadcrumb" className="muted"><Link to="/problems">Problems</Link> / {p.title}</nav>
      <div>
        <div className="row" style={{ marginBottom: 8 }}>
          <span className={`badge ${p.difficulty}`}>{p.difficulty}</span>
          {p.tags.map((t) => <span key={t} className="tag">#{t}</span>)}
        </div>
        <h1>{p.title}</h1>
        <p className="muted">{p.summary}</p>
      </div>
      <section className="card" aria-labelledby="prompt-title">
        <h2 id="prompt-title">The prompt</h2>
        <Markdown>{p.prompt}</Markdown>
      </section>
      <StartSession problem={p} />
      <GuideGate slug={p.slug} />
    </div>
  );
}

function StartSession({ problem }: { problem: ProblemView }) {
  const navigate = useNavigate();
  const [mode, setMode] = useState<'solo' | 'paired'>('solo');
  const [role, setRole] = useState<'candidate' | 'interviewer'>('candidate');
  const [minutes, setMinutes] = useState<Record<string, number>>(() => ({ ...problem.phases }));
  const [wrapUp, setWrapUp] = useState(false);
  const [groupId, setGroupId] = useState('');
  const groups = useApi<GroupSummary[]>(mode === 'paired' ? '/groups' : null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const phases = PLAN_IDS.map((id) => ({ id, minutes: minutes[id] ?? PHASES[id].defaultMinutes }));
      if (wrapUp) phases.push({ id: 'wrap-up' as never, minutes: 5 });
      const s = await api.post<SessionInfo>('/sessions', { problemSlug: problem.slug, mode, role, phases, ...(mode === 'paired' && groupId ? { groupId } : {}) });
      navigate(`/sessions/${s.id}/room`);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not create the session.');
      setBusy(false);
    }
  };

  const total = PLAN_IDS.reduce((n, id) => n + (minutes[id] ?? 0), 0) + (wrapUp ? 5 : 0);
  return (
    <section className="card" aria-labelledby="start-title">
      <h2 id="start-title">Start a session</h2>
      {error && <div className="form-error" role="alert">{error}</div>}
      <fieldset className="choice-group">
        <legend>How do you want to practise?</legend>
        <label className="choice">
          <input type="radio" name="mode" value="solo" checked={mode === 'solo'} onChange={() => setMode('solo')} />
          <span><strong>Practise solo</strong><br /><span className="muted">You are the candidate and run the clock yourself.</span></span>
        </label>
        <label className="choice">
          <input type="radio" name="mode" value="paired" checked={mode === 'paired'} onChange={() => setMode('paired')} />
          <span><strong>Pair with someone</strong><br /><span className="muted">Get an invite link for a peer from your study group.</span></span>
        </label>
      </fieldset>
      {mode === 'paired' && (
        <fieldset className="choice-group">
          <legend>Your role</legend>
          <label className="choice">
            <input type="radio" name="role" value="candidate" checked={role === 'candidate'} onChange={() => setRole('candidate')} />
            <span><strong>Candidate</strong><br /><span className="muted">Your peer interviews you with the guide.</span></span>
          </label>
          <label className="choice">
            <input type="radio" name="role" value="interviewer" checked={role === 'interviewer'} onChange={() => setRole('interviewer')} />
            <span><strong>Interviewer</strong><br /><span className="muted">You drive the clock and score your peer.</span></span>
          </label>
        </fieldset>
      )}
      {mode === 'paired' && !!groups.data?.length && (
        <div className="field" style={{ maxWidth: 420 }}>
          <label htmlFor="share-group">Share on a group's board <span className="muted">(optional)</span></label>
          <select id="share-group" value={groupId} onChange={(e) => setGroupId(e.target.value)} aria-describedby="share-group-hint">
            <option value="">No: only people with the invite link</option>
            {groups.data.map((g) => (
              <option key={g.id} value={g.id}>{g.name}</option>
            ))}
          </select>
          <span id="share-group-hint" className="hint">Members of that group see it on the board and can take the open seat.</span>
        </div>
      )}
      <details>
        <summary>Phase durations ({total} min)</summary>
        <div className="row" style={{ marginTop: 12 }}>
          {PLAN_IDS.map((id) => (
            <div className="field" key={id} style={{ width: 150 }}>
              <label htmlFor={`min-${id}`}>{PHASES[id].title} (min)</label>
              <input id={`min-${id}`} type="number" min={1} max={90} value={minutes[id] ?? ''}
                onChange={(e) => setMinutes({ ...minutes, [id]: Math.max(1, Math.min(90, Number(e.target.value) || 1)) })} />
            </div>
          ))}
          <label className="row" style={{ gap: 6 }}>
            <input type="checkbox" checked={wrapUp} onChange={(e) => setWrapUp(e.target.checked)} /> Add a 5-minute wrap-up
          </label>
        </div>
      </details>
      <div className="row" style={{ marginTop: 12 }}>
        <button className="btn primary big" onClick={start} disabled={busy}>
          {busy ? 'Creating…' : mode === 'solo' ? 'Practise solo' : 'Create a paired session'}
        </button>
      </div>
    </section>
  );
}

function GuideGate({ slug }: { slug: string }) {
  const [open, setOpen] = useState(false);
  const [guide, setGuide] = useState<ProblemGuide | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const reveal = async () => {
    setOpen(true);
    try {
      setGuide(await api.get<ProblemGuide>(`/problems/${encodeURIComponent(slug)}/guide`));
    } catch (err) {
      setError(err as ApiError);
    }
  };
  if (!open) {
    return (
      <section className="card spoiler" aria-labelledby="guide-gate-title">
        <h2 id="guide-gate-title">Interviewer guide</h2>
        <p className="muted">
          Clarifying answers, reference numbers, a reference design, deep-dive probes and rubric signals.
          Reading it spoils the problem if you want to practise it as a candidate.
        </p>
        <button className="btn" onClick={reveal}>I understand — show the guide</button>
      </section>
    );
  }
  if (error) return <ErrorNote error={error} />;
  if (!guide) return <Loading label="Loading the guide…" />;
  return <GuideView guide={guide} />;
}
