import { Link } from 'react-router';
import type { SessionInfo } from '../../shared/api';
import type { Loadable } from '../api';
import { ErrorNote, Loading } from './Loading';

const STATUS_LABEL: Record<SessionInfo['status'], { text: string; cls: string }> = {
  waiting: { text: 'Waiting to start', cls: 'badge' },
  live: { text: 'Live', cls: 'badge ok' },
  paused: { text: 'Paused', cls: 'badge warn' },
  ended: { text: 'Ended', cls: 'badge' },
};

export function SessionList({ state, items, empty }: { state: Loadable<SessionInfo[]>; items: Omit<SessionInfo, 'participants'>[]; empty: string }) {
  if (state.loading && !state.data) return <Loading />;
  if (state.error) return <ErrorNote error={state.error} retry={state.reload} />;
  if (!items.length) return <p className="empty">{empty}</p>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Problem</th>
          <th scope="col">Mode</th>
          <th scope="col">Your role</th>
          <th scope="col">Status</th>
          <th scope="col">Created</th>
          <th scope="col"><span className="visually-hidden">Open</span></th>
        </tr>
      </thead>
      <tbody>
        {items.map((s) => (
          <tr key={s.id}>
            <td>{s.problemTitle ?? <span className="muted">A surprise, named at the start</span>}</td>
            <td>{s.mode}</td>
            <td>{s.role}</td>
            <td>
              {s.cancelledBy !== undefined ? <span className="badge warn" title={`Cancelled by ${s.cancelledBy}`}>Cancelled</span>
                : <span className={STATUS_LABEL[s.status].cls}>{STATUS_LABEL[s.status].text}</span>}
            </td>
            <td className="muted">{new Date(s.createdAt).toLocaleString()}</td>
            <td>
              {s.status === 'ended' ? (
                <Link className="btn small" to={`/sessions/${s.id}/review`}>Review</Link>
              ) : (
                <Link className="btn small" to={`/sessions/${s.id}/room`}>Enter room</Link>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
