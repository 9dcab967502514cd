import type { Kysely } from 'kysely';
import type { Role } from '../../shared/api';
import type { CardStatus, Score, Scorecard, ScorecardInput } from '../../shared/scorecard';
import type { Overall } from '../../shared/rubric';
import type { Database } from './schema';

export async function upsertScorecard(
  db: Kysely<Database>,
  c: { sessionId: string; scorerId: string; subjectId: string; input: ScorecardInput; now: number },
): Promise<void> {
  const row = {
    session_id: c.sessionId,
    scorer_id: c.scorerId,
    subject_id: c.subjectId,
    scores: JSON.stringify(c.input.scores),
    overall: c.input.overall,
    notes: c.input.notes,
    status: c.input.status,
    updated_at: c.now,
  };
  await db
    .insertInto('scorecards')
    .values(row)
    .onConflict((oc) => oc.columns(['session_id', 'scorer_id']).doUpdateSet({ scores: row.scores, overall: row.overall, notes: row.notes, status: row.status, updated_at: row.updated_at, subject_id: row.subject_id }))
    .execute();
}

export async function scorecardsOfSession(db: Kysely<Database>, sessionId: string): Promise<Scorecard[]> {
  const rows = await db
    .selectFrom('scorecards')
    .innerJoin('users', 'users.id', 'scorecards.scorer_id')
    .innerJoin('participants', (j) => j.onRef('participants.session_id', '=', 'scorecards.session_id').onRef('participants.user_id', '=', 'scorecards.scorer_id'))
    .select(['scorecards.session_id', 'scorecards.scorer_id', 'users.display_name', 'participants.role', 'scorecards.subject_id', 'scorecards.scores', 'scorecards.overall', 'scorecards.notes', 'scorecards.status', 'scorecards.updated_at'])
    .where('scorecards.session_id', '=', sessionId)
    .execute();
  return rows.map((r) => ({
    sessionId: r.session_id,
    scorerId: r.scorer_id,
    scorerName: r.display_name,
    scorerRole: r.role as Role,
    subjectId: r.subject_id,
    scores: JSON.parse(r.scores) as Score[],
    overall: r.overall as Overall | null,
    notes: r.notes,
    status: r.status as CardStatus,
    updatedAt: r.updated_at,
  }));
}

/**
 * Cards that score `userId` as candidate in ended sessions: theirs (self) and the interviewer's,
 * counted only once submitted.
 */
export async function cardsAboutUser(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('scorecards')
    .innerJoin('sessions', 'sessions.id', 'scorecards.session_id')
    .innerJoin('participants', (j) => j.onRef('participants.session_id', '=', 'scorecards.session_id').onRef('participants.user_id', '=', 'scorecards.scorer_id'))
    .select(['scorecards.session_id', 'scorecards.scorer_id', 'participants.role', 'scorecards.scores', 'scorecards.overall', 'sessions.problem_slug', 'sessions.ended_at', 'sessions.created_at'])
    .where('scorecards.subject_id', '=', userId)
    .where('scorecards.status', '=', 'submitted')
    .where('sessions.status', '=', 'ended')
    .orderBy('sessions.ended_at')
    .execute();
}
