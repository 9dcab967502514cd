import { useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api';
import { Loading } from './Loading';

/**
 * The target of an invite link (`?code=XXXX`): joins at once with the code from the link, or asks for
 * one, then goes where `join` says.
 */
export function JoinWithCode(props: {
  title: string;
  joiningLabel: string;
  hint: string;
  failure: string;
  back: { to: string; label: string };
  /** Joins with the code and returns the path to go to. */
  join: (code: string) => Promise<string>;
}) {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const inputId = useId();
  const [code, setCode] = useState(params.get('code') ?? '');
  const [error, setError] = useState<string | null>(null);
  // An ended session cannot be joined with any code: say so, without a form to retry.
  const [ended, setEnded] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const tried = useRef(false);

  const join = async (value: string) => {
    setBusy(true);
    setError(null);
    try {
      navigate(await props.join(value), { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'session_ended') setEnded(err.message);
      else setError(err instanceof ApiError ? err.message : props.failure);
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

  if (ended) {
    return (
      <div className="card auth-card" role="status">
        <h1>{props.title}</h1>
        <p>{ended}</p>
        <Link className="btn primary" to={props.back.to}>{props.back.label}</Link>
      </div>
    );
  }
  if (busy && !error) return <Loading label={props.joiningLabel} />;
  return (
    <div className="card auth-card">
      <h1>{props.title}</h1>
      {error && <div className="form-error" role="alert">{error}</div>}
      <form onSubmit={(e) => { e.preventDefault(); if (code.trim()) void join(code.trim()); }}>
        <div className="field">
          <label htmlFor={inputId}>Invite code</label>
          <input id={inputId} type="text" autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} autoFocus />
          <span className="hint">{props.hint}</span>
        </div>
        <div className="row">
          <button className="btn primary" type="submit" disabled={busy || !code.trim()}>Join</button>
          <Link className="btn" to={props.back.to}>{props.back.label}</Link>
        </div>
      </form>
    </div>
  );
}
