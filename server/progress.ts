/** Builds a user's progress from their scorecards and sessions. Pure: the route gathers the rows. */
import type { Role, SessionMode, SessionStatus } from '../shared/api';
import { foldEvents, type FoldableEvent } from '../shared/session-state';
import type { PlannedPhase } from '../shared/clock';
import type { PhaseId } from '../shared/phases';
import { checkEstimate } from '../shared/estimate-check';
import type { ReferenceResult } from '../shared/estimate';
import type { EstimationPoint, HistoryRow, Progress, ProgressPoint } from '../shared/progress';
import { DIMENSION_IDS, type DimensionId, type Overall } from '../shared/rubric';
import type { Score } from '../shared/scorecard';

export interface CardRow {
  session_id: string;
  scorer_id: string;
  role: Role;
  scores: string;
  overall: Overall | null;
  problem_slug: string;
  ended_at: number | null;
  created_at: number;
}

export interface SessionRow {
  id: string;
  problem_slug: string;
  problem_title: string;
  mode: SessionMode;
  status: SessionStatus;
  phases: string;
  created_at: number;
  ended_at: number | null;
  role: Role;
}

export function buildProgress(
  userId: string,
  cards: CardRow[],
  sessions: SessionRow[],
  /** Phase and estimate events of the ended sessions where the user was the candidate. */
  phaseEvents: Map<string, FoldableEvent[]>,
  problems: { slug: string; title: string; difficulty: string; estimationResults: number }[],
  estimationOf: (slug: string) => { assumptions: Record<string, number>; results: ReferenceResult[] } | undefined = () => undefined,
): Progress {
  const dimensions = Object.fromEntries(DIMENSION_IDS.map((d) => [d, [] as ProgressPoint[]])) as Record<DimensionId, ProgressPoint[]>;
  const bySession = new Map<string, { interviewer?: CardRow; self?: CardRow }>();
  for (const c of cards) {
    const entry = bySession.get(c.session_id) ?? {};
    if (c.scorer_id === userId) entry.self = c;
    else if (c.role === 'interviewer') entry.interviewer = c;
    bySession.set(c.session_id, entry);
  }
  const sessionAverage = new Map<string, { average: number | null; overall: Overall | null }>();
  for (const [sessionId, { interviewer, self }] of bySession) {
    // The interviewer's view counts when there is one; a solo session has only the self-assessment.
    const used = interviewer ?? self!;
    const scores = JSON.parse(used.scores) as Score[];
    const ts = used.ended_at ?? used.created_at;
    for (const s of scores) dimensions[s.dimension].push({ sessionId, problemSlug: used.problem_slug, ts, score: s.score, source: interviewer ? 'interviewer' : 'self' });
    sessionAverage.set(sessionId, {
      average: scores.length ? scores.reduce((n, s) => n + s.score, 0) / scores.length : null,
      overall: used.overall ?? null,
    });
  }
  for (const d of DIMENSION_IDS) dimensions[d].sort((a, b) => a.ts - b.ts);

  // Time per phase over ended sessions where the user was the candidate.
  const totals = new Map<PhaseId, { ms: number; planned: number; n: number }>();
  const estimation: EstimationPoint[] = [];
  for (const s of sessions) {
    if (s.status !== 'ended' || s.role !== 'candidate') continue;
    const plan = JSON.parse(s.phases) as PlannedPhase[];
    const folded = foldEvents(plan, phaseEvents.get(s.id) ?? []);
    const reference = estimationOf(s.problem_slug);
    if (reference && Object.keys(folded.figures).length) {
      const check = checkEstimate(reference, folded.estimate, folded.figures);
      const offs = check.figures.filter((f) => f.magnitudeOff !== null && Number.isFinite(f.magnitudeOff)).map((f) => f.magnitudeOff!).sort((a, b) => a - b);
      estimation.push({
        sessionId: s.id,
        problemSlug: s.problem_slug,
        ts: s.ended_at ?? s.created_at,
        close: check.figures.filter((f) => f.verdict === 'close').length,
        figures: check.figures.length,
        typed: check.figures.filter((f) => f.yours !== null).length,
        medianMagnitudeOff: offs.length ? offs[Math.floor(offs.length / 2)]! : null,
      });
    }
    const clock = folded.clock;
    if (clock.startedAt === null) continue;
    plan.forEach((p, i) => {
      const t = totals.get(p.id) ?? { ms: 0, planned: 0, n: 0 };
      t.ms += clock.spentMs[i] ?? 0;
      t.planned += p.minutes;
      t.n++;
      totals.set(p.id, t);
    });
  }
  const phaseTimes = [...totals].map(([id, t]) => ({ id, averageMinutes: t.ms / t.n / 60_000, plannedMinutes: t.planned / t.n, sessions: t.n }));

  let weakest: Progress['weakest'] = null;
  for (const d of DIMENSION_IDS) {
    const pts = dimensions[d];
    if (!pts.length) continue;
    // Recent sessions say more about today than old ones: average the last five.
    const recent = pts.slice(-5);
    const average = recent.reduce((n, p) => n + p.score, 0) / recent.length;
    if (!weakest || average < weakest.average) weakest = { dimension: d, average, problems: [] };
  }
  if (weakest) {
    const practised = new Set(sessions.filter((s) => s.role === 'candidate').map((s) => s.problem_slug));
    const order = { hard: 0, medium: 1, easy: 2 } as Record<string, number>;
    const candidates = problems.filter((p) => !practised.has(p.slug));
    candidates.sort((a, b) =>
      weakest!.dimension === 'estimation'
        ? b.estimationResults - a.estimationResults
        : weakest!.dimension === 'requirements' || weakest!.dimension === 'communication'
          ? (order[b.difficulty] ?? 0) - (order[a.difficulty] ?? 0)
          : (order[a.difficulty] ?? 0) - (order[b.difficulty] ?? 0),
    );
    weakest.problems = candidates.slice(0, 3).map((p) => ({ slug: p.slug, title: p.title }));
  }

  const history: HistoryRow[] = sessions.map((s) => ({
    sessionId: s.id,
    problemSlug: s.problem_slug,
    problemTitle: s.problem_title,
    role: s.role,
    mode: s.mode,
    endedAt: s.ended_at,
    createdAt: s.created_at,
    overall: sessionAverage.get(s.id)?.overall ?? null,
    average: sessionAverage.get(s.id)?.average ?? null,
  }));
  estimation.sort((a, b) => a.ts - b.ts);
  return { dimensions, phaseTimes, weakest, history, estimation };
}
