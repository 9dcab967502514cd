import type { GroupActivity as Activity } from '../../shared/api';
import type { Loadable } from '../api';
import { ErrorNote, Loading } from '../components/Loading';

const STATUS: Record<Activity['recent'][number]['status'], { text: string; cls: string }> = {
  waiting: { text: 'Waiting', cls: 'badge' },
  live: { text: 'Live', cls: 'badge ok' },
  paused: { text: 'Paused', cls: 'badge warn' },
  ended: { text: 'Ended', cls: 'badge' },
};

/** The latest sessions members took part in (only members' names are shown). */
export function GroupActivity({ state }: { state: Loadable<Activity> }) {
  const data = state.data;
  return (
    <section className="card" aria-labelledby="activity-title">
      <h2 id="activity-title">Recent sessions</h2>
      {state.loading && !data && <Loading />}
      {state.error && <ErrorNote error={state.error} retry={state.reload} />}
      {data && data.recent.length === 0 && <p className="empty">No sessions yet. Post a slot on the board to get going.</p>}
      {data && data.recent.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Problem</th>
              <th scope="col">Who</th>
              <th scope="col">Mode</th>
              <th scope="col">Status</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {data.recent.map((s) => (
              <tr key={s.id}>
                <td>{s.problemTitle ?? <span className="muted">A surprise problem</span>}</td>
                <td>{s.participants.map((p) => `${p.displayName} (${p.role})`).join(', ')}</td>
                <td>{s.mode}</td>
                <td><span className={STATUS[s.status].cls}>{STATUS[s.status].text}</span></td>
                <td className="muted">{new Date(s.createdAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
