import { useState } from 'react';
import type { GroupCoverage as Coverage, Role } from '../../shared/api';
import { useApi } from '../api';
import { ErrorNote, Loading } from '../components/Loading';

const MARK: Record<Role, { short: string; long: string }> = {
  candidate: { short: 'C', long: 'as candidate' },
  interviewer: { short: 'I', long: 'as interviewer' },
  observer: { short: 'O', long: 'as observer' },
};

/**
 * Spoiler tracking: members × problems, and in which roles each member has met each problem. A
 * candidate has seen the prompt; an interviewer or observer has also seen the guide. Pick a problem
 * whose cell is empty for the candidate.
 */
export function GroupCoverage({ groupId }: { groupId: string }) {
  const coverage = useApi<Coverage>(`/groups/${encodeURIComponent(groupId)}/coverage`);
  const [freshFor, setFreshFor] = useState('');
  const data = coverage.data;
  const rows = (data?.problems ?? []).filter((p) => !freshFor || !data?.seen[freshFor]?.[p.slug]);
  return (
    <section className="card" aria-labelledby="coverage-title">
      <div className="spread">
        <h2 id="coverage-title">Who has seen what</h2>
        {data && (
          <div className="field" style={{ margin: 0, minWidth: 240 }}>
            <label htmlFor="coverage-fresh">Fresh problems for</label>
            <select id="coverage-fresh" value={freshFor} onChange={(e) => setFreshFor(e.target.value)}>
              <option value="">Show every problem</option>
              {data.members.map((m) => <option key={m.userId} value={m.userId}>{m.displayName}</option>)}
            </select>
          </div>
        )}
      </div>
      <p className="muted">
        C: took part as candidate (has seen the prompt). I: interviewed, O: observed (has seen the guide too). An empty cell
        is a fresh problem for that member: a good pick when they are the candidate.
      </p>
      {coverage.loading && !data && <Loading />}
      {coverage.error && <ErrorNote error={coverage.error} retry={coverage.reload} />}
      {data && (
        <div className="coverage-scroll">
          <table className="table coverage">
            <caption className="visually-hidden">Problems each member has met, and in which role</caption>
            <thead>
              <tr>
                <th scope="col">Problem</th>
                {data.members.map((m) => <th scope="col" key={m.userId}>{m.displayName}</th>)}
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.slug}>
                  <th scope="row">
                    {p.title} <span className={`badge ${p.difficulty}`}>{p.difficulty}</span>
                  </th>
                  {data.members.map((m) => {
                    const roles = data.seen[m.userId]?.[p.slug];
                    return (
                      <td key={m.userId} className={roles ? 'seen' : 'fresh'}>
                        {roles ? (
                          <>
                            <span aria-hidden="true">{roles.map((r) => MARK[r].short).join(' ')}</span>
                            <span className="visually-hidden">{roles.map((r) => MARK[r].long).join(', ')}</span>
                          </>
                        ) : (
                          <span className="visually-hidden">not seen</span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === 0 && <p className="empty">This member has met every problem.</p>}
        </div>
      )}
    </section>
  );
}
