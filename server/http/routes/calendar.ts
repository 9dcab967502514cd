/**
 * Scheduled sessions and calendars (issue 19): the upcoming list, cancelling a scheduled session,
 * one-off .ics downloads, and each user's private feed URL (a secret token in the URL, since
 * calendar apps send no cookies).
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { proposeTimeBody, type CalendarFeedInfo, type UpcomingList } from '../../../shared/api';
import { serializeCalendar } from '../../calendar/ical';
import { openSlotEvent, PROD_ID, sessionEvent } from '../../calendar/feed';
import { slotTime, upcomingView } from '../../groups/schedule';
import { cancelScheduledSession } from '../../groups/service';
import { hasStarted } from '../../sessions/service';
import { acceptProposal, dropProposal, proposeTime, feedTokenOf, openTimedSlotsOf, scheduledOf, setFeedToken, userOfFeedToken, type ScheduledRow } from '../../store/schedule';
import type { AppDeps, AppEnv } from '../context';
import { notFound, HttpError } from '../errors';
import { requireUser } from '../middleware';
import { idParam, parseParam, readJson } from '../validate';
import type { SessionRouteHooks } from './sessions';

const feedFile = z.string().regex(/^[A-Za-z0-9_-]{32}\.ics$/);

export function calendarRoutes(deps: AppDeps, hooks: Pick<SessionRouteHooks, 'liveStatus' | 'sessionCancelled'>) {
  const { db, config } = deps;
  const app = new Hono<AppEnv>();

  /** Links in feeds and downloads point at the public URL, or the host the request came to. */
  const origin = (c: Context<AppEnv>) => config.publicOrigin ?? new URL(c.req.url).origin;
  const feedUrl = (c: Context<AppEnv>, token: string) => `${origin(c)}/api/calendar/${token}.ics`;
  const newToken = () => randomBytes(24).toString('base64url');

  const ics = (c: Context<AppEnv>, body: string, filename?: string) =>
    c.body(body, 200, {
      'Content-Type': 'text/calendar; charset=utf-8',
      ...(filename ? { 'Content-Disposition': `attachment; filename="${filename}"` } : {}),
    });

  /** One scheduled session as this person may see it (the problem's title only once they may know it). */
  const view = (r: ScheduledRow, userId: string) =>
    upcomingView(r, userId, hasStarted(hooks.liveStatus, { id: r.session_id!, started_at: r.session_started_at }));

  const sessionEvents = (rows: ScheduledRow[], userId: string, base: string) =>
    rows.map((r) => sessionEvent(view(r, userId), { sequence: r.sequence, updatedAt: r.updated_at ?? r.created_at }, base));

  /** Scheduled sessions that have not ended; cancelled ones stay listed (and marked) until their end. */
  app.get('/me/upcoming', async (c) => {
    const user = requireUser(c);
    const now = deps.now();
    const rows = await scheduledOf(db, user.id, now);
    const out: UpcomingList = { serverTime: now, sessions: rows.map((r) => view(r, user.id)) };
    return c.json(out);
  });

  app.get('/me/calendar', async (c) => {
    const user = requireUser(c);
    let token = await feedTokenOf(db, user.id);
    if (!token) await setFeedToken(db, user.id, (token = newToken()), deps.now());
    return c.json({ url: feedUrl(c, token) } satisfies CalendarFeedInfo);
  });

  app.post('/me/calendar/rotate', async (c) => {
    const user = requireUser(c);
    const token = newToken();
    await setFeedToken(db, user.id, token, deps.now());
    return c.json({ url: feedUrl(c, token) } satisfies CalendarFeedInfo);
  });

  /** The feed: no cookie, the token is the credential. Unknown (or replaced) token: 404. */
  app.get('/calendar/:file', async (c) => {
    const file = feedFile.safeParse(c.req.param('file'));
    const userId = file.success ? await userOfFeedToken(db, file.data.slice(0, -4)) : undefined;
    if (!userId) throw notFound('That calendar');
    const now = deps.now();
    const base = origin(c);
    const [scheduled, open] = await Promise.all([scheduledOf(db, userId, now), openTimedSlotsOf(db, userId, now)]);
    const events = [...sessionEvents(scheduled, userId, base), ...open.map((s) => openSlotEvent(s, base))].sort((a, b) => a.start - b.start);
    return ics(c, serializeCalendar({ prodId: PROD_ID, name: 'mockroom: mock interviews', events }));
  });

  const scheduledFor = async (userId: string, rawGroup: string, rawSlot: string) => {
    const groupId = parseParam(idParam, rawGroup, 'id');
    const slotId = parseParam(idParam, rawSlot, 'slotId');
    const [row] = await scheduledOf(db, userId, Number.MIN_SAFE_INTEGER, slotId);
    if (!row || row.group_id !== groupId) throw notFound('That scheduled session');
    return row;
  };

  /** A one-off download of one scheduled session (participants only). */
  app.get('/groups/:id/slots/:slotId/event.ics', async (c) => {
    const user = requireUser(c);
    const row = await scheduledFor(user.id, c.req.param('id'), c.req.param('slotId'));
    const body = serializeCalendar({ prodId: PROD_ID, events: sessionEvents([row], user.id, origin(c)) });
    return ics(c, body, `mock-interview-${row.id}.ics`);
  });

  const current = async (userId: string, slotId: string) => {
    const [after] = await scheduledOf(db, userId, Number.MIN_SAFE_INTEGER, slotId);
    return view(after!, userId);
  };

  /**
   * Either of the two calls a scheduled session off; calendars see STATUS:CANCELLED. Its session ends
   * with it (it no longer counts as open), and a loaded room closes its sockets so they reload it ended.
   */
  app.post('/groups/:id/slots/:slotId/cancel', async (c) => {
    const user = requireUser(c);
    const row = await scheduledFor(user.id, c.req.param('id'), c.req.param('slotId'));
    const now = deps.now();
    if (row.status === 'cancelled') throw new HttpError(409, 'conflict', 'That session was cancelled already.');
    if (row.starts_at! + row.duration_minutes! * 60_000 <= now) throw new HttpError(409, 'conflict', 'That session is over.');
    const { sessionEnded } = await cancelScheduledSession(db, { slotId: row.id, sessionId: row.session_id!, userId: user.id, now, liveStatus: hooks.liveStatus });
    if (sessionEnded) hooks.sessionCancelled(row.session_id!);
    deps.log.info({ slot: row.id, user: user.id, sessionEnded }, 'scheduled session cancelled');
    return c.json(await current(user.id, row.id));
  });

  const stillScheduled = (row: ScheduledRow, now: number) => {
    if (row.status !== 'taken') throw new HttpError(409, 'conflict', 'That session was cancelled.');
    if (row.starts_at! + row.duration_minutes! * 60_000 <= now) throw new HttpError(409, 'conflict', 'That session is over.');
  };

  /** Either of the two proposes a new start (same rules as a slot's: future, 90 days at most). */
  app.post('/groups/:id/slots/:slotId/propose', async (c) => {
    const user = requireUser(c);
    const row = await scheduledFor(user.id, c.req.param('id'), c.req.param('slotId'));
    const body = await readJson(c, proposeTimeBody);
    const now = deps.now();
    stillScheduled(row, now);
    const { startsAt } = slotTime({ startsAt: body.startsAt }, now);
    if (startsAt === row.starts_at) throw new HttpError(400, 'bad_request', 'That is the time it has already.', 'startsAt');
    if (!(await proposeTime(db, row.id, user.id, startsAt!))) throw new HttpError(409, 'conflict', 'That session is not scheduled any more.');
    return c.json(await current(user.id, row.id));
  });

  /** The other person accepts the proposed start: it moves (SEQUENCE up in both calendars). */
  app.post('/groups/:id/slots/:slotId/proposal/accept', async (c) => {
    const user = requireUser(c);
    const row = await scheduledFor(user.id, c.req.param('id'), c.req.param('slotId'));
    const now = deps.now();
    stillScheduled(row, now);
    if (row.proposed_starts_at === null) throw new HttpError(409, 'conflict', 'There is no proposed time to accept.');
    if (row.proposed_by === user.id) throw new HttpError(409, 'conflict', 'You proposed this time: your partner accepts it.');
    if (row.proposed_starts_at <= now) throw new HttpError(409, 'conflict', 'The proposed time has passed: propose another.');
    if (!(await acceptProposal(db, row.id, user.id, now))) throw new HttpError(409, 'conflict', 'That proposal changed a moment ago.');
    return c.json(await current(user.id, row.id));
  });

  /** Declined by the other, or withdrawn by who proposed it. */
  app.post('/groups/:id/slots/:slotId/proposal/decline', async (c) => {
    const user = requireUser(c);
    const row = await scheduledFor(user.id, c.req.param('id'), c.req.param('slotId'));
    if (row.proposed_starts_at === null) throw new HttpError(409, 'conflict', 'There is no proposed time.');
    await dropProposal(db, row.id);
    return c.json(await current(user.id, row.id));
  });

  return app;
}
