import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Me, ResetInfo } from '../../shared/api';
import { api, ApiError, useApi } from '../api';
import { useAuth } from '../auth';
import { Loading } from '../components/Loading';

interface Errors {
  newPassword?: string;
  confirm?: string;
  form?: string;
}

/** The target of an admin's one-time reset link: /reset?token=… sets a new password and signs in. */
export default function ResetPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const info = useApi<ResetInfo>(token ? `/auth/reset?token=${encodeURIComponent(token)}` : null);
  const { setMe } = useAuth();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  if (!token || info.error) {
    return (
      <div className="card auth-card">
        <h1>Reset link not valid</h1>
        <div className="form-error" role="alert">
          {info.error?.message ?? 'This address has no reset token. Open the whole link the admin gave you.'}
        </div>
        <div className="row">
          <Link className="btn" to="/login">Log in</Link>
        </div>
      </div>
    );
  }
  if (!info.data) return <Loading label="Checking the link…" />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Errors = {};
    if (password.length < 10) local.newPassword = 'Use at least 10 characters.';
    else if (password !== confirm) local.confirm = 'The two passwords differ.';
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const res = await api.post<{ signedIn: boolean }>('/auth/reset', { token, newPassword: password });
      if (res.signedIn) {
        setMe(await api.get<Me>('/me'));
        navigate('/', { replace: true });
      } else {
        navigate('/login', { replace: true });
      }
    } catch (err) {
      if (err instanceof ApiError && err.field === 'newPassword') setErrors({ newPassword: err.message });
      else setErrors({ form: err instanceof ApiError ? err.message : 'Could not set the password.' });
      setBusy(false);
    }
  };

  return (
    <div className="card auth-card">
      <h1>Choose a new password</h1>
      <p className="muted">
        For the account <strong>@{info.data.username}</strong>. Setting it signs this account out everywhere else; the link then stops working.
      </p>
      <form onSubmit={submit} noValidate>
        {errors.form && <div className="form-error" role="alert">{errors.form}</div>}
        <input type="text" autoComplete="username" value={info.data.username} readOnly hidden />
        <div className="field">
          <label htmlFor="reset-password">New password</label>
          <input id="reset-password" type="password" autoComplete="new-password" autoFocus value={password}
            onChange={(e) => setPassword(e.target.value)} aria-invalid={!!errors.newPassword} aria-describedby="reset-password-hint" />
          {errors.newPassword ? <span id="reset-password-hint" className="error">{errors.newPassword}</span>
            : <span id="reset-password-hint" className="hint">At least 10 characters. A short sentence works well.</span>}
        </div>
        <div className="field">
          <label htmlFor="reset-confirm">New password again</label>
          <input id="reset-confirm" type="password" autoComplete="new-password" value={confirm}
            onChange={(e) => setConfirm(e.target.value)} aria-invalid={!!errors.confirm} aria-describedby={errors.confirm ? 'reset-confirm-error' : undefined} />
          {errors.confirm && <span id="reset-confirm-error" className="error">{errors.confirm}</span>}
        </div>
        <button className="btn primary big" type="submit" disabled={busy} style={{ width: '100%' }}>
          {busy ? 'Saving…' : 'Set password and sign in'}
        </button>
      </form>
    </div>
  );
}
