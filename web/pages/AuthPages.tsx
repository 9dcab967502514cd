import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import type { Me } from '../../shared/api';
import { api, ApiError } from '../api';
import { useAuth } from '../auth';
import { safeNext } from '../safe-next';


interface FieldErrors {
  username?: string;
  password?: string;
  inviteCode?: string;
  setupToken?: string;
  form?: string;
}

function toErrors(err: unknown): FieldErrors {
  if (err instanceof ApiError) {
    if (err.field === 'username' || err.field === 'password' || err.field === 'inviteCode' || err.field === 'setupToken') return { [err.field]: err.message };
    return { form: err.message };
  }
  return { form: 'Something went wrong. Try again.' };
}

export function LoginPage() {
  const { me, setMe } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));
  if (me) return <Navigate to={next} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: FieldErrors = {};
    if (!username.trim()) local.username = 'Enter your username.';
    if (!password) local.password = 'Enter your password.';
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const user = await api.post<Me>('/auth/login', { username: username.trim(), password });
      setMe(user);
      navigate(next, { replace: true });
    } catch (err) {
      setErrors(toErrors(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card auth-card">
      <h1>Log in</h1>
      <p className="muted">Welcome back. Pick up where your study group left off.</p>
      <form onSubmit={submit} noValidate>
        {errors.form && <div className="form-error" role="alert">{errors.form}</div>}
        <div className="field">
          <label htmlFor="login-username">Username</label>
          <input id="login-username" type="text" autoComplete="username" autoFocus value={username}
            onChange={(e) => setUsername(e.target.value)} aria-invalid={!!errors.username}
            aria-describedby={errors.username ? 'login-username-error' : undefined} />
          {errors.username && <span id="login-username-error" className="error">{errors.username}</span>}
        </div>
        <div className="field">
          <label htmlFor="login-password">Password</label>
          <input id="login-password" type="password" autoComplete="current-password" value={password}
            onChange={(e) => setPassword(e.target.value)} aria-invalid={!!errors.password}
            aria-describedby={errors.password ? 'login-password-error' : undefined} />
          {errors.password && <span id="login-password-error" className="error">{errors.password}</span>}
        </div>
        <button className="btn primary big" type="submit" disabled={busy} style={{ width: '100%' }}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
      <p className="muted" style={{ marginTop: '1rem' }}>
        No account yet? <Link to={`/register${params.get('next') ? `?next=${encodeURIComponent(next)}` : ''}`}>Create one</Link>
      </p>
    </div>
  );
}

export function RegisterPage() {
  const { me, setMe } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [inviteCode, setInviteCode] = useState(params.get('invite') ?? '');
  // The setup URL printed in the server log while no account exists: /register?setup=TOKEN.
  const setupToken = params.get('setup')?.trim() ?? '';
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));
  if (me) return <Navigate to={next} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: FieldErrors = {};
    if (!/^[A-Za-z0-9_.-]{3,32}$/.test(username.trim())) local.username = '3-32 characters: letters, digits, "_", "." or "-".';
    if (password.length < 10) local.password = 'Use at least 10 characters.';
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const user = await api.post<Me>('/auth/register', {
        username: username.trim(),
        password,
        ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
        ...(inviteCode.trim() ? { inviteCode: inviteCode.trim() } : {}),
        ...(setupToken ? { setupToken } : {}),
      });
      setMe(user);
      navigate(next, { replace: true });
    } catch (err) {
      setErrors(toErrors(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card auth-card">
      <h1>{setupToken ? 'Set up this instance' : 'Create your account'}</h1>
      {setupToken ? (
        <p className="banner info" data-testid="setup-note">
          You opened the setup link from the server log: the first account becomes the admin of this instance.
        </p>
      ) : (
        <p className="muted">One account for the problem library, live sessions with your peers and your progress.</p>
      )}
      <form onSubmit={submit} noValidate>
        {errors.form && <div className="form-error" role="alert">{errors.form}</div>}
        {errors.setupToken && <div className="form-error" role="alert">{errors.setupToken}</div>}
        <div className="field">
          <label htmlFor="reg-username">Username</label>
          <input id="reg-username" type="text" autoComplete="username" autoFocus value={username}
            onChange={(e) => setUsername(e.target.value)} aria-invalid={!!errors.username}
            aria-describedby="reg-username-hint" />
          {errors.username ? <span id="reg-username-hint" className="error">{errors.username}</span>
            : <span id="reg-username-hint" className="hint">Letters, digits, "_", "." or "-"; 3-32 characters.</span>}
        </div>
        <div className="field">
          <label htmlFor="reg-display">Display name <span className="muted">(optional)</span></label>
          <input id="reg-display" type="text" autoComplete="name" value={displayName} maxLength={48}
            onChange={(e) => setDisplayName(e.target.value)} />
          <span className="hint">What your interview partner sees. Defaults to your username.</span>
        </div>
        <div className="field">
          <label htmlFor="reg-password">Password</label>
          <input id="reg-password" type="password" autoComplete="new-password" value={password}
            onChange={(e) => setPassword(e.target.value)} aria-invalid={!!errors.password}
            aria-describedby="reg-password-hint" />
          {errors.password ? <span id="reg-password-hint" className="error">{errors.password}</span>
            : <span id="reg-password-hint" className="hint">At least 10 characters. A short sentence works well.</span>}
        </div>
        {!setupToken && (
          <div className="field">
            <label htmlFor="reg-invite">Invite code <span className="muted">(if your admin gave you one)</span></label>
            <input id="reg-invite" type="text" value={inviteCode} onChange={(e) => setInviteCode(e.target.value)}
              aria-invalid={!!errors.inviteCode} aria-describedby={errors.inviteCode ? 'reg-invite-error' : undefined} />
            {errors.inviteCode && <span id="reg-invite-error" className="error">{errors.inviteCode}</span>}
          </div>
        )}
        <button className="btn primary big" type="submit" disabled={busy} style={{ width: '100%' }}>
          {busy ? 'Creating account…' : 'Create account'}
        </button>
      </form>
      <p className="muted" style={{ marginTop: '1rem' }}>
        Already have an account? <Link to={`/login${params.get('next') ? `?next=${encodeURIComponent(next)}` : ''}`}>Log in</Link>
      </p>
    </div>
  );
}
