import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { PHASES } from '../../shared/phases';
import type { Progress } from '../../shared/progress';
import { DIMENSION_IDS, RUBRIC, type DimensionId } from '../../shared/rubric';
import { useApi } from '../api';
import { ErrorNote, Loading } from '../components/Loading';
import { OVERALL_LABEL } from './ScorecardEditor';
import '../styles/review.css';

const COLORS: Record<DimensionId, string> = {
  requirements: '#2563eb',
  estimation: '#dc2626',
  'high-level-design': '#16a34a',
  'deep-dive': '#9333ea',
  tradeoffs: '#ea580c',
  communication: '#0891b2',
};

/** Per-dimension scores over time as an SVG line chart, one point per scored session. */
function Chart({ progress, weakest }: { progress: Progress; weakest: DimensionId | null }) {
  const sessions = useMemo(() => {
    const ids = new Map<string, number>();
    for (const d of DIMENSION_IDS) for (const p of progress.dimensions[d]) if (!ids.has(p.sessionId)) ids.set(p.sessionId, p.ts);
    return [...ids].sort((a, b) => a[1] - b[1]).map(([id]) => id);
  }, [progress]);
  if (sessions.length === 0) return <p className="empty">No scored sessions yet. Scores appear here once a session you were the candidate in has ended and been scored.</p>;
  const W = 720, H = 260, L = 40, R = 16, T = 16, B = 34;
  const x = (i: number) => (sessions.length === 1 ? L + (W - L - R) / 2 : L + (i / (sessions.length - 1)) * (W - L - R));
  const y = (s: number) => T + ((4 - s) / 3) * (H - T - B);
  return (
    <>
      <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Scores over ${sessions.length} sessions for six dimensions`}>
        {[1, 2, 3, 4].map((s) => (
          <g key={s}>
            <line x1={L} x2={W - R} y1={y(s)} y2={y(s)} stroke="var(--border)" />
            <text x={L - 10} y={y(s)} textAnchor="end" dominantBaseline="middle" fontSize={12} fill="var(--text-muted)">{s}</text>
          </g>
        ))}
        {sessions.map((id, i) => <text key={id} x={x(i)} y={H - 10} textAnchor="middle" fontSize={11} fill="var(--text-muted)">#{i + 1}</text>)}
        {DIMENSION_IDS.map((d) => {
          const pts = progress.dimensions[d].map((p) => ({ i: sessions.indexOf(p.sessionId), s: p.score })).filter((p) => p.i >= 0);
          if (!pts.length) return null;
          return (
            <g key={d} data-dimension={d}>
              <polyline points={pts.map((p) => `${x(p.i)},${y(p.s)}`).join(' ')} fill="none" stroke={COLORS[d]} strokeWidth={d === weakest ? 4 : 2} opacity={weakest && d !== weakest ? 0.55 : 1} />
              {pts.map((p) => <circle key={p.i} cx={x(p.i)} cy={y(p.s)} r={d === weakest ? 5 : 3.5} fill={COLORS[d]}><title>{`${RUBRIC[d].title}: ${p.s} in session #${p.i + 1}`}</title></circle>)}
            </g>
          );
        })}
      </svg>
      <div className="legend">
        {DIMENSION_IDS.map((d) => <span key={d} style={{ ['--c' as string]: COLORS[d], fontWeight: d === weakest ? 700 : 400 }}>{RUBRIC[d].title}</span>)}
      </div>
    </>
  );
}

