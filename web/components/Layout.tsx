import { useState } from 'react';
import { Link, NavLink, Outlet, useNavigate } from 'react-router';
import { useAuth } from '../auth';
import { applyTheme, initialTheme, type Theme } from '../theme';
import { SignedInReminders } from './Reminders';

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(() => (document.documentElement.dataset.theme as Theme) ?? initialTheme());
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      className="btn ghost small"
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
      onClick={() => {
        applyTheme(next);
        setTheme(next);
      }}
    >
      {theme === 'dark' ? '☀' : '☾'}
    </button>
  );
}

export function Layout() {
  const { me, logout } = useAuth();
  const navigate = useNavigate();
  return (
    <div className="shell">
      <SignedInReminders />
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          <img src="/favicon.svg" alt="" />
          Mockroom
        </Link>
        <nav className="nav" aria-label="Main">
          {me && (
            <>
              <NavLink to="/problems">Problems</NavLink>
              <NavLink to="/sessions">Sessions</NavLink>
              <NavLink to="/groups">Groups</NavLink>
              <NavLink to="/progress">Progress</NavLink>
              {me.isAdmin && <NavLink to="/admin">Admin</NavLink>}
            </>
          )}
        </nav>
        <div className="topbar-right">
          <ThemeToggle />
          {me ? (
            <>
              <Link to="/settings" className="whoami" data-testid="whoami" title="Your settings: name, password, sign-ins">
                {me.displayName}
                {me.isAdmin && <span className="badge accent" style={{ marginLeft: 6 }}>admin</span>}
                <span className="whoami-gear" aria-hidden="true">⚙</span>
              </Link>
              <button
                className="btn small"
                onClick={async () => {
                  await logout();
                  navigate('/login');
                }}
              >
                Log out
              </button>
            </>
          ) : (
            <>
              <Link className="btn small ghost" to="/login">
                Log in
              </Link>
              <Link className="btn small primary" to="/register">
                Create account
              </Link>
            </>
          )}
        </div>
      </header>
      <main id="main" className="main">
        <Outlet />
      </main>
      <footer className="footer">Mockroom · practise system design interviews with your study group</footer>
    </div>
  );
}
