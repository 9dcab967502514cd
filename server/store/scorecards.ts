import type { Kysely } from 'kysely';
import type { Score, Scorecard, ScorecardInput } from '../../shared/scorecard';
import type { Database } from './schema';

/**
 * Saves the scorer's card unless it is final: a submitted or skipped card never changes (otherwise a
 * scorer could skip, read the other card, and rewrite theirs). Returns 'final' when it was refused.
 */
export async function saveScorecard(
  db: Kysely<Database>,
  c: { sessionId: string; scorerId: string; subjectId: string; input: ScorecardInput; now: number },
): Promise<'saved' | 'final'> {
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
  // The conditional upsert is the check: only a draft (or no card yet) is written.
  const res = await db
    .insertInto('scorecards')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['session_id', 'scorer_id'])
        .doUpdateSet({ scores: row.scores, overall: row.overall, notes: row.notes, status: row.status, updated_at: row.updated_at, subject_id: row.subject_id })
        .where('scorecards.status', '=', 'draft'),
    )
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0n) === 1 ? 'saved' : 'final';
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
    scorerRole: r.role,
    subjectId: r.subject_id,
    scores: JSON.parse(r.scores) as Score[],
    overall: r.overall,
    notes: r.notes,
    status: r.status,
    updatedAt: r.updated_at,
  }));
}

/**
 * Cards that score `userId` as candidate in ended sessions: theirs (self) and the interviewer's,
 * counted only once submitted; the interviewer's only once the candidate's own card is final
 * (submitted or skipped), as on the session's review page.
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
    .where((eb) =>
      eb.or([
        eb('scorecards.scorer_id', '=', userId),
        eb.exists(
          eb
            .selectFrom('scorecards as mine')
            .select('mine.scorer_id')
            .whereRef('mine.session_id', '=', 'scorecards.session_id')
            .where('mine.scorer_id', '=', userId)
            .where('mine.status', 'in', ['submitted', 'skipped']),
        ),
      ]),
    )
    .orderBy('sessions.ended_at')
    .execute();
}