export default function ProgressPage() {
  const progress = useApi<Progress>('/me/progress');
  const [problem, setProblem] = useState('');
  const [role, setRole] = useState('');
  const [since, setSince] = useState('');
  if (progress.loading && !progress.data) return <Loading />;
  if (progress.error) return <ErrorNote error={progress.error} retry={progress.reload} />;
  const p = progress.data!;
  const sinceTs = since ? new Date(since).getTime() : 0;
  const rows = p.history.filter((h) => (!problem || h.problemSlug === problem) && (!role || h.role === role) && h.createdAt >= sinceTs);
  const problems = [...new Map(p.history.map((h) => [h.problemSlug, h.problemTitle]))];
  const titles = new Map(problems);
  return (
    <div className="stack">
      <div>
        <h1>Your progress</h1>
        <p className="muted">Scores you received as the candidate (the interviewer's when there is one, else your self-assessment), across sessions.</p>
      </div>
      {p.weakest && (
        <section className="card callout-card" aria-labelledby="weak-title">
          <h2 id="weak-title">Focus next: {RUBRIC[p.weakest.dimension].title}</h2>
          <p>Your recent average is <strong>{p.weakest.average.toFixed(1)}</strong> of 4. A 3 looks like this: <em>{RUBRIC[p.weakest.dimension].levels[2]}</em></p>
          {p.weakest.problems.length > 0 && (
            <p>Problems that exercise it and you have not done as candidate:{' '}
              {p.weakest.problems.map((x, i) => <span key={x.slug}>{i > 0 && ', '}<Link to={`/problems/${x.slug}`}>{x.title}</Link></span>)}
            </p>
          )}
        </section>
      )}
      <section className="card" aria-labelledby="chart-title">
        <h2 id="chart-title">Scores over time</h2>
        <Chart progress={p} weakest={p.weakest?.dimension ?? null} />
      </section>
      <section className="card" aria-labelledby="phase-title">
        <h2 id="phase-title">Average time per phase</h2>
        {p.phaseTimes.length === 0 ? <p className="muted">No ended sessions as candidate yet.</p> : (
          <table className="table">
            <thead><tr><th scope="col">Phase</th><th scope="col">Average</th><th scope="col">Planned</th><th scope="col">Sessions</th></tr></thead>
            <tbody>
              {p.phaseTimes.map((t) => (
                <tr key={t.id}>
                  <th scope="row">{PHASES[t.id].title}</th>
                  <td className={t.averageMinutes > t.plannedMinutes ? 'over-text' : ''}>{t.averageMinutes.toFixed(1)} min</td>
                  <td>{t.plannedMinutes.toFixed(0)} min</td>
                  <td>{t.sessions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card" aria-labelledby="estimation-title">
        <h2 id="estimation-title">Estimation accuracy</h2>
        {p.estimation.length === 0 ? (
          <p className="muted">Type your figures in the worksheet of a session as candidate: each ended session then shows how many were close to the reference.</p>
        ) : (
          <table className="table" aria-label="Estimation accuracy over time">
            <thead><tr><th scope="col">Date</th><th scope="col">Problem</th><th scope="col">Close to the reference</th><th scope="col">Typical miss</th><th scope="col"><span className="visually-hidden">Review</span></th></tr></thead>
            <tbody>
              {p.estimation.map((e) => (
                <tr key={e.sessionId}>
                  <td>{new Date(e.ts).toLocaleDateString()}</td>
                  <td>{titles.get(e.problemSlug) ?? e.problemSlug}</td>
                  <td>
                    <span className="accuracy-bar" aria-hidden="true"><span style={{ width: `${(e.close / Math.max(1, e.figures)) * 100}%` }} /></span>{' '}
                    {e.close} of {e.figures}{e.typed < e.figures && <span className="muted"> ({e.figures - e.typed} left empty)</span>}
                  </td>
                  <td>{e.medianMagnitudeOff === null ? '—' : e.medianMagnitudeOff < 0.05 ? 'spot on' : `${(10 ** e.medianMagnitudeOff).toFixed(1)}x`}</td>
                  <td><Link className="btn small" to={`/sessions/${e.sessionId}/review`}>Review</Link></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <div className="row" style={{ marginBottom: 8 }}>
          <label>Problem <select value={problem} onChange={(e) => setProblem(e.target.value)}><option value="">All</option>{problems.map(([slug, title]) => <option key={slug} value={slug}>{title}</option>)}</select></label>
          <label>Role <select value={role} onChange={(e) => setRole(e.target.value)}><option value="">All</option><option value="candidate">Candidate</option><option value="interviewer">Interviewer</option><option value="observer">Observer</option></select></label>
          <label>Since <input type="date" value={since} onChange={(e) => setSince(e.target.value)} /></label>
        </div>
        {rows.length === 0 ? <p className="empty">No sessions match.</p> : (
          <table className="table">
            <thead><tr><th scope="col">Date</th><th scope="col">Problem</th><th scope="col">Role</th><th scope="col">Average</th><th scope="col">Overall</th><th scope="col"><span className="visually-hidden">Review</span></th></tr></thead>
            <tbody>
              {rows.map((h) => (
                <tr key={h.sessionId}>
                  <td>{new Date(h.createdAt).toLocaleDateString()}</td>
                  <td>{h.problemTitle}</td>
                  <td>{h.role}</td>
                  <td>{h.average === null ? '—' : h.average.toFixed(1)}</td>
                  <td>{h.overall ? OVERALL_LABEL[h.overall] : '—'}</td>
                  <td><Link className="btn small" to={`/sessions/${h.sessionId}/review`}>Review</Link></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
