import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { JOIN_EARLY_MS, type SessionInfo, type UpcomingList } from '../../shared/api';
import { PHASES } from '../../shared/phases';
import { useApi } from '../api';
import { useAuth } from '../auth';
import { SessionList } from '../components/SessionList';
import { Upcoming } from '../components/Upcoming';

const FRAMEWORK = (['clarify', 'estimate', 'design', 'deep-dive'] as const).map((id) => PHASES[id]);

export function HomePage() {
  const { me } = useAuth();
  if (!me) return <Welcome />;
  return <Dashboard name={me.displayName} />;
}

function Welcome() {
  return (
    <div>
      <section className="hero">
        <h1>Practise system design interviews the way they are run.</h1>
        <p>
          Pick a problem, pair with someone from your study group, and work through the four steps on a shared
          whiteboard against a server-owned clock. The interviewer sees the guide; you see the prompt. Afterwards,
          review the rubric and replay how your design came together.
        </p>
        <div className="row">
          <Link className="btn primary big" to="/register">Create an account</Link>
          <Link className="btn big" to="/login">Log in</Link>
        </div>
      </section>
      <Framework />
    </div>
  );
}

function Framework() {
  return (
    <section aria-labelledby="framework-title">
      <h2 id="framework-title">The 4-step framework</h2>
      <div className="steps">
        {FRAMEWORK.map((p, i) => (
          <div className="card" key={p.id}>
            <div className="step-num">{i + 1}</div>
            <h3>{p.title} <span className="muted">· {p.defaultMinutes} min</span></h3>
            <ul className="muted" style={{ paddingLeft: '1.1em', margin: 0 }}>
              {p.candidatePrompt.slice(0, 3).map((line) => <li key={line}>{line}</li>)}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}

function Dashboard({ name }: { name: string }) {
  const sessions = useApi<SessionInfo[]>('/sessions');
  // Scheduled sessions are listed under "Upcoming" until their room opens (their candidate may not
  // know the problem yet): not twice, and not with the problem's name.
  const [later, setLater] = useState<Set<string>>(new Set());
  const onLoaded = useCallback((list: UpcomingList) => {
    setLater(new Set(list.sessions.filter((s) => s.status === 'cancelled' || s.startsAt - JOIN_EARLY_MS > list.serverTime).map((s) => s.sessionId)));
  }, []);
  const open = sessions.data?.filter((s) => s.status !== 'ended' && !later.has(s.id)) ?? [];
  return (
    <div className="stack">
      <div className="spread">
        <div>
          <h1>Hi, {name}</h1>
          <p className="muted">Ready for a round? Pick a problem and practise solo or pair with a peer.</p>
        </div>
        <Link className="btn primary big" to="/problems">Choose a problem</Link>
      </div>
      <Upcoming onLoaded={onLoaded} />
      <section className="card">
        <div className="spread">
          <h2>Sessions in progress</h2>
          <Link to="/sessions">All sessions</Link>
        </div>
        <SessionList state={sessions} items={open} empty="No open sessions. Start one from the problem library." />
      </section>
      <Framework />
    </div>
  );
}
