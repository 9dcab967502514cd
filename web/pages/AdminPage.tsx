import { useState } from 'react';
import { Link } from 'react-router';
import type { AdminSettings, AdminStatus, AdminUser, RegistrationInvite, ResetLink } from '../../shared/api';
import { api, ApiError, useApi } from '../api';
import { useAuth } from '../auth';
import { ConfirmButton } from '../components/ConfirmButton';
import { ErrorNote, Loading } from '../components/Loading';

const MODE_TEXT: Record<AdminSettings['registration'], string> = {
  open: 'Anyone who can reach this instance can create an account.',
  invite: 'New accounts need an invite code from you (create them below).',
  closed: 'Nobody can create an account; only existing accounts sign in.',
};

/** Instance administration for the admin (the first account): users, registration, invites. */
export default function AdminPage() {
  const { me } = useAuth();
  const settings = useApi<AdminSettings>(me?.isAdmin ? '/admin/settings' : null);
  if (!me?.isAdmin) {
    return (
      <div className="card auth-card">
        <h1>Admins only</h1>
        <p className="muted">This page is for the admin of this instance (the first account that was created).</p>
        <Link className="btn primary" to="/">Go home</Link>
      </div>
    );
  }
  return (
    <div className="stack">
      <div>
        <h1>Administration</h1>
        <p className="muted">Accounts, registration and the server's load on this instance.</p>
      </div>
      <section className="card" aria-labelledby="registration-title">
        <h2 id="registration-title">Registration</h2>
        {settings.loading && !settings.data && <Loading />}
        {settings.error && <ErrorNote error={settings.error} retry={settings.reload} />}
        {settings.data && (
          <>
            <p>
              Mode: <span className="badge accent" data-testid="registration-mode">{settings.data.registration}</span>{' '}
              {MODE_TEXT[settings.data.registration]}
            </p>
            <p className="muted">
              The mode is set by the <code>REGISTRATION</code> environment variable (<code>open</code>, <code>invite</code> or{' '}
              <code>closed</code>) when the server starts; change it in the service's environment and restart. Public URL:{' '}
              {settings.data.publicUrl ? <code>{settings.data.publicUrl}</code> : <span>not set (judged by the Host header)</span>}.
              Version {settings.data.version}.
            </p>
          </>
        )}
      </section>
      <ServerStatus />
      {settings.data?.registration === 'invite' && <Invites />}
      <Users />
    </div>
  );
}

function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return `${(n / (1024 * 1024 * 1024)).toFixed(2)} GB`;
}

