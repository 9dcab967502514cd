/**
 * Scorecards: one per (session, scorer). The schema of what a scorer saves, and the blind-visibility
 * rule (DESIGN §4) as a pure function both the server (to filter) and tests use.
 */
import { z } from 'zod';
import type { Role, SessionStatus } from './api';
import { DIMENSION_IDS, OVERALL, type DimensionId, type Overall } from './rubric';

export const CARD_STATUSES = ['draft', 'submitted', 'skipped'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

/** A pointer into the session a comment can cite: a moment, a chat line, or a board shape. */
export const evidenceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('moment'), ts: z.number().int().min(0) }).strict(),
  z.object({ kind: z.literal('chat'), seq: z.number().int().min(1), ts: z.number().int().min(0) }).strict(),
  z.object({ kind: z.literal('shape'), shapeId: z.string().min(1).max(64), ts: z.number().int().min(0) }).strict(),
]);
export type Evidence = z.infer<typeof evidenceSchema>;

export const scoreSchema = z
  .object({
    dimension: z.enum(DIMENSION_IDS),
    score: z.number().int().min(1).max(4),
    comment: z.string().max(2000).default(''),
    evidence: z.array(evidenceSchema).max(10).default([]),
  })
  .strict();
export type Score = z.infer<typeof scoreSchema>;

export const scorecardBody = z
  .object({
    scores: z
      .array(scoreSchema)
      .max(DIMENSION_IDS.length)
      .refine((s) => new Set(s.map((x) => x.dimension)).size === s.length, 'Each dimension may be scored once.'),
    overall: z.enum(OVERALL).nullable().default(null),
    notes: z.string().max(10_000).default(''),
    status: z.enum(CARD_STATUSES).default('draft'),
  })
  .strict()
  .superRefine((card, ctx) => {
    if (card.status === 'submitted') {
      const missing = DIMENSION_IDS.filter((d) => !card.scores.some((s) => s.dimension === d));
      if (missing.length) ctx.addIssue({ code: 'custom', path: ['scores'], message: `Score every dimension before submitting (missing: ${missing.join(', ')}).` });
      if (!card.overall) ctx.addIssue({ code: 'custom', path: ['overall'], message: 'Choose an overall recommendation before submitting.' });
    }
  });
export type ScorecardInput = z.infer<typeof scorecardBody>;

export interface Scorecard {
  sessionId: string;
  scorerId: string;
  scorerName: string;
  scorerRole: Role;
  /** Whom the card scores: always the session's candidate. */
  subjectId: string;
  scores: Score[];
  overall: Overall | null;
  notes: string;
  status: CardStatus;
  updatedAt: number;
}

export interface ScorecardsResponse {
  /** Cards the caller may see: their own, and others' once the rule allows. */
  scorecards: Scorecard[];
  /** Why other cards are hidden, when they are. */
  hidden: null | 'session_running' | 'submit_or_skip_first';
  /** Participants who score, and whether each has submitted or skipped (never their content). */
  scorers: { userId: string; role: Role; status: CardStatus | 'none' }[];
}

/** Who scores in a session: the interviewer scores the candidate; the candidate scores themself. */
export function mayScore(role: Role): boolean {
  return role === 'candidate' || role === 'interviewer';
}

/**
 * Blind scoring: while the session runs nobody sees another's card; after it ended, a participant
 * sees the others' once their own is submitted or skipped.
 */
export function othersVisible(sessionStatus: SessionStatus, ownStatus: CardStatus | 'none'): ScorecardsResponse['hidden'] {
  if (sessionStatus !== 'ended') return 'session_running';
  if (ownStatus !== 'submitted' && ownStatus !== 'skipped') return 'submit_or_skip_first';
  return null;
}

/** Per dimension, the interviewer's score minus the self-assessment (positive: the candidate was harder on themself). */
export function calibrationGap(interviewer: Score[], self: Score[]): Partial<Record<DimensionId, number>> {
  const out: Partial<Record<DimensionId, number>> = {};
  for (const d of DIMENSION_IDS) {
    const a = interviewer.find((s) => s.dimension === d);
    const b = self.find((s) => s.dimension === d);
    if (a && b) out[d] = a.score - b.score;
  }
  return out;
}

export function averageScore(scores: Score[]): number | null {
  return scores.length ? scores.reduce((n, s) => n + s.score, 0) / scores.length : null;
}
