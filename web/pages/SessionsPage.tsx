import { useState } from 'react';
import { Link } from 'react-router';
import type { SessionInfo } from '../../shared/api';
import { useApi } from '../api';
import { SessionList } from '../components/SessionList';

export default function SessionsPage() {
  const sessions = useApi<SessionInfo[]>('/sessions');
  const [filter, setFilter] = useState<'all' | 'open' | 'ended'>('all');
  const items = (sessions.data ?? []).filter((s) => filter === 'all' || (filter === 'ended' ? s.status === 'ended' : s.status !== 'ended'));
  return (
    <div className="stack">
      <div className="spread">
        <div>
          <h1>My sessions</h1>
          <p className="muted">Every session you took part in, as candidate, interviewer or observer.</p>
        </div>
        <Link className="btn primary" to="/problems">New session</Link>
      </div>
      <div className="card">
        <div className="row" role="group" aria-label="Filter sessions" style={{ marginBottom: 12 }}>
          {(['all', 'open', 'ended'] as const).map((f) => (
            <button key={f} className={`btn small ${filter === f ? 'primary' : ''}`} aria-pressed={filter === f} onClick={() => setFilter(f)}>
              {f === 'all' ? 'All' : f === 'open' ? 'In progress' : 'Ended'}
            </button>
          ))}
        </div>
        <SessionList state={sessions} items={items} empty="No sessions here yet." />
      </div>
    </div>
  );
}
