import { Hono } from 'hono';
import { z } from 'zod';
import { createSessionBody, joinSessionBody, type Role, type SessionInfo, type SessionPreview, type SessionStatus } from '../../../shared/api';
import { newId } from '../../ids';
import type { ProblemCatalog } from '../../problems/catalog';
import { mayKnowProblem } from '../../groups/schedule';
import { createSession, currentStatus, hasStarted, joinWithCode } from '../../sessions/service';
import { slotsOfSessions } from '../../store/schedule';
import type { EventLog } from '../../store/events';
import type { SessionRow } from '../../store/schema';
import { getSession, listParticipants, roleOf, sessionsOfUser } from '../../store/sessions';
import type { AppDeps, AppEnv } from '../context';
import { HttpError, notFound } from '../errors';
import { requireUser } from '../middleware';
import { idParam, parseParam, readJson } from '../validate';

export interface SessionRouteHooks {
  events: EventLog;
  participantsChanged(sessionId: string): void;
  liveStatus(sessionId: string): SessionStatus | undefined;
  /** A scheduled session was called off and ended before it started: a loaded room closes its sockets. */
  sessionCancelled(sessionId: string): void;
}

const eventsQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});
const previewQuery = z.object({ code: z.string().trim().min(1).max(64) });

export function sessionRoutes(deps: AppDeps, catalog: ProblemCatalog, hooks: SessionRouteHooks) {
  const { db } = deps;
  const app = new Hono<AppEnv>();
  /** A loaded room knows its status before the table does. */
  const statusOf = (row: Pick<SessionRow, 'id' | 'status'>): SessionStatus => currentStatus(hooks.liveStatus, row);
  const titleOf = (slug: string) => catalog.get(slug)?.summary.title ?? slug;
  type Slot = Awaited<ReturnType<typeof slotsOfSessions>> extends Map<string, infer S> ? S : never;

  /** The problem as this person may be told it (a surprise problem stays unnamed until the start), and a cancel. */
  const problemFor = (row: Pick<SessionRow, 'id' | 'problem_slug' | 'started_at'>, title: string, slot: Slot | undefined, userId: string) => {
    const known = mayKnowProblem(slot, userId, hasStarted(hooks.liveStatus, row));
    return {
      problemSlug: known ? row.problem_slug : null,
      problemTitle: known ? title : null,
      ...(slot?.status === 'cancelled' ? { cancelledBy: slot.canceller_name ?? '' } : {}),
    };
  };

  const info = async (row: SessionRow, role: Role, userId: string): Promise<SessionInfo> => {
    const [participants, slots] = await Promise.all([listParticipants(db, row.id), slotsOfSessions(db, [row.id])]);
    const out: SessionInfo = {
      id: row.id,
      ...problemFor(row, titleOf(row.problem_slug), slots.get(row.id), userId),
      mode: row.mode,
      status: statusOf(row),
      phases: JSON.parse(row.phases) as SessionInfo['phases'],
      participants,
      createdAt: row.created_at,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      role,
    };
    if (role !== 'observer') {
      out.inviteCode = row.invite_code;
      out.observerCode = row.observer_code;
    }
    return out;
  };

  /** The session and the caller's role; strangers get 404, the same as for an id that does not exist. */
  const load = async (userId: string, rawId: string) => {
    const id = parseParam(idParam, rawId, 'id');
    const row = await getSession(db, id);
    const role = row ? await roleOf(db, id, userId) : undefined;
    if (!row || !role) throw notFound('That session');
    return { row, role };
  };

  app.post('/sessions', async (c) => {
    const user = requireUser(c);
    const body = await readJson(c, createSessionBody);
    const problem = catalog.get(body.problemSlug);
    if (!problem) throw new HttpError(404, 'not_found', `There is no problem "${body.problemSlug}".`, 'problemSlug');
    if (body.groupId && body.mode !== 'paired') throw new HttpError(400, 'bad_request', 'Only a paired session can be shared to a group.', 'groupId');
    const role: Role = body.mode === 'solo' ? 'candidate' : body.role;
    const id = newId();
    await createSession(db, { id, problem, mode: body.mode, role, phases: body.phases, createdBy: user.id, groupId: body.groupId ?? null, now: deps.now() });
    return c.json(await info((await getSession(db, id))!, role, user.id), 201);
  });

  app.get('/sessions', async (c) => {
    const user = requireUser(c);
    const rows = await sessionsOfUser(db, user.id);
    const slots = await slotsOfSessions(db, rows.map((r) => r.id));
    return c.json(
      rows.map((r) => ({
        id: r.id,
        ...problemFor(r, r.problem_title, slots.get(r.id), user.id),
        mode: r.mode,
        status: statusOf(r),
        phases: JSON.parse(r.phases) as SessionInfo['phases'],
        createdAt: r.created_at,
        startedAt: r.started_at,
        endedAt: r.ended_at,
        role: r.role,
      })),
    );
  });

  app.get('/sessions/:id', async (c) => {
    const user = requireUser(c);
    const { row, role } = await load(user.id, c.req.param('id'));
    return c.json(await info(row, role, user.id));
  });

  /** What an invite link joins, for the page that asks before joining. Wrong code: 404, as for join. */
  app.get('/sessions/:id/preview', async (c) => {
    const user = requireUser(c);
    const id = parseParam(idParam, c.req.param('id'), 'id');
    const { code: raw } = parseParam(previewQuery, c.req.query(), 'code');
    const code = raw.toUpperCase();
    const row = await getSession(db, id);
    if (!row || (code !== row.invite_code && code !== row.observer_code)) {
      throw new HttpError(404, 'not_found', 'No session matches that link and code. Check the invite link.');
    }
    const participants = await listParticipants(db, id);
    const status = statusOf(row);
    const yourRole = participants.find((p) => p.userId === user.id)?.role ?? null;
    let joinsAs: Role | null = null;
    if (status !== 'ended') {
      if (code === row.observer_code) joinsAs = 'observer';
      else if (row.mode === 'paired') joinsAs = (['candidate', 'interviewer'] as const).find((r) => !participants.some((p) => p.role === r)) ?? null;
    }
    const host = participants.find((p) => p.userId === row.created_by)?.displayName ?? '';
    const { problemTitle } = problemFor(row, titleOf(row.problem_slug), (await slotsOfSessions(db, [id])).get(id), user.id);
    const preview: SessionPreview = { id, problemTitle, mode: row.mode, status, host, joinsAs, yourRole };
    return c.json(preview);
  });

  app.post('/sessions/:id/join', async (c) => {
    const user = requireUser(c);
    const id = parseParam(idParam, c.req.param('id'), 'id');
    const body = await readJson(c, joinSessionBody);
    const { row, role, joined } = await joinWithCode(db, id, user.id, body.inviteCode.toUpperCase(), deps.now(), hooks.liveStatus);
    if (joined) hooks.participantsChanged(id);
    return c.json(await info(row, role, user.id));
  });

  app.get('/sessions/:id/events', async (c) => {
    const user = requireUser(c);
    const { row } = await load(user.id, c.req.param('id'));
    const q = parseParam(eventsQuery, c.req.query(), 'query');
    const rows = await hooks.events.rowsAfter(row.id, q.after, q.limit);
    // Rows hold serialised data: splice it in rather than parse and re-serialise every event.
    const body = `{"events":[${rows
      .map((r) => `{"seq":${r.seq},"ts":${r.ts},"author":${JSON.stringify(r.author)},"kind":"${r.kind}","data":${r.data}}`)
      .join(',')}]}`;
    return c.body(body, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });

  return app;
}
