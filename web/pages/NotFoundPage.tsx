import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <div className="card auth-card">
      <h1>Page not found</h1>
      <p className="muted">There is nothing at this address. The link may be mistyped or out of date.</p>
      <div className="row">
        <Link className="btn primary" to="/">
          Go home
        </Link>
        <Link className="btn" to="/problems">
          Browse problems
        </Link>
      </div>
    </div>
  );
}
