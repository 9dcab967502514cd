import { useEffect, useId, useState, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api';
import { Loading } from './Loading';

/**
 * The target of an invite link (`?code=XXXX`): shows what the code joins and joins only on an explicit
 * click, so a link alone can never put anyone into a session or a group. Without a code in the link,
 * it asks for one first.
 */
export function JoinWithCode<P>(props: {
  title: string;
  hint: string;
  failure: string;
  back: { to: string; label: string };
  /** What the code joins (nothing is joined); throws an ApiError when the code matches nothing. */
  preview: (code: string) => Promise<P>;
  /** The description shown before joining, and the label of the join button (null: cannot join). */
  describe: (preview: P) => { body: ReactNode; action: string | null; already?: string };
  /** Joins with the code and returns the path to go to. */
  join: (code: string, preview: P) => Promise<string>;
}) {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const inputId = useId();
  const [code, setCode] = useState(params.get('code')?.trim() ?? '');
  const [checked, setChecked] = useState<{ code: string; preview: P } | null>(null);
  const [error, setError] = useState<string | null>(null);
  // An ended session cannot be joined with any code: say so, without a form to retry.
  const [ended, setEnded] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const check = async (value: string) => {
    setBusy(true);
    setError(null);
    try {
      setChecked({ code: value, preview: await props.preview(value) });
    } catch (err) {
      setChecked(null);
      setError(err instanceof ApiError ? err.message : props.failure);
    } finally {
      setBusy(false);
    }
  };

  const join = async () => {
    if (!checked) return;
    setBusy(true);
    setError(null);
    try {
      navigate(await props.join(checked.code, checked.preview), { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'session_ended') setEnded(err.message);
      else setError(err instanceof ApiError ? err.message : props.failure);
      setBusy(false);
    }
  };

  // A code from the link is looked up (never joined) at once.
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the preview request starts with the link
    if (code) void check(code);
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
  if (busy && !checked && !error) return <Loading label="Looking up the invite…" />;
  const described = checked ? props.describe(checked.preview) : null;
  return (
    <div className="card auth-card">
      <h1>{props.title}</h1>
      {error && <div className="form-error" role="alert">{error}</div>}
      {checked && described ? (
        <>
          <div className="join-preview" data-testid="join-preview">{described.body}</div>
          {described.already && <p className="muted">{described.already}</p>}
          <div className="row">
            {described.action && (
              <button className="btn primary" type="button" onClick={() => void join()} disabled={busy} autoFocus>
                {busy ? 'Joining…' : described.action}
              </button>
            )}
            <Link className="btn" to={props.back.to}>{described.action ? 'Not now' : props.back.label}</Link>
          </div>
        </>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); if (code.trim()) void check(code.trim()); }}>
          <div className="field">
            <label htmlFor={inputId}>Invite code</label>
            <input id={inputId} type="text" autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} autoFocus />
            <span className="hint">{props.hint}</span>
          </div>
          <div className="row">
            <button className="btn primary" type="submit" disabled={busy || !code.trim()}>Continue</button>
            <Link className="btn" to={props.back.to}>{props.back.label}</Link>
          </div>
        </form>
      )}
    </div>
  );
}
