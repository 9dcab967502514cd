import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { GroupActivity, GroupInfo } from '../../shared/api';
import { api, ApiError } from '../api';
import { useAuth } from '../auth';
import { ConfirmButton } from '../components/ConfirmButton';

/** Members with their practice counts; the owner removes members, everybody can leave. */
export function GroupMembers({ group, counts, onChange }: { group: GroupInfo; counts?: GroupActivity['members']; onChange(): void }) {
  const { me } = useAuth();
  const [error, setError] = useState<string | null>(null);
  const byId = new Map((counts ?? []).map((c) => [c.userId, c]));
  const remove = async (userId: string) => {
    setError(null);
    try {
      await api.del(`/groups/${group.id}/members/${encodeURIComponent(userId)}`);
      onChange();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not remove the member.');
    }
  };
  return (
    <section className="card" aria-labelledby="members-title">
      <div className="spread">
        <h2 id="members-title">Members</h2>
        <LeaveGroup group={group} />
      </div>
      {error && <div className="form-error" role="alert">{error}</div>}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Role</th>
            <th scope="col">As candidate</th>
            <th scope="col">As interviewer</th>
            <th scope="col">Last session</th>
            {group.role === 'owner' && <th scope="col"><span className="visually-hidden">Actions</span></th>}
          </tr>
        </thead>
        <tbody>
          {group.members.map((m) => {
            const c = byId.get(m.userId);
            return (
              <tr key={m.userId}>
                <td>
                  {m.displayName} <span className="muted">@{m.username}</span>
                  {m.userId === me?.id && <span className="badge" style={{ marginLeft: 6 }}>you</span>}
                </td>
                <td>{m.role === 'owner' ? <span className="badge accent">owner</span> : 'member'}</td>
                <td>{c ? c.asCandidate : '…'}</td>
                <td>{c ? c.asInterviewer : '…'}</td>
                <td className="muted">{c?.lastSessionAt ? new Date(c.lastSessionAt).toLocaleDateString() : '—'}</td>
                {group.role === 'owner' && (
                  <td>
                    {m.userId !== me?.id && (
                      <ConfirmButton label="Remove" question={`Remove ${m.displayName}?`} confirm="Yes, remove" onConfirm={() => remove(m.userId)} />
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted" style={{ fontSize: '0.85rem', margin: '0.6rem 0 0' }}>Counts are sessions that started, as the candidate and as the interviewer.</p>
    </section>
  );
}

function LeaveGroup({ group }: { group: GroupInfo }) {
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const last = group.memberCount === 1;
  return (
    <div>
      {error && <div className="form-error" role="alert">{error}</div>}
      <ConfirmButton
        label="Leave group"
        question={last ? 'You are the last member: the group will be deleted.' : group.role === 'owner' ? 'The longest-standing member becomes the owner.' : 'You can rejoin with an invite link.'}
        confirm="Yes, leave"
        onConfirm={async () => {
          try {
            await api.post(`/groups/${group.id}/leave`);
            navigate('/groups');
          } catch (err) {
            setError(err instanceof ApiError ? err.message : 'Could not leave the group.');
          }
        }}
      />
    </div>
  );
}
