import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { GroupInfo } from '../../shared/api';
import { api, ApiError } from '../api';
import { Loading } from '../components/Loading';

/** The target of a group invite link: /groups/join?code=XXXX. Joins, then opens the group. */
export default function GroupJoinPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [code, setCode] = useState(params.get('code') ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const tried = useRef(false);

  const join = async (value: string) => {
    setBusy(true);
    setError(null);
    try {
      const g = await api.post<GroupInfo>('/groups/join', { code: value });
      navigate(`/groups/${g.id}`, { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not join the group.');
      setBusy(false);
    }
  };

  useEffect(() => {
    if (!tried.current && code.trim()) {
      tried.current = true;
      void join(code.trim());
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (busy && !error) return <Loading label="Joining the group…" />;
  return (
    <div className="card auth-card">
      <h1>Join a study group</h1>
      {error && <div className="form-error" role="alert">{error}</div>}
      <form onSubmit={(e) => { e.preventDefault(); if (code.trim()) void join(code.trim()); }}>
        <div className="field">
          <label htmlFor="group-join-code">Invite code</label>
          <input id="group-join-code" type="text" autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} autoFocus />
          <span className="hint">The code is part of the invite link a member shared.</span>
        </div>
        <div className="row">
          <button className="btn primary" type="submit" disabled={busy || !code.trim()}>Join</button>
          <Link className="btn" to="/groups">My groups</Link>
        </div>
      </form>
    </div>
  );
}
