import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Role } from '../../shared/api';
import type { ProblemSummary } from '../../shared/problem';
import { useApi } from '../api';
import { ErrorNote, Loading } from '../components/Loading';

type Listed = ProblemSummary & { practised: Role[] | null };

export default function LibraryPage() {
  const list = useApi<Listed[]>('/problems');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const tag = params.get('tag') ?? '';
  const difficulty = params.get('difficulty') ?? '';
  const [practisedFilter, setPractisedFilter] = useState<'all' | 'new' | 'done'>('all');

  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const tags = useMemo(() => [...new Set((list.data ?? []).flatMap((p) => p.tags))].sort(), [list.data]);
  const shown = (list.data ?? []).filter((p) => {
    const text = `${p.title} ${p.summary} ${p.tags.join(' ')}`.toLowerCase();
    if (q && !text.includes(q.toLowerCase())) return false;
    if (tag && !p.tags.includes(tag)) return false;
    if (difficulty && p.difficulty !== difficulty) return false;
    if (practisedFilter === 'new' && p.practised) return false;
    if (practisedFilter === 'done' && !p.practised) return false;
    return true;
  });

  return (
    <div className="stack">
      <div>
        <h1>Problem library</h1>
        <p className="muted">
          {list.data ? `${list.data.length} problems, each with an interviewer guide, reference numbers and a rubric.` : 'Loading the library…'}
        </p>
      </div>
      <div className="card" role="search">
        <div className="row" style={{ alignItems: 'flex-end' }}>
          <div className="field" style={{ flex: '2 1 240px', margin: 0 }}>
            <label htmlFor="lib-q">Search</label>
            <input id="lib-q" type="search" placeholder="e.g. cache, geohash, payments" value={q} onChange={(e) => set('q', e.target.value)} />
          </div>
          <div className="field" style={{ flex: '1 1 150px', margin: 0 }}>
            <label htmlFor="lib-difficulty">Difficulty</label>
            <select id="lib-difficulty" value={difficulty} onChange={(e) => set('difficulty', e.target.value)}>
              <option value="">Any</option>
              <option value="easy">Easy</option>
              <option value="medium">Medium</option>
              <option value="hard">Hard</option>
            </select>
          </div>
          <div className="field" style={{ flex: '1 1 170px', margin: 0 }}>
            <label htmlFor="lib-tag">Topic</label>
            <select id="lib-tag" value={tag} onChange={(e) => set('tag', e.target.value)}>
              <option value="">Any</option>
              {tags.map((t) => <option key={t} value={t}>{t}</option>)}
            </select>
          </div>
          <div className="field" style={{ flex: '1 1 170px', margin: 0 }}>
            <label htmlFor="lib-practised">Practised</label>
            <select id="lib-practised" value={practisedFilter} onChange={(e) => setPractisedFilter(e.target.value as typeof practisedFilter)}>
              <option value="all">All problems</option>
              <option value="new">Not yet practised</option>
              <option value="done">Already practised</option>
            </select>
          </div>
        </div>
      </div>
      {list.loading && !list.data && <Loading />}
      {list.error && <ErrorNote error={list.error} retry={list.reload} />}
      {list.data && (
        <>
          <p className="muted" aria-live="polite">{shown.length} of {list.data.length} shown</p>
          {shown.length === 0 ? (
            <p className="empty">No problem matches these filters.</p>
          ) : (
            <ul className="grid" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Problems">
              {shown.map((p) => (
                <li key={p.slug} className="card problem-card">
                  <div className="spread" style={{ marginBottom: 6 }}>
                    <span className={`badge ${p.difficulty}`}>{p.difficulty}</span>
                    {p.practised && <span className="badge ok" title={`You took part as ${p.practised.join(' and ')}`}>✓ practised</span>}
                  </div>
                  <h2 style={{ fontSize: '1.1rem' }}>
                    <Link to={`/problems/${p.slug}`}>{p.title}</Link>
                  </h2>
                  <p className="muted">{p.summary}</p>
                  <div className="row" style={{ gap: 6 }}>
                    {p.tags.map((t) => (
                      <button key={t} className="badge" onClick={() => set('tag', t)} aria-label={`Filter by topic ${t}`}>
                        {t}
                      </button>
                    ))}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
