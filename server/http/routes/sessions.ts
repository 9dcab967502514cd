import { Hono } from 'hono';
import { z } from 'zod';
import { createSessionBody, joinSessionBody, type Role, type SessionInfo, type SessionMode, type SessionStatus } from '../../../shared/api';
import { DEFAULT_PHASES, type PhaseId } from '../../../shared/phases';
import { newCode, newId } from '../../ids';
import type { ProblemCatalog } from '../../problems/catalog';
import type { EventLog } from '../../store/events';
import {
  addParticipant,
  getSession,
  insertSession,
  listParticipants,
  roleOf,
  sessionsOfUser,
  type SessionRow,
} from '../../store/sessions';
import type { AppDeps, AppEnv } from '../context';
import { HttpError, notFound } from '../errors';
import { requireUser } from '../middleware';
import { parseParam, readJson } from '../validate';

export interface SessionRouteHooks {
  events: EventLog;
  participantsChanged(sessionId: string): void;
  liveStatus(sessionId: string): SessionStatus | undefined;
}

const sessionId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const eventsQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});

export function sessionRoutes(deps: AppDeps, catalog: ProblemCatalog, hooks: SessionRouteHooks) {
  const { db } = deps;
  const app = new Hono<AppEnv>();

  const info = async (row: SessionRow, role: Role): Promise<SessionInfo> => {
    const participants = await listParticipants(db, row.id);
    const out: SessionInfo = {
      id: row.id,
      problemSlug: row.problem_slug,
      problemTitle: catalog.get(row.problem_slug)?.summary.title ?? row.problem_slug,
      mode: row.mode as SessionMode,
      status: hooks.liveStatus(row.id) ?? (row.status as SessionStatus),
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
    const id = parseParam(sessionId, rawId, 'id');
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
    const suggested = problem.view.phases;
    const phases =
      body.phases ??
      DEFAULT_PHASES.map((p) => ({ id: p.id, minutes: suggested[p.id as Exclude<PhaseId, 'wrap-up'>] ?? p.minutes }));
    const role: Role = body.mode === 'solo' ? 'candidate' : body.role;
    const id = newId();
    await insertSession(db, {
      id,
      problemSlug: problem.summary.slug,
      mode: body.mode,
      phases,
      inviteCode: newCode(),
      observerCode: newCode(),
      createdBy: user.id,
      role,
      now: deps.now(),
    });
    const row = (await getSession(db, id))!;
    return c.json(await info(row, role), 201);
  });

  app.get('/sessions', async (c) => {
    const user = requireUser(c);
    const rows = await sessionsOfUser(db, user.id);
    return c.json(
      rows.map((r) => ({
        id: r.id,
        problemSlug: r.problem_slug,
        problemTitle: r.problem_title,
        mode: r.mode,
        status: hooks.liveStatus(r.id) ?? r.status,
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
    return c.json(await info(row, role));
  });

  app.post('/sessions/:id/join', async (c) => {
    const user = requireUser(c);
    const id = parseParam(sessionId, c.req.param('id'), 'id');
    const body = await readJson(c, joinSessionBody);
    const row = await getSession(db, id);
    const code = body.inviteCode.toUpperCase();
    // Wrong code and unknown session answer alike, so codes cannot be probed per session.
    if (!row || (code !== row.invite_code && code !== row.observer_code)) {
      throw new HttpError(404, 'not_found', 'No session matches that link and code. Check the invite link.');
    }
    const existing = await roleOf(db, id, user.id);
    if (existing) return c.json(await info(row, existing));
    const status = hooks.liveStatus(id) ?? row.status;
    if (status === 'ended') throw new HttpError(409, 'session_ended', 'That session has already ended.');
    let role: Role;
    if (code === row.observer_code) {
      role = 'observer';
    } else {
      if (row.mode === 'solo') throw new HttpError(409, 'session_full', 'This is a solo session: join it as an observer with the observer link.');
      const taken = new Set((await listParticipants(db, id)).map((p) => p.role));
      const open = (['candidate', 'interviewer'] as const).find((r) => !taken.has(r));
      if (!open) throw new HttpError(409, 'session_full', 'Both seats of this session are taken. Ask for the observer link to watch.');
      role = open;
    }
    try {
      await addParticipant(db, id, user.id, role, deps.now());
    } catch (err) {
      // Two people taking the last seat at once: one wins, the other hears it is taken.
      if (String(err).includes('UNIQUE')) throw new HttpError(409, 'session_full', 'Someone took that seat a moment ago.');
      throw err;
    }
    hooks.participantsChanged(id);
    return c.json(await info(row, role));
  });

  app.get('/sessions/:id/events', async (c) => {
    const user = requireUser(c);
    const { row } = await load(user.id, c.req.param('id'));
    const q = parseParam(eventsQuery, c.req.query(), 'query');
    const rows = hooks.events.rowsAfter(row.id, q.after, q.limit);
    // Rows hold serialised data: splice it in rather than parse and re-serialise every event.
    const body = `{"events":[${rows
      .map((r) => `{"seq":${r.seq},"ts":${r.ts},"author":${JSON.stringify(r.author)},"kind":"${r.kind}","data":${r.data}}`)
      .join(',')}]}`;
    return c.body(body, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });

  return app;
}
