import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { GroupInfo, GroupSummary } from '../../shared/api';
import { api, ApiError, useApi } from '../api';
import { ErrorNote, Loading } from '../components/Loading';

/** Your study groups; create one or join one with a code. */
export default function GroupsPage() {
  const groups = useApi<GroupSummary[]>('/groups');
  return (
    <div className="stack">
      <div>
        <h1>Study groups</h1>
        <p className="muted">
          A group shares a board of open slots to pair on, sees who has already met which problem, and follows each
          other's practice.
        </p>
      </div>
      <section className="card" aria-labelledby="my-groups-title">
        <h2 id="my-groups-title">My groups</h2>
        {groups.loading && !groups.data && <Loading />}
        {groups.error && <ErrorNote error={groups.error} retry={groups.reload} />}
        {groups.data && groups.data.length === 0 && <p className="empty">You are not in a group yet. Create one, or join with a code from a friend.</p>}
        {groups.data && groups.data.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Members</th>
                <th scope="col">Your role</th>
              </tr>
            </thead>
            <tbody>
              {groups.data.map((g) => (
                <tr key={g.id}>
                  <td><Link to={`/groups/${g.id}`}>{g.name}</Link></td>
                  <td>{g.memberCount}</td>
                  <td>{g.role === 'owner' ? <span className="badge accent">owner</span> : <span className="badge">member</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <div className="grid">
        <CreateGroup />
        <JoinGroup />
      </div>
    </div>
  );
}

function CreateGroup() {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError('Give the group a name.');
    setBusy(true);
    setError(null);
    try {
      const g = await api.post<GroupInfo>('/groups', { name: name.trim() });
      navigate(`/groups/${g.id}`);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not create the group.');
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="create-group-title">
      <h2 id="create-group-title">Create a group</h2>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="group-name">Group name</label>
          <input id="group-name" type="text" maxLength={60} value={name} onChange={(e) => setName(e.target.value)}
            aria-invalid={!!error} aria-describedby="group-name-hint" />
          {error ? <span id="group-name-hint" className="error">{error}</span>
            : <span id="group-name-hint" className="hint">You become its owner and get an invite link to share.</span>}
        </div>
        <button className="btn primary" type="submit" disabled={busy}>{busy ? 'Creating…' : 'Create group'}</button>
      </form>
    </section>
  );
}

function JoinGroup() {
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!code.trim()) return setError('Enter the invite code.');
    setBusy(true);
    setError(null);
    try {
      const g = await api.post<GroupInfo>('/groups/join', { code: code.trim() });
      navigate(`/groups/${g.id}`);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not join the group.');
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="join-group-title">
      <h2 id="join-group-title">Join a group</h2>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="group-code">Invite code</label>
          <input id="group-code" type="text" autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)}
            aria-invalid={!!error} aria-describedby="group-code-hint" />
          {error ? <span id="group-code-hint" className="error">{error}</span>
            : <span id="group-code-hint" className="hint">Ten letters and digits, from a member's invite link.</span>}
        </div>
        <button className="btn" type="submit" disabled={busy}>{busy ? 'Joining…' : 'Join group'}</button>
      </form>
    </section>
  );
}
