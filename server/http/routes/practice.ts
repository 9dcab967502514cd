/**
 * What makes a mock count beyond the room: the estimate check (the candidate's figures against the
 * reference and against her own assumptions) and the rematch (roles swapped, a problem neither has met).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Role, SessionStatus } from '../../../shared/api';
import { checkEstimate } from '../../../shared/estimate-check';
import type { EventDataByKind } from '../../../shared/protocol';
import { newId } from '../../ids';
import type { ProblemCatalog } from '../../problems/catalog';
import type { EventLog } from '../../store/events';
import { checkOpenSessions, checkSpoilers, insertSessionIn } from '../../sessions/service';
import { getSession, listParticipants, practisedSlugs, roleOf } from '../../store/sessions';
import type { AppDeps, AppEnv } from '../context';
import { forbidden, HttpError, notFound } from '../errors';
import { requireUser } from '../middleware';
import { parseParam, readJson } from '../validate';

export interface PracticeRouteHooks {
  events: EventLog;
  liveStatus(sessionId: string): SessionStatus | undefined;
  participantsChanged(sessionId: string): void;
}

const sessionId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const rematchBody = z.object({ problemSlug: z.string().max(80).optional() }).strict();

/** The estimate as committed: inputs and figures folded from the log's estimate events. */
export async function committedEstimate(events: EventLog, id: string) {
  let inputs: Record<string, number> = {};
  const figures: Record<string, number> = {};
  for (const row of await events.rowsOfKind(id, 'estimate')) {
    const d = JSON.parse(row.data) as EventDataByKind['estimate'];
    if (d.inputs) inputs = { ...inputs, ...(d.inputs as Record<string, number>) };
    for (const [k, v] of Object.entries(d.figures ?? {})) {
      if (v === null) delete figures[k];
      else figures[k] = v;
    }
  }
  return { inputs, figures };
}

export function practiceRoutes(deps: AppDeps, catalog: ProblemCatalog, hooks: PracticeRouteHooks) {
  const { db } = deps;
  const app = new Hono<AppEnv>();

  const load = async (userId: string, rawId: string) => {
    const id = parseParam(sessionId, rawId, 'id');
    const row = await getSession(db, id);
    const role = row ? await roleOf(db, id, userId) : undefined;
    if (!row || !role) throw notFound('That session');
    return { row, role, status: hooks.liveStatus(id) ?? (row.status as SessionStatus) };
  };

  app.get('/sessions/:id/estimate-check', async (c) => {
    const user = requireUser(c);
    const { row, role, status } = await load(user.id, c.req.param('id'));
    // The interviewer checks live; for the candidate it would be an answer key until the end.
    if (role !== 'interviewer' && status !== 'ended') {
      throw forbidden('The estimate check opens for the candidate and observers once the session has ended.');
    }
    const problem = catalog.get(row.problem_slug);
    if (!problem) throw notFound('That problem');
    const { inputs, figures } = await committedEstimate(hooks.events, row.id);
    return c.json(checkEstimate(problem.guide.estimation, inputs, figures));
  });

  app.post('/sessions/:id/rematch', async (c) => {
    const user = requireUser(c);
    const { row, role, status } = await load(user.id, c.req.param('id'));
    const body = await readJson(c, rematchBody);
    if (row.mode !== 'paired' || role === 'observer') throw forbidden('A rematch is for the two people of a paired session.');
    if (status !== 'ended') throw new HttpError(409, 'conflict', 'Finish this session first: a rematch starts once it has ended.');
    const peer = (await listParticipants(db, row.id)).find((p) => p.userId !== user.id && p.role !== 'observer');
    if (!peer) throw new HttpError(409, 'conflict', 'Nobody else took part in this session.');
    const mine: Role = role === 'candidate' ? 'interviewer' : 'candidate';
    const theirs: Role = mine === 'candidate' ? 'interviewer' : 'candidate';
    const [seenByMe, seenByPeer] = await Promise.all([practisedSlugs(db, user.id), practisedSlugs(db, peer.userId)]);
    // The new candidate must not have met the problem in any role; the new interviewer ideally not either.
    const newCandidate = mine === 'candidate' ? seenByMe : seenByPeer;
    let slug = body.problemSlug;
    if (slug) {
      if (!catalog.get(slug)) throw new HttpError(404, 'not_found', `There is no problem "${slug}".`, 'problemSlug');
      if (newCandidate.has(slug)) throw new HttpError(409, 'conflict', 'The new candidate has already met that problem: pick another.', 'problemSlug');
    } else {
      const current = catalog.get(row.problem_slug)?.summary.difficulty;
      const fresh = catalog.all().filter((p) => !seenByMe.has(p.slug) && !seenByPeer.has(p.slug));
      const fallback = catalog.all().filter((p) => !newCandidate.has(p.slug));
      const pool = fresh.length ? fresh : fallback;
      if (!pool.length) throw new HttpError(409, 'conflict', 'The new candidate has met every problem in the library.');
      slug = (pool.find((p) => p.difficulty === current) ?? pool[0]!).slug;
    }
    const problem = catalog.get(slug)!;
    const id = newId();
    const now = deps.now();
    // One transaction: both seats or neither, within both people's open-session budgets.
    await db.transaction().execute(async (trx) => {
      await insertSessionIn(trx, { id, problem, mode: 'paired', role: mine, createdBy: user.id, now });
      await checkOpenSessions(trx, peer.userId, 'peer');
      await checkSpoilers(trx, peer.userId, problem.summary.slug, { role: theirs, mode: 'paired' });
      // The peer is seated at once: they agreed to pair by having paired; the room is on their home page.
      await trx.insertInto('participants').values({ session_id: id, user_id: peer.userId, role: theirs, joined_at: now }).execute();
    });
    hooks.participantsChanged(id);
    return c.json({ id, problemSlug: slug, problemTitle: problem.summary.title, role: mine, peer: { userId: peer.userId, displayName: peer.displayName, role: theirs } }, 201);
  });

  return app;
}