/** Live load and storage, read when the page opens and on Refresh. */
function ServerStatus() {
  const status = useApi<AdminStatus>('/admin/status');
  const s = status.data;
  const perCommit = s && s.commits > 0 ? (s.eventsCommitted / s.commits).toFixed(1) : null;
  return (
    <section className="card" aria-labelledby="status-title">
      <div className="spread">
        <h2 id="status-title">Server</h2>
        <button className="btn small" type="button" onClick={status.reload} disabled={status.loading}>Refresh</button>
      </div>
      {status.loading && !s && <Loading />}
      {status.error && <ErrorNote error={status.error} retry={status.reload} />}
      {s && (
        <>
          <dl className="status-list" data-testid="server-status">
            <div><dt>Live rooms</dt><dd data-testid="status-rooms">{s.rooms}</dd></div>
            <div><dt>People connected</dt><dd data-testid="status-connections">{s.connections}</dd></div>
            <div>
              <dt>Events stored</dt>
              <dd data-testid="status-events">{s.eventsCommitted.toLocaleString()}{perCommit && <span className="muted"> ({perCommit} per commit)</span>}</dd>
            </div>
            <div><dt>Ops refused</dt><dd>{s.opsRefused.toLocaleString()}</dd></div>
            <div><dt>Frames over the rate limit</dt><dd>{s.rateLimited.toLocaleString()}</dd></div>
            <div><dt>Connections cut for not reading</dt><dd>{s.slowClientsCut}</dd></div>
            <div><dt>Database</dt><dd>{s.engine === 'postgres' ? 'PostgreSQL' : 'SQLite'}, {formatBytes(s.databaseBytes)}</dd></div>
            {s.walBytes !== null && (
              <div>
                <dt>Write-ahead log</dt>
                <dd>{formatBytes(s.walBytes)}{s.walRewinds > 0 && <span className="muted"> (rewound {s.walRewinds}×, slowest {s.walRewindMsMax} ms)</span>}</dd>
              </div>
            )}
          </dl>
          {s.engine === 'postgres' ? (
            <p className="muted">
              Counts of this node (<code>{s.node.slice(0, 8)}</code>) since it started, {new Date(s.startedAt).toLocaleString()}.
              Other nodes sharing the database count their own rooms and people; the database size is for all of
              them. See docs/scale-out.md.
            </p>
          ) : (
            <p className="muted">
              Counts since the server started, {new Date(s.startedAt).toLocaleString()}. Under sustained writing the
              write-ahead log is rewound near 128 MB; rewinds slower than 20 ms are also logged ("slow WAL rewind
              checkpoint"), and many of them mean the disk cannot keep up.
            </p>
          )}
        </>
      )}
    </section>
  );
}

function Invites() {
  const invites = useApi<RegistrationInvite[]>('/admin/invites');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post<RegistrationInvite>('/admin/invites');
      invites.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not create an invite.');
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (code: string) => {
    setError(null);
    try {
      await api.del(`/admin/invites/${encodeURIComponent(code)}`);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not revoke the invite.');
    }
    invites.reload();
  };
  return (
    <section className="card" aria-labelledby="invites-title">
      <div className="spread">
        <h2 id="invites-title">Invite codes</h2>
        <button className="btn primary" type="button" onClick={create} disabled={busy}>{busy ? 'Creating…' : 'Create invite code'}</button>
      </div>
      <p className="muted">Each code creates one account. Send the link; the code is filled in on the sign-up form.</p>
      {error && <div className="form-error" role="alert">{error}</div>}
      {invites.loading && !invites.data && <Loading />}
      {invites.error && <ErrorNote error={invites.error} retry={invites.reload} />}
      {invites.data && invites.data.length === 0 && <p className="empty">No invite codes yet.</p>}
      {invites.data && invites.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Sign-up link</th>
              <th scope="col">Created</th>
              <th scope="col">Used by</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {invites.data.map((i) => {
              const link = `${window.location.origin}/register?invite=${encodeURIComponent(i.code)}`;
              return (
                <tr key={i.code}>
                  <td><code>{i.code}</code></td>
                  <td>
                    {i.usedBy ? <span className="muted">—</span> : (
                      <input type="text" readOnly value={link} aria-label={`Sign-up link for invite ${i.code}`} onFocus={(e) => e.target.select()} />
                    )}
                  </td>
                  <td className="muted">{new Date(i.createdAt).toLocaleString()} by {i.createdBy}</td>
                  <td>{i.usedBy ? `${i.usedBy}, ${new Date(i.usedAt!).toLocaleDateString()}` : <span className="badge ok">unused</span>}</td>
                  <td>{!i.usedBy && <ConfirmButton label="Revoke" question="Revoke this code?" confirm="Yes, revoke" onConfirm={() => revoke(i.code)} />}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Users() {
  const users = useApi<AdminUser[]>('/admin/users');
  const [error, setError] = useState<string | null>(null);
  const [resetLink, setResetLink] = useState<{ user: AdminUser; link: ResetLink } | null>(null);
  const makeResetLink = async (u: AdminUser) => {
    setError(null);
    try {
      setResetLink({ user: u, link: await api.post<ResetLink>(`/admin/users/${encodeURIComponent(u.id)}/reset-link`) });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not make a reset link.');
    }
  };
  const setDisabled = async (u: AdminUser, disabled: boolean) => {
    setError(null);
    try {
      await api.patch<AdminUser>(`/admin/users/${encodeURIComponent(u.id)}`, { disabled });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not change the account.');
    }
    users.reload();
  };
  return (
    <section className="card" aria-labelledby="users-title">
      <h2 id="users-title">Users {users.data && <span className="muted">({users.data.length})</span>}</h2>
      <p className="muted">Disabling an account signs it out everywhere at once and closes its open rooms; its sessions and history stay.</p>
      {error && <div className="form-error" role="alert">{error}</div>}
      {resetLink && (
        <div className="join-preview" role="status" data-testid="reset-link">
          <div className="field" style={{ marginBottom: 0 }}>
            <label htmlFor="reset-link-url">One-time password reset link for @{resetLink.user.username}</label>
            <input id="reset-link-url" type="text" readOnly value={resetLink.link.url} onFocus={(e) => e.target.select()} />
            <span className="hint">
              Pass it on privately. It works once, until {new Date(resetLink.link.expiresAt).toLocaleString()}; using it signs @{resetLink.user.username} out everywhere. A new link replaces this one.
            </span>
          </div>
        </div>
      )}
      {users.loading && !users.data && <Loading />}
      {users.error && <ErrorNote error={users.error} retry={users.reload} />}
      {users.data && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Created</th>
              <th scope="col">Status</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => (
              <tr key={u.id}>
                <td>
                  {u.displayName} <span className="muted">@{u.username}</span>
                  {u.isAdmin && <span className="badge accent" style={{ marginLeft: 6 }}>admin</span>}
                </td>
                <td className="muted">{new Date(u.createdAt).toLocaleDateString()}</td>
                <td>{u.disabled ? <span className="badge warn">disabled</span> : <span className="badge ok">active</span>}</td>
                {/* The flex row inside the cell: a flex <td> stops being a table cell and its border drifts. */}
                <td>
                  <div className="row" style={{ gap: 6 }}>
                    <button className="btn small" type="button" onClick={() => void makeResetLink(u)}>Reset link</button>
                    {!u.isAdmin && (u.disabled ? (
                      <button className="btn small" type="button" onClick={() => void setDisabled(u, false)}>Enable</button>
                    ) : (
                      <ConfirmButton label="Disable" question={`Disable @${u.username}?`} confirm="Yes, disable" onConfirm={() => setDisabled(u, true)} />
                    ))}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
