import { useState } from 'react';
import type { PlannedPhase, ClockState } from '../../shared/clock';
import { PHASES } from '../../shared/phases';
import type { ProblemGuide, ProblemView } from '../../shared/problem';
import type { CurveballDelivery, HintReveal } from '../../shared/protocol';
import { LiveEstimateCheck } from './LiveEstimateCheck';
import { Assumptions, ReferenceFigures } from '../components/GuideView';
import { LevelExpectations } from '../components/LevelExpectations';
import { Markdown } from '../components/Markdown';
import { ReferenceBoard } from '../components/ReferenceBoard';

function currentPhaseId(clock: ClockState, plan: PlannedPhase[]) {
  return plan[Math.max(0, clock.phaseIndex)]?.id ?? 'clarify';
}

/** What the candidate sees: the prompt, what to cover now, and the hints and curveballs she was given. */
export function CandidatePanel({
  problem,
  clock,
  plan,
  hints,
  curveballs,
  solo,
  surprise = false,
}: {
  problem: ProblemView | null;
  clock: ClockState;
  plan: PlannedPhase[];
  hints: HintReveal[];
  curveballs: CurveballDelivery[];
  solo: boolean;
  /** Your interviewer picked the problem: it is named when the clock starts. */
  surprise?: boolean;
}) {
  const phase = PHASES[currentPhaseId(clock, plan)];
  return (
    <div className="panel-body stack">
      <section aria-labelledby="cover-title">
        <h3 id="cover-title">Cover in this step: {phase.title}</h3>
        <ul className="checklist">{phase.candidatePrompt.map((l) => <li key={l}>{l}</li>)}</ul>
      </section>
      {curveballs.length > 0 && (
        <section aria-labelledby="curveballs-title-cand">
          <h3 id="curveballs-title-cand">{solo ? 'Curveballs' : 'Curveballs from your interviewer'}</h3>
          <ul className="hint-list curveball-list">{curveballs.map((c) => <li key={c.id}>{c.text}</li>)}</ul>
        </section>
      )}
      {hints.length > 0 && (
        <section aria-labelledby="hints-title">
          <h3 id="hints-title">Hints from your interviewer</h3>
          <ul className="hint-list">{hints.map((h) => <li key={h.id}>{h.text}</li>)}</ul>
        </section>
      )}
      <section aria-labelledby="prompt-title-room">
        <h3 id="prompt-title-room">The prompt</h3>
        {problem ? <Markdown>{problem.prompt}</Markdown>
          : surprise ? <p className="muted" data-testid="surprise-prompt">Your interviewer picked the problem. It appears here when the interview starts.</p>
          : <p className="muted">Loading…</p>}
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
  delivered,
  elapsedMinutes,
  canReveal,
  canDeliver,
  onReveal,
  onDeliver,
  estimateCheck,
}: {
  guide: ProblemGuide | null;
  problem: ProblemView | null;
  clock: ClockState;
  plan: PlannedPhase[];
  revealed: HintReveal[];
  delivered: CurveballDelivery[];
  elapsedMinutes: number;
  canReveal: boolean;
  canDeliver: boolean;
  onReveal: (id: string) => void;
  onDeliver: (id: string) => void;
  /** The session whose figures to check live, for the interviewer. */
  estimateCheck: { sessionId: string; version: unknown } | null;
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
  const deliveredIds = new Set(delivered.map((c) => c.id));
  const running = clock.status === 'live' || clock.status === 'paused';
  const due = guide.curveballs.filter((c) => running && !deliveredIds.has(c.id) && elapsedMinutes >= c.minute && elapsedMinutes < c.minute + 5);
  return (
    <div className="panel-body stack">
      {due.map((c) => (
        <div key={c.id} className="callout" role="status">
          <strong>Curveball due (minute {c.minute}):</strong> {c.text}{' '}
          {canDeliver && <button className="btn small" onClick={() => onDeliver(c.id)}>Deliver now</button>}
        </div>
      ))}
      {estimateCheck && (phaseId === 'estimate' || phaseId === 'design') && (
        <section aria-labelledby="check-title">
          <h3 id="check-title">The candidate's figures, checked</h3>
          <LiveEstimateCheck sessionId={estimateCheck.sessionId} version={estimateCheck.version} />
        </section>
      )}
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
          {hints.map((h, i) => (
            <li key={h.id} className={revealedIds.has(h.id) ? 'revealed' : ''}>
              <span className="badge">{PHASES[h.phase].title}</span> {h.text}{' '}
              {revealedIds.has(h.id) ? (
                <span className="badge ok">revealed</span>
              ) : (
                canReveal && <button className="btn small" aria-label={`Reveal to candidate (hint ${i + 1}, ${PHASES[h.phase].title})`} onClick={() => onReveal(h.id)}>Reveal to candidate</button>
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
            const done = deliveredIds.has(c.id);
            return (
              <li key={c.id} className={done ? 'revealed' : isDue ? 'due' : ''}>
                <span className={`badge ${isDue && !done ? 'warn' : ''}`}>min {c.minute}</span> {c.text}{' '}
                {done ? (
                  <span className="badge ok">delivered</span>
                ) : (
                  canDeliver && running && <button className="btn small" aria-label={`Deliver (the curveball at minute ${c.minute})`} onClick={() => onDeliver(c.id)}>Deliver</button>
                )}
                <details className="answer-key">
                  <summary>Answer key</summary>
                  <Markdown>{c.answer}</Markdown>
                </details>
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
