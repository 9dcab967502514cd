import { formatValue } from '../../shared/estimate';
import type { ProblemGuide } from '../../shared/problem';
import { RUBRIC, DIMENSION_IDS } from '../../shared/rubric';
import { LevelExpectations } from './LevelExpectations';
import { Markdown } from './Markdown';
import { ReferenceBoard } from './ReferenceBoard';

export function ReferenceFigures({ guide }: { guide: ProblemGuide }) {
  return (
    <div className="table-scroll">
    <table className="table compact" aria-label="Reference figures">
      <thead>
        <tr><th scope="col">Figure</th><th scope="col">Reference</th><th scope="col">Tolerance</th></tr>
      </thead>
      <tbody>
        {guide.estimation.results.map((r) => (
          <tr key={r.key}>
            <td>{r.label ?? r.key}</td>
            <td><strong>{formatValue(r.value, r.unit)}</strong></td>
            <td className="muted">±{Math.round(r.tolerance * 100)}%</td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

export function Assumptions({ guide }: { guide: ProblemGuide }) {
  return (
    <dl className="assumptions">
      {Object.entries(guide.estimation.assumptions).map(([k, v]) => (
        <div key={k}><dt>{k}</dt><dd>{v.toLocaleString()}</dd></div>
      ))}
    </dl>
  );
}

/** The whole guide, for the problem page behind its spoiler gate. */
export function GuideView({ guide }: { guide: ProblemGuide }) {
  return (
    <div className="stack guide">
      <section className="card" aria-labelledby="guide-levels">
        <h2 id="guide-levels">Level expectations</h2>
        <p className="muted">Difficulty: {guide.difficultyReason}</p>
        <LevelExpectations guide={guide} />
      </section>
      {guide.sections.map((s) => (
        <section key={s.id} className="card" aria-labelledby={`guide-${s.id}`}>
          <h2 id={`guide-${s.id}`}>{s.heading}</h2>
          {s.id === 'estimation' && (
            <>
              <h3>Assumptions</h3>
              <Assumptions guide={guide} />
              <h3>Reference figures</h3>
              <ReferenceFigures guide={guide} />
            </>
          )}
          {s.id === 'reference-design' && <ReferenceBoard guide={guide} />}
          <Markdown>{s.markdown}</Markdown>
        </section>
      ))}
      <section className="card" aria-labelledby="guide-hints">
        <h2 id="guide-hints">Hints to reveal</h2>
        <ul>{guide.hints.map((h) => <li key={h.id}><span className="badge">{h.phase}</span> {h.text}</li>)}</ul>
      </section>
      <section className="card" aria-labelledby="guide-curveballs">
        <h2 id="guide-curveballs">Curveballs</h2>
        <ul className="curveball-keys">
          {guide.curveballs.map((c) => (
            <li key={c.id}>
              <strong>Minute {c.minute}:</strong> {c.text}
              <details>
                <summary>Answer key</summary>
                <p>{c.answer}</p>
              </details>
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="guide-signals">
        <h2 id="guide-signals">Rubric signals for this problem</h2>
        {DIMENSION_IDS.map((d) => (
          <div key={d}>
            <h3>{RUBRIC[d].title}</h3>
            <ul>{guide.signals[d].map((s) => <li key={s}>{s}</li>)}</ul>
          </div>
        ))}
      </section>
    </div>
  );
}
