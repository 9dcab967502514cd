import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { Me, SignInInfo } from '../../shared/api';
import { api, ApiError, useApi } from '../api';
import { useAuth } from '../auth';
import { ConfirmButton } from '../components/ConfirmButton';
import { ErrorNote, Loading } from '../components/Loading';

/** Your account: display name, password, and where you are signed in. */
export default function SettingsPage() {
  const { me } = useAuth();
  if (!me) return <Loading />;
  return (
    <div className="settings stack">
      <div>
        <h1>Settings</h1>
        <p className="muted">
          Signed in as <strong>@{me.username}</strong>. Your username cannot change; your display name can.
        </p>
      </div>
      <DisplayName me={me} />
      <PasswordChange />
      <SignIns />
    </div>
  );
}

function DisplayName({ me }: { me: Me }) {
  const { setMe } = useAuth();
  const id = useId();
  const [value, setValue] = useState(me.displayName);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    if (!value.trim()) return setError('Enter a display name.');
    setBusy(true);
    setError(null);
    try {
      setMe(await api.patch<Me>('/me', { displayName: value.trim() }));
      setSaved(true);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not save the name.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Profile</h2>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>Display name</label>
          <input id={`${id}-name`} type="text" value={value} maxLength={48} autoComplete="name"
            onChange={(e) => { setValue(e.target.value); setSaved(false); }}
            aria-invalid={!!error} aria-describedby={`${id}-hint`} />
          {error ? <span id={`${id}-hint`} className="error">{error}</span>
            : <span id={`${id}-hint`} className="hint">What your interview partners and group see.</span>}
        </div>
        <div className="row">
          <button className="btn primary" type="submit" disabled={busy || value.trim() === me.displayName}>Save name</button>
          {saved && <span className="badge ok" role="status">Saved</span>}
        </div>
      </form>
    </section>
  );
}

interface PasswordErrors {
  currentPassword?: string;
  newPassword?: string;
  confirm?: string;
  form?: string;
}

function PasswordChange() {
  const id = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<PasswordErrors>({});
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const local: PasswordErrors = {};
    if (!current) local.currentPassword = 'Enter your current password.';
    if (next.length < 10) local.newPassword = 'Use at least 10 characters.';
    else if (next !== confirm) local.confirm = 'The two new passwords differ.';
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const res = await api.post<{ endedSignIns: number }>('/me/password', { currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone(
        res.endedSignIns
          ? `Password changed. ${res.endedSignIns === 1 ? 'Your other sign-in was' : `Your ${res.endedSignIns} other sign-ins were`} signed out.`
          : 'Password changed.',
      );
    } catch (err) {
      if (err instanceof ApiError && (err.field === 'currentPassword' || err.field === 'newPassword')) setErrors({ [err.field]: err.message });
      else setErrors({ form: err instanceof ApiError ? err.message : 'Could not change the password.' });
    } finally {
      setBusy(false);
    }
  };
  const field = (key: 'currentPassword' | 'newPassword' | 'confirm', label: string, value: string, set: (v: string) => void, auto: string, hint?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input id={`${id}-${key}`} type="password" autoComplete={auto} value={value} onChange={(e) => set(e.target.value)}
        aria-invalid={!!errors[key]} aria-describedby={errors[key] || hint ? `${id}-${key}-hint` : undefined} />
      {errors[key] ? <span id={`${id}-${key}-hint`} className="error">{errors[key]}</span>
        : hint && <span id={`${id}-${key}-hint`} className="hint">{hint}</span>}
    </div>
  );
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Password</h2>
      <p className="muted">Changing it signs you out everywhere else; this browser stays signed in.</p>
      <form onSubmit={submit} noValidate className="settings-form">
        {errors.form && <div className="form-error" role="alert">{errors.form}</div>}
        {field('currentPassword', 'Current password', current, setCurrent, 'current-password')}
        {field('newPassword', 'New password', next, setNext, 'new-password', 'At least 10 characters. A short sentence works well.')}
        {field('confirm', 'New password again', confirm, setConfirm, 'new-password')}
        <div className="row">
          <button className="btn primary" type="submit" disabled={busy}>{busy ? 'Changing…' : 'Change password'}</button>
          {done && <span className="badge ok" role="status">{done}</span>}
        </div>
      </form>
    </section>
  );
}

/** "Firefox on Linux" from a user agent string, or the string itself when it says nothing we know. */
export function describeAgent(ua: string | null): string {
  if (!ua) return 'Unknown browser';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : null;
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
  if (!browser) return ua.length > 60 ? `${ua.slice(0, 60)}…` : ua;
  return os ? `${browser} on ${os}` : browser;
}

function SignIns() {
  const id = useId();
  const { setMe } = useAuth();
  const navigate = useNavigate();
  const list = useApi<SignInInfo[]>('/me/sign-ins');
  const [error, setError] = useState<string | null>(null);
  const revoke = async (s: SignInInfo) => {
    setError(null);
    try {
      await api.del(`/me/sign-ins/${encodeURIComponent(s.id)}`);
      if (s.current) {
        setMe(null);
        navigate('/login', { replace: true });
        return;
      }
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not sign that out.');
    }
    list.reload();
  };
  const everywhere = async () => {
    setError(null);
    try {
      await api.del('/me/sign-ins');
      setMe(null);
      navigate('/login', { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not sign out everywhere.');
    }
  };
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="spread">
        <h2 id={`${id}-title`}>Where you are signed in</h2>
        <ConfirmButton label="Sign out everywhere" question="Sign out on every device, this one too?" confirm="Yes, sign out everywhere" onConfirm={everywhere} />
      </div>
      <p className="muted">Each sign-in lasts 30 days. Signing one out also closes its open session rooms.</p>
      {error && <div className="form-error" role="alert">{error}</div>}
      {list.loading && !list.data && <Loading />}
      {list.error && <ErrorNote error={list.error} retry={list.reload} />}
      {list.data && (
        <table className="table" data-testid="sign-ins">
          <thead>
            <tr>
              <th scope="col">Browser</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last seen</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((s) => (
              <tr key={s.id}>
                <td>
                  <span title={s.userAgent ?? undefined}>{describeAgent(s.userAgent)}</span>
                  {s.current && <span className="badge accent" style={{ marginLeft: 6 }}>this browser</span>}
                </td>
                <td className="muted">{new Date(s.createdAt).toLocaleString()}</td>
                <td className="muted">{s.lastSeenAt ? new Date(s.lastSeenAt).toLocaleString() : '—'}</td>
                <td>
                  <ConfirmButton label="Sign out" question={s.current ? 'Sign out here?' : 'Sign that browser out?'} confirm="Yes, sign out" onConfirm={() => revoke(s)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
