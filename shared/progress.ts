/** The progress page's data: per-dimension scores over time, time per phase, the weakest dimension. */
import type { Role } from './api';
import type { PhaseId } from './phases';
import type { Overall, DimensionId } from './rubric';

export interface ProgressPoint {
  sessionId: string;
  problemSlug: string;
  ts: number;
  score: number;
  source: 'interviewer' | 'self';
}

export interface HistoryRow {
  sessionId: string;
  problemSlug: string;
  problemTitle: string;
  role: Role;
  mode: string;
  endedAt: number | null;
  createdAt: number;
  /** The interviewer's overall when there is one, else the self-assessment's. */
  overall: Overall | null;
  /** Average of the scores used for progress in this session. */
  average: number | null;
}

export interface Progress {
  dimensions: Record<DimensionId, ProgressPoint[]>;
  /** Average minutes spent per phase across your ended sessions as candidate, with the plan. */
  phaseTimes: { id: PhaseId; averageMinutes: number; plannedMinutes: number; sessions: number }[];
  weakest: null | { dimension: DimensionId; average: number; problems: { slug: string; title: string }[] };
  history: HistoryRow[];
  /** Per ended session as candidate with typed figures: how many were close to the reference. */
  estimation: EstimationPoint[];
}

export interface EstimationPoint {
  sessionId: string;
  problemSlug: string;
  ts: number;
  close: number;
  figures: number;
  /** Figures typed at all. */
  typed: number;
  /** The median orders of magnitude off across typed figures (0 = spot on). */
  medianMagnitudeOff: number | null;
}
