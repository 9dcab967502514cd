import { Component, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** Catches render errors so one broken screen shows a way out instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error) {
    console.error(error);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    const chunk = /dynamically imported module|Loading chunk/i.test(this.state.error.message);
    return (
      <div className="main">
        <div className="card auth-card" role="alert">
          <h1>Something went wrong</h1>
          <p className="muted">
            {chunk
              ? 'A new version of the app was installed while this page was open.'
              : 'This screen hit an unexpected error. Your session data is safe on the server.'}
          </p>
          <div className="row">
            <button className="btn primary" onClick={() => window.location.reload()}>
              Reload the page
            </button>
            <a className="btn" href="/">
              Go home
            </a>
          </div>
        </div>
      </div>
    );
  }
}
