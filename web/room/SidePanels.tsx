import { useState } from 'react';
import type { PlannedPhase, ClockState } from '../../shared/clock';
import { PHASES } from '../../shared/phases';
import type { ProblemGuide, ProblemView } from '../../shared/problem';
import type { HintReveal } from '../../shared/protocol';
import { Assumptions, ReferenceFigures } from '../components/GuideView';
import { LevelExpectations } from '../components/LevelExpectations';
import { Markdown } from '../components/Markdown';
import { ReferenceBoard } from '../components/ReferenceBoard';

function currentPhaseId(clock: ClockState, plan: PlannedPhase[]) {
  return plan[Math.max(0, clock.phaseIndex)]?.id ?? 'clarify';
}

/** What the candidate sees: the prompt, what to cover now, and hints the interviewer revealed. */
export function CandidatePanel({ problem, clock, plan, hints }: { problem: ProblemView | null; clock: ClockState; plan: PlannedPhase[]; hints: HintReveal[] }) {
  const phase = PHASES[currentPhaseId(clock, plan)];
  return (
    <div className="panel-body stack">
      <section aria-labelledby="cover-title">
        <h3 id="cover-title">Cover in this step: {phase.title}</h3>
        <ul className="checklist">{phase.candidatePrompt.map((l) => <li key={l}>{l}</li>)}</ul>
      </section>
      {hints.length > 0 && (
        <section aria-labelledby="hints-title">
          <h3 id="hints-title">Hints from your interviewer</h3>
          <ul className="hint-list">{hints.map((h) => <li key={h.id}>{h.text}</li>)}</ul>
        </section>
      )}
      <section aria-labelledby="prompt-title-room">
        <h3 id="prompt-title-room">The prompt</h3>
        {problem ? <Markdown>{problem.prompt}</Markdown> : <p className="muted">Loading…</p>}
      </section>
    </div>
  );
}

/**
 * What the interviewer sees: the guide section for the current phase, hints to reveal and the
 * curveballs due at their minute. Never rendered for a candidate (who cannot fetch the guide anyway).
 */
export function InterviewerPanel({
  guide,
  problem,
  clock,
  plan,
  revealed,
  elapsedMinutes,
  canReveal,
  onReveal,
}: {
  guide: ProblemGuide | null;
  problem: ProblemView | null;
  clock: ClockState;
  plan: PlannedPhase[];
  revealed: HintReveal[];
  elapsedMinutes: number;
  canReveal: boolean;
  onReveal: (id: string) => void;
}) {
  const [boardOpen, setBoardOpen] = useState(false);
  if (!guide) return <div className="panel-body muted">Loading the guide…</div>;
  const phaseId = currentPhaseId(clock, plan);
  const sections = guide.sections.filter((s) => {
    const def = { clarifying: 'clarify', estimation: 'estimate', 'building-blocks': 'design', 'reference-design': 'design', 'deep-dives': 'deep-dive', 'trade-offs': 'deep-dive', pitfalls: 'wrap-up' }[s.id];
    return def === phaseId || (phaseId === 'wrap-up' && (s.id === 'pitfalls' || s.id === 'trade-offs'));
  });
  const revealedIds = new Set(revealed.map((h) => h.id));
  const hints = [...guide.hints].sort((a, b) => Number(b.phase === phaseId) - Number(a.phase === phaseId));
  const due = guide.curveballs.filter((c) => clock.status !== 'waiting' && clock.status !== 'ended' && elapsedMinutes >= c.minute && elapsedMinutes < c.minute + 5);
  return (
    <div className="panel-body stack">
      {due.map((c) => (
        <div key={c.minute + c.text} className="callout" role="status">
          <strong>Curveball due (minute {c.minute}):</strong> {c.text}
        </div>
      ))}
      {phaseId === 'estimate' && (
        <section aria-labelledby="ref-title">
          <h3 id="ref-title">Reference numbers</h3>
          <Assumptions guide={guide} />
          <ReferenceFigures guide={guide} />
        </section>
      )}
      {phaseId !== 'wrap-up' && (
        <section aria-labelledby="levels-title-int">
          <h3 id="levels-title-int">What each level should reach now</h3>
          <LevelExpectations guide={guide} phase={phaseId} />
        </section>
      )}
      {sections.map((s) => (
        <section key={s.id} aria-labelledby={`room-guide-${s.id}`}>
          <h3 id={`room-guide-${s.id}`}>{s.heading}</h3>
          <Markdown>{s.markdown}</Markdown>
        </section>
      ))}
      <details className="reference-board-details" onToggle={(e) => setBoardOpen(e.currentTarget.open)}>
        <summary>Reference design board</summary>
        {/* Drawn only while open: the panel stays light and the live board stays the only board on the page. */}
        {boardOpen && <ReferenceBoard guide={guide} />}
      </details>
      <section aria-labelledby="hints-title-int">
        <h3 id="hints-title-int">Hints</h3>
        <ul className="hint-list">
          {hints.map((h) => (
            <li key={h.id} className={revealedIds.has(h.id) ? 'revealed' : ''}>
              <span className="badge">{PHASES[h.phase].title}</span> {h.text}{' '}
              {revealedIds.has(h.id) ? (
                <span className="badge ok">revealed</span>
              ) : (
                canReveal && <button className="btn small" onClick={() => onReveal(h.id)}>Reveal to candidate</button>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="curveballs-title">
        <h3 id="curveballs-title">Curveballs</h3>
        <ul className="curveballs">
          {guide.curveballs.map((c) => {
            const isDue = clock.status !== 'waiting' && elapsedMinutes >= c.minute;
            return (
              <li key={c.id} className={isDue ? 'due' : ''}>
                <span className={`badge ${isDue ? 'warn' : ''}`}>min {c.minute}</span> {c.text}
              </li>
            );
          })}
        </ul>
      </section>
      <details>
        <summary>The candidate's prompt</summary>
        {problem && <Markdown>{problem.prompt}</Markdown>}
      </details>
    </div>
  );
}
