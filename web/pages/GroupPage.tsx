import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import type { GroupActivity as Activity, GroupInfo } from '../../shared/api';
import { api, ApiError, useApi } from '../api';
import { ConfirmButton } from '../components/ConfirmButton';
import { ErrorNote, Loading } from '../components/Loading';
import { GroupActivity } from './GroupActivity';
import { GroupBoard } from './GroupBoard';
import { Upcoming } from '../components/Upcoming';
import { GroupCoverage } from './GroupCoverage';
import { GroupMembers } from './GroupMembers';
import '../styles/groups.css';

/** One group: invite, board, members, spoiler coverage and activity. Members only (others get 404). */
export default function GroupPage() {
  const { id = '' } = useParams();
  const path = `/groups/${encodeURIComponent(id)}`;
  const group = useApi<GroupInfo>(path);
  const activity = useApi<Activity>(`${path}/activity`);
  // Taking a slot with a time schedules a session: the upcoming list re-reads.
  const [scheduled, setScheduled] = useState(0);

  if (group.loading && !group.data) return <Loading />;
  if (group.error) {
    return group.error.status === 404 ? (
      <div className="card auth-card">
        <h1>Group not found</h1>
        <p className="muted">This group does not exist, or you are not a member. Ask a member for an invite link.</p>
        <Link className="btn primary" to="/groups">My groups</Link>
      </div>
    ) : (
      <ErrorNote error={group.error} retry={group.reload} />
    );
  }
  const g = group.data!;
  return (
    <div className="stack">
      <nav aria-label="Breadcrumb" className="muted"><Link to="/groups">Study groups</Link> / {g.name}</nav>
      <GroupHeader group={g} onChange={group.reload} />
      <Invite group={g} onChange={group.reload} />
      <Upcoming key={scheduled} groupId={g.id} />
      <GroupBoard groupId={g.id} onScheduled={() => setScheduled((n) => n + 1)} />
      <GroupMembers group={g} counts={activity.data?.members} onChange={() => { group.reload(); activity.reload(); }} />
      <GroupCoverage groupId={g.id} />
      <GroupActivity state={activity} />
    </div>
  );
}

function GroupHeader({ group, onChange }: { group: GroupInfo; onChange(): void }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(group.name);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError('Give the group a name.');
    setBusy(true);
    setError(null);
    try {
      await api.patch<GroupInfo>(`/groups/${group.id}`, { name: name.trim() });
      setEditing(false);
      onChange();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not rename the group.');
    } finally {
      setBusy(false);
    }
  };
  if (editing) {
    return (
      <form onSubmit={save} noValidate className="card">
        <div className="field">
          <label htmlFor="rename-group">Group name</label>
          <input id="rename-group" type="text" maxLength={60} value={name} autoFocus onChange={(e) => setName(e.target.value)}
            aria-invalid={!!error} aria-describedby={error ? 'rename-group-error' : undefined} />
          {error && <span id="rename-group-error" className="error">{error}</span>}
        </div>
        <div className="row">
          <button className="btn primary" type="submit" disabled={busy}>Save name</button>
          <button className="btn ghost" type="button" onClick={() => { setEditing(false); setName(group.name); setError(null); }}>Cancel</button>
        </div>
      </form>
    );
  }
  return (
    <div className="spread">
      <div>
        <h1>{group.name}</h1>
        <p className="muted">
          {group.memberCount} {group.memberCount === 1 ? 'member' : 'members'} · you are {group.role === 'owner' ? 'the owner' : 'a member'}
        </p>
      </div>
      {group.role === 'owner' && <button className="btn" onClick={() => { setName(group.name); setEditing(true); }}>Rename</button>}
    </div>
  );
}

function Invite({ group, onChange }: { group: GroupInfo; onChange(): void }) {
  const link = `${window.location.origin}/groups/join?code=${group.inviteCode}`;
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setError('Copying is blocked here: select the link and copy it yourself.');
    }
  };
  const rotate = async () => {
    setError(null);
    try {
      await api.post<GroupInfo>(`/groups/${group.id}/code`);
      onChange();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not make a new code.');
    }
  };
  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite people</h2>
      {error && <div className="form-error" role="alert">{error}</div>}
      <div className="field">
        <label htmlFor="invite-link">Invite link</label>
        <div className="row" style={{ flexWrap: 'nowrap' }}>
          <input id="invite-link" type="text" readOnly value={link} onFocus={(e) => e.target.select()} aria-describedby="invite-hint" />
          <button className="btn" type="button" onClick={copy}>{copied ? 'Copied' : 'Copy link'}</button>
        </div>
        <span id="invite-hint" className="hint">
          Or share the code <code data-testid="group-code">{group.inviteCode}</code>. Anyone signed in with the link or code can join.
        </span>
      </div>
      {group.role === 'owner' && (
        <ConfirmButton
          label="Make a new code"
          question="The current link and code will stop working."
          confirm="Yes, replace it"
          className="btn small"
          onConfirm={rotate}
        />
      )}
    </section>
  );
}
