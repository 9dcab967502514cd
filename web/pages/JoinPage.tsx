import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { SessionInfo } from '../../shared/api';
import { api, ApiError } from '../api';
import { Loading } from '../components/Loading';

/** The target of an invite link: /join/:id?code=XXXX. Joins, then enters the room. */
export default function JoinPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [code, setCode] = useState(params.get('code') ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const tried = useRef(false);

  const join = async (inviteCode: string) => {
    setBusy(true);
    setError(null);
    try {
      await api.post<SessionInfo>(`/sessions/${encodeURIComponent(id)}/join`, { inviteCode });
      navigate(`/sessions/${encodeURIComponent(id)}/room`, { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not join the session.');
      setBusy(false);
    }
  };

  useEffect(() => {
    if (!tried.current && code) {
      tried.current = true;
      void join(code);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (busy && !error) return <Loading label="Joining the session…" />;
  return (
    <div className="card auth-card">
      <h1>Join a session</h1>
      {error && <div className="form-error" role="alert">{error}</div>}
      <form onSubmit={(e) => { e.preventDefault(); if (code.trim()) void join(code.trim()); }}>
        <div className="field">
          <label htmlFor="join-code">Invite code</label>
          <input id="join-code" type="text" value={code} onChange={(e) => setCode(e.target.value)} autoFocus />
          <span className="hint">The code is part of the invite link your peer shared.</span>
        </div>
        <div className="row">
          <button className="btn primary" type="submit" disabled={busy || !code.trim()}>Join</button>
          <Link className="btn" to="/sessions">My sessions</Link>
        </div>
      </form>
    </div>
  );
}
