import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/errors';
import { MAX_OPEN_SESSIONS } from '../../server/sessions/service';
import { Agent, registeredAgent, startTestServer, type TestServer } from '../helpers/server';
import { TestSocket } from '../helpers/ws';
import { onPostgres } from '../helpers/engine';

/** The server's clock, moved by the tests. */
let clock = Date.UTC(2026, 11, 1, 12, 0, 0);
let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({}, { now: () => clock });
});
afterAll(async () => {
  await srv.stop();
});

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
type User = Awaited<ReturnType<typeof registeredAgent>>;

async function pair() {
  const poster = await registeredAgent(srv.url);
  const taker = await registeredAgent(srv.url);
  const created = await poster.post('/api/groups', { name: 'Tuesday, 8 pm; club' });
  const group = created.body as { id: string; inviteCode: string };
  expect((await taker.post('/api/groups/join', { code: group.inviteCode })).status).toBe(200);
  return { poster, taker, group };
}

/** The feed of a user, parsed back with ical.js: events by UID. */
async function feedOf(u: User) {
  const { url } = (await u.get('/api/me/calendar')).body as { url: string };
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
  const text = await res.text();
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  const cal = new ICAL.Component(ICAL.parse(text));
  return new Map(cal.getAllSubcomponents('vevent').map((v) => [v.getFirstPropertyValue('uid') as string, v]));
}

const iso = (ms: number, offset = '+01:00') => {
  const [h, m] = offset.slice(1).split(':').map(Number);
  const shift = (offset.startsWith('-') ? -1 : 1) * (h! * 60 + m!) * MIN;
  return new Date(ms + shift).toISOString().replace(/\.\d{3}Z$/, offset);
};

describe('slots with a time', () => {
  it.each([
    ['no offset', { startsAt: '2026-12-02T20:00:00' }, 'startsAt'],
    ['not a date', { startsAt: 'Tuesday 8pm' }, 'startsAt'],
    ['in the past', { startsAt: iso(clock - MIN) }, 'startsAt'],
    ['more than 90 days ahead', { startsAt: iso(clock + 91 * DAY) }, 'startsAt'],
    ['too short', { startsAt: iso(clock + DAY), durationMinutes: 10 }, 'durationMinutes'],
    ['too long', { startsAt: iso(clock + DAY), durationMinutes: 181 }, 'durationMinutes'],
    ['fractional minutes', { startsAt: iso(clock + DAY), durationMinutes: 30.5 }, 'durationMinutes'],
    ['a length without a start', { durationMinutes: 30 }, 'durationMinutes'],
    ['an unknown time zone', { startsAt: iso(clock + DAY), timeZone: 'Mars/Olympus' }, 'timeZone'],
  ])('refuses %s with 400 and the field', async (_what, extra, field) => {
    const { poster, group } = await pair();
    const res = await poster.post(`/api/groups/${group.id}/slots`, { role: 'candidate', ...extra });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'bad_request', field });
  });

  it('stores start, default length and the poster zone; the board sorts by time and drops past slots after their end', async () => {
    const { poster, taker, group } = await pair();
    const base = `/api/groups/${group.id}`;
    const later = await poster.post(`${base}/slots`, { role: 'candidate', startsAt: iso(clock + 2 * DAY, '-05:00'), timeZone: 'America/New_York' });
    expect(later.status).toBe(201);
    expect(later.body).toMatchObject({ startsAt: clock + 2 * DAY, durationMinutes: 40, timeZone: 'America/New_York' });
    const anyTime = await poster.post(`${base}/slots`, { role: 'candidate' });
    expect(anyTime.body).toMatchObject({ startsAt: null, durationMinutes: null, timeZone: null });
    const soon = await poster.post(`${base}/slots`, { role: 'interviewer', startsAt: iso(clock + 30 * MIN), durationMinutes: 15, timeZone: 'Europe/Berlin' });
    expect(soon.status).toBe(201);
    const board = await taker.get(`${base}/board`);
    expect(board.body.slots.map((s: { id: string }) => s.id)).toEqual([soon.body.id, later.body.id, anyTime.body.id]);

    // 30 + 15 minutes later the soon slot has ended: it is off the board (and no longer counts).
    clock += 45 * MIN;
    const after = await taker.get(`${base}/board`);
    expect(after.body.slots.map((s: { id: string }) => s.id)).toEqual([later.body.id, anyTime.body.id]);
  });
});

describe('scheduled sessions and calendar feeds', () => {
  it('a taken timed slot is upcoming for both; the feed has one stable UID whose SEQUENCE rises; cancel marks it', async () => {
    const { poster, taker, group } = await pair();
    const base = `/api/groups/${group.id}`;
    const start = clock + 3 * DAY;
    const slot = await poster.post(`${base}/slots`, { role: 'candidate', startsAt: iso(start), durationMinutes: 60, timeZone: 'Europe/Paris', note: 'Bring coffee, please; and a pen\\' });
    expect(slot.status).toBe(201);
    const uid = `slot-${slot.body.id}@mockroom`;

    // Before it is taken: in the poster's feed as an open (tentative) slot, not in the taker's.
    const open = (await feedOf(poster)).get(uid)!;
    expect(open.getFirstPropertyValue('status')).toBe('TENTATIVE');
    expect(open.getFirstPropertyValue('sequence')).toBe(0);
    expect(new ICAL.Event(open).description).toContain('Bring coffee, please; and a pen\\');
    expect((await feedOf(taker)).has(uid)).toBe(false);

    // Taken on "any problem": the interviewer picks it; the candidate may not know it before the start.
    const taken = await taker.post(`${base}/slots/${slot.body.id}/take`, { problemSlug: 'news-feed' });
    expect(taken.status).toBe(201);
    // A timed slot does not pull its poster into the room.
    expect((await poster.get(`${base}/board`)).body.taken).toEqual([]);

    const mine = await poster.get('/api/me/upcoming');
    expect(mine.body.serverTime).toBe(clock);
    expect(mine.body.sessions).toEqual([
      expect.objectContaining({
        slotId: slot.body.id,
        groupId: group.id,
        sessionId: taken.body.sessionId,
        startsAt: start,
        endsAt: start + 60 * MIN,
        timeZone: 'Europe/Paris',
        status: 'scheduled',
        role: 'candidate',
        partner: { userId: taker.userId, displayName: taker.username },
        problemTitle: null,
      }),
    ]);
    const theirs = (await taker.get('/api/me/upcoming')).body.sessions;
    expect(theirs).toEqual([expect.objectContaining({ role: 'interviewer', problemTitle: expect.stringMatching(/news feed/i) })]);

    const candidateEvent = (await feedOf(poster)).get(uid)!;
    const interviewerEvent = (await feedOf(taker)).get(uid)!;
    for (const ev of [candidateEvent, interviewerEvent]) {
      expect(ev.getFirstPropertyValue('status')).toBe('CONFIRMED');
      expect(ev.getFirstPropertyValue('sequence')).toBe(1);
      const e = new ICAL.Event(ev);
      expect(e.startDate.zone.tzid).toBe('UTC');
      expect(e.startDate.toJSDate().getTime()).toBe(start);
      expect(e.endDate.toJSDate().getTime()).toBe(start + 60 * MIN);
      expect(ev.getFirstPropertyValue('url')).toBe(`${srv.url}/sessions/${taken.body.sessionId}/room`);
      expect(e.description).toContain(`${srv.url}/sessions/${taken.body.sessionId}/room`);
      expect(e.description).toContain('Tuesday, 8 pm; club');
      expect(ev.getFirstPropertyValue('dtstamp')).toBeTruthy();
    }
    expect(new ICAL.Event(candidateEvent).description).not.toMatch(/news feed/i);
    expect(new ICAL.Event(candidateEvent).summary).not.toMatch(/news feed/i);
    expect(new ICAL.Event(interviewerEvent).description).toMatch(/news feed/i);

    // The one-off download carries the same event.
    const one = await taker.req('GET', `${base}/slots/${slot.body.id}/event.ics`);
    expect(one.status).toBe(200);
    expect(one.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.ics"/);
    const single = new ICAL.Component(ICAL.parse(one.body as string)).getAllSubcomponents('vevent');
    expect(single.map((v) => v.getFirstPropertyValue('uid'))).toEqual([uid]);
    // A stranger (even a group member) cannot download or cancel it.
    const stranger = await registeredAgent(srv.url);
    expect((await stranger.req('GET', `${base}/slots/${slot.body.id}/event.ics`)).status).toBe(404);
    expect((await stranger.post(`${base}/slots/${slot.body.id}/cancel`, {})).status).toBe(404);

    // Cancelled by the interviewer: same UID, SEQUENCE up, STATUS:CANCELLED for both; listed as cancelled.
    clock += MIN;
    const cancelled = await taker.post(`${base}/slots/${slot.body.id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledBy: taker.username });
    expect((await poster.post(`${base}/slots/${slot.body.id}/cancel`, {})).status).toBe(409);
    for (const u of [poster, taker]) {
      const ev = (await feedOf(u)).get(uid)!;
      expect(ev.getFirstPropertyValue('status')).toBe('CANCELLED');
      expect(ev.getFirstPropertyValue('sequence')).toBe(2);
    }
    expect((await poster.get('/api/me/upcoming')).body.sessions[0]).toMatchObject({ status: 'cancelled', cancelledBy: taker.username });

    // After its end it leaves the list and the feed.
    clock = start + 61 * MIN;
    expect((await poster.get('/api/me/upcoming')).body.sessions).toEqual([]);
    expect((await feedOf(poster)).has(uid)).toBe(false);
  });

  it('either proposes a new time, the other accepts: the start moves under the same UID with a higher SEQUENCE', async () => {
    const { poster, taker, group } = await pair();
    const base = `/api/groups/${group.id}`;
    const start = clock + DAY;
    const slot = await poster.post(`${base}/slots`, { role: 'interviewer', problemSlug: 'news-feed', startsAt: iso(start) });
    expect((await taker.post(`${base}/slots/${slot.body.id}/take`, {})).status).toBe(201);
    const uid = `slot-${slot.body.id}@mockroom`;
    const url = `${base}/slots/${slot.body.id}`;

    expect((await taker.post(`${url}/propose`, { startsAt: iso(clock - MIN) })).body.error).toMatchObject({ field: 'startsAt' });
    expect((await taker.post(`${url}/propose`, { startsAt: iso(clock + 100 * DAY) })).body.error).toMatchObject({ field: 'startsAt' });
    const moved = start + 2 * 3600_000;
    const proposed = await taker.post(`${url}/propose`, { startsAt: iso(moved, '-08:00') });
    expect(proposed.status).toBe(200);
    expect(proposed.body).toMatchObject({ startsAt: start, proposal: { startsAt: moved, mine: true } });
    expect((await poster.get('/api/me/upcoming')).body.sessions[0].proposal).toEqual({ startsAt: moved, mine: false });
    // Until accepted, calendars keep the old time; who proposed cannot accept it; strangers see 404.
    expect(new ICAL.Event((await feedOf(poster)).get(uid)!).startDate.toJSDate().getTime()).toBe(start);
    expect((await taker.post(`${url}/proposal/accept`, {})).status).toBe(409);
    expect((await (await registeredAgent(srv.url)).post(`${url}/proposal/accept`, {})).status).toBe(404);

    const accepted = await poster.post(`${url}/proposal/accept`, {});
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ startsAt: moved, endsAt: moved + 40 * MIN, proposal: null });
    for (const u of [poster, taker]) {
      const ev = (await feedOf(u)).get(uid)!;
      expect(new ICAL.Event(ev).startDate.toJSDate().getTime()).toBe(moved);
      expect(ev.getFirstPropertyValue('sequence')).toBe(2);
      expect(ev.getFirstPropertyValue('status')).toBe('CONFIRMED');
    }
    // A declined proposal changes nothing.
    await poster.post(`${url}/propose`, { startsAt: iso(moved + DAY) });
    const declined = await taker.post(`${url}/proposal/decline`, {});
    expect(declined.body).toMatchObject({ startsAt: moved, proposal: null });
    expect((await feedOf(taker)).get(uid)!.getFirstPropertyValue('sequence')).toBe(2);
  });

  it('the feed URL is stable until rotated; the old token answers 404 at once; unknown tokens and strangers get 404', async () => {
    const u = await registeredAgent(srv.url);
    const first = (await u.get('/api/me/calendar')).body.url as string;
    expect(first).toMatch(new RegExp(`^${srv.url}/api/calendar/[A-Za-z0-9_-]{32}\\.ics$`));
    expect((await u.get('/api/me/calendar')).body.url).toBe(first);
    expect((await fetch(first)).status).toBe(200);

    const rotated = await u.post('/api/me/calendar/rotate', {});
    expect(rotated.status).toBe(200);
    expect(rotated.body.url).not.toBe(first);
    expect((await u.get('/api/me/calendar')).body.url).toBe(rotated.body.url);
    const old = await fetch(first);
    expect(old.status).toBe(404);
    expect((await old.json()).error.code).toBe('not_found');
    expect((await fetch(rotated.body.url)).status).toBe(200);

    expect((await fetch(`${srv.url}/api/calendar/${'A'.repeat(32)}.ics`)).status).toBe(404);
    expect((await fetch(`${srv.url}/api/calendar/nonsense`)).status).toBe(404);
    expect((await new Agent(srv.url).get('/api/me/calendar')).status).toBe(401);
    expect((await new Agent(srv.url).get('/api/me/upcoming')).status).toBe(401);
    // Rotating is a state change: a cross-origin request is refused.
    expect((await u.post('/api/me/calendar/rotate', {}, { origin: 'http://evil.example' })).status).toBe(403);
  });
});

describe('cancelling a scheduled session ends it', () => {
  it('the session ends with the cancel: GET says ended, it stops counting toward the 20 open sessions, a connected socket closes and reloads ended', async () => {
    const { poster, taker, group } = await pair();
    const base = `/api/groups/${group.id}`;
    const slot = await poster.post(`${base}/slots`, { role: 'candidate', problemSlug: 'news-feed', startsAt: iso(clock + DAY) });
    const taken = await taker.post(`${base}/slots/${slot.body.id}/take`, {});
    expect(taken.status).toBe(201);
    const sessionId = taken.body.sessionId as string;

    // The poster fills the budget: the scheduled session and 19 solo ones.
    for (let i = 1; i < MAX_OPEN_SESSIONS; i++) {
      expect((await poster.post('/api/sessions', { problemSlug: 'url-shortener', mode: 'solo' })).status).toBe(201);
    }
    const open = async () => ((await poster.get('/api/sessions')).body as { status: string }[]).filter((s) => s.status !== 'ended').length;
    expect(await open()).toBe(MAX_OPEN_SESSIONS);
    expect((await poster.post('/api/sessions', { problemSlug: 'url-shortener', mode: 'solo' })).body.error.code).toBe('too_many_sessions');

    // The poster sits in the room, waiting for the start.
    const { s, welcome } = await TestSocket.join(srv.url, sessionId, poster.cookie);
    expect(welcome.session.status).toBe('waiting');

    const cancelled = await taker.post(`${base}/slots/${slot.body.id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    expect(await s.closed).toEqual({ code: CloseCode.SessionCancelled, reason: 'session cancelled' });

    for (const u of [poster, taker]) {
      const got = await u.get(`/api/sessions/${sessionId}`);
      expect(got.body).toMatchObject({ status: 'ended', startedAt: null, cancelledBy: taker.username });
      expect(got.body.endedAt).toBe(clock);
    }
    expect(await open()).toBe(MAX_OPEN_SESSIONS - 1);
    expect((await poster.post('/api/sessions', { problemSlug: 'url-shortener', mode: 'solo' })).status).toBe(201);

    // Reconnecting finds the room ended and read-only.
    const again = await TestSocket.join(srv.url, sessionId, taker.cookie);
    expect(again.welcome.session.status).toBe('ended');
    again.s.send({ type: 'phase', opId: 'start-1', action: 'start' });
    expect((await again.s.next('error')).code).toBe('session_ended');
    again.s.close();
  });

  it('a session that has started is not cancelled from the calendar (409): it is ended in its room', async () => {
    const { poster, taker, group } = await pair();
    const base = `/api/groups/${group.id}`;
    const slot = await poster.post(`${base}/slots`, { role: 'candidate', problemSlug: 'news-feed', startsAt: iso(clock + DAY) });
    const { sessionId } = (await taker.post(`${base}/slots/${slot.body.id}/take`, {})).body;
    const { s } = await TestSocket.join(srv.url, sessionId, taker.cookie);
    s.send({ type: 'phase', opId: 'start-1', action: 'start' });
    await s.next('ack');
    const res = await poster.post(`${base}/slots/${slot.body.id}/cancel`, {});
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/started/);
    expect((await poster.get(`/api/sessions/${sessionId}`)).body.status).toBe('live');
    expect((await poster.get('/api/me/upcoming')).body.sessions[0].status).toBe('scheduled');
    s.close();
  });
});

describe('a start that crosses a cancel', () => {
  /** A timed slot posted by one person and taken by the other: its session is waiting for the start. */
  async function takenSlot() {
    const { poster, taker, group } = await pair();
    const base = `/api/groups/${group.id}`;
    const slot = await poster.post(`${base}/slots`, { role: 'candidate', problemSlug: 'news-feed', startsAt: iso(clock + DAY) });
    const { sessionId } = (await taker.post(`${base}/slots/${slot.body.id}/take`, {})).body as { sessionId: string };
    return { poster, taker, base, slot, sessionId };
  }

  it('a start committed after the cancel (by a node that had not heard of it yet) leaves the session ended', async () => {
    const { poster, taker, base, slot, sessionId } = await takenSlot();
    expect((await taker.post(`${base}/slots/${slot.body.id}/cancel`, {})).status).toBe(200);
    // The room's node accepted a start just before the cancel reached it; its group commit lands now.
    await srv.store.events.commit([
      { sessionId, seq: 1, ts: clock, author: taker.userId, kind: 'phase', json: '{"action":"start"}', opId: 'late-start', status: { status: 'live', startedAt: clock, endedAt: null } },
    ]);
    const got = await poster.get(`/api/sessions/${sessionId}`);
    expect(got.body).toMatchObject({ status: 'ended', endedAt: clock, cancelledBy: taker.username });
    expect((await poster.get('/api/me/upcoming')).body.sessions[0].status).toBe('cancelled');
    // It does not count as open, and its room stays read-only.
    expect(((await poster.get('/api/sessions')).body as { id: string; status: string }[]).find((x) => x.id === sessionId)!.status).toBe('ended');
    // Its room loads as the table says: a mock called off before it started.
    const { s, welcome } = await TestSocket.join(srv.url, sessionId, poster.cookie);
    expect(welcome.session.status).toBe('ended');
    expect(welcome.state.clock).toMatchObject({ status: 'ended', startedAt: null, endedAt: clock });
    s.close();
  });

  it('a cancel whose session started meanwhile is refused (409) and leaves the slot taken', async () => {
    const { poster, taker, base, slot, sessionId } = await takenSlot();
    // Another node's room committed a start that this node's hub does not know about (no room loaded here).
    await srv.store.events.commit([
      { sessionId, seq: 1, ts: clock, author: taker.userId, kind: 'phase', json: '{"action":"start"}', opId: 'other-node-start', status: { status: 'live', startedAt: clock, endedAt: null } },
    ]);
    const res = await poster.post(`${base}/slots/${slot.body.id}/cancel`, {});
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/started/);
    expect((await poster.get('/api/me/upcoming')).body.sessions[0].status).toBe('scheduled');
    expect((await poster.get(`/api/sessions/${sessionId}`)).body.status).toBe('live');
  });

  // Only PostgreSQL lets two writers interleave (SQLite's write transactions are serial).
  it.runIf(onPostgres)('a start committed while the cancel waits for the session row wins: 409, the slot stays taken', async () => {
    if (srv.store.engine !== 'postgres') return;
    const pool = srv.store.pool;
    const { poster, base, slot, sessionId } = await takenSlot();
    // Another node starts the clock: its commit holds the session row...
    const other = await pool.connect();
    try {
      await other.query('BEGIN');
      await other.query("UPDATE sessions SET status = 'live', started_at = $2 WHERE id = $1", [sessionId, clock]);
      // ...while the cancel reads 'waiting', cancels the slot and waits for that row.
      const cancel = poster.post(`${base}/slots/${slot.body.id}/cancel`, {});
      await expect
        .poll(async () => (await pool.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")).rows[0].n, { timeout: 10_000 })
        .toBe(1);
      await other.query('COMMIT');
      const res = await cancel;
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/started/);
    } finally {
      other.release();
    }
    expect((await poster.get('/api/me/upcoming')).body.sessions[0].status).toBe('scheduled');
    expect((await poster.get(`/api/sessions/${sessionId}`)).body.status).toBe('live');
  });
});

describe('a surprise problem stays unnamed to its candidate until the start', () => {
  /** An "any problem" slot of a candidate, taken by an interviewer who picks News feed. */
  async function surprise() {
    const { poster, taker, group } = await pair();
    const base = `/api/groups/${group.id}`;
    const slot = await poster.post(`${base}/slots`, { role: 'candidate', startsAt: iso(clock + DAY) });
    const taken = await taker.post(`${base}/slots/${slot.body.id}/take`, { problemSlug: 'news-feed' });
    expect(taken.status).toBe(201);
    return { candidate: poster, interviewer: taker, base, slotId: slot.body.id as string, sessionId: taken.body.sessionId as string };
  }

  const named = (x: unknown) => JSON.stringify(x).match(/news[- ]feed/i) !== null;

  it('GET /api/sessions, GET /api/sessions/:id, the invite preview, the welcome and the feed name it only once the clock started', async () => {
    const { candidate, interviewer, sessionId } = await surprise();

    const list = (await candidate.get('/api/sessions')).body.find((x: { id: string }) => x.id === sessionId);
    expect(list).toMatchObject({ problemSlug: null, problemTitle: null, status: 'waiting' });
    const one = await candidate.get(`/api/sessions/${sessionId}`);
    expect(one.body).toMatchObject({ problemSlug: null, problemTitle: null });
    expect(named(one.body)).toBe(false);
    const preview = await candidate.get(`/api/sessions/${sessionId}/preview?code=${one.body.inviteCode}`);
    expect(preview.status).toBe(200);
    expect(preview.body.problemTitle).toBeNull();
    const cand = await TestSocket.join(srv.url, sessionId, candidate.cookie);
    expect(cand.welcome.session).toMatchObject({ problemSlug: null, problemTitle: null, status: 'waiting' });
    expect(named(cand.welcome)).toBe(false);
    const { url } = (await candidate.get('/api/me/calendar')).body;
    const feed = async () => (await (await fetch(url)).text()).replace(/\r\n /g, ''); // unfolded
    expect(await feed()).not.toMatch(/news feed/i);

    // The interviewer knows it everywhere.
    expect((await interviewer.get(`/api/sessions/${sessionId}`)).body).toMatchObject({ problemSlug: 'news-feed', problemTitle: expect.stringMatching(/news feed/i) });
    const int = await TestSocket.join(srv.url, sessionId, interviewer.cookie);
    expect(int.welcome.session.problemSlug).toBe('news-feed');

    // The scheduled time alone does not name it; the start does.
    clock += DAY + MIN;
    expect((await candidate.get(`/api/sessions/${sessionId}`)).body.problemSlug).toBeNull();
    int.s.send({ type: 'phase', opId: 'start-1', action: 'start' });
    await int.s.next('ack');
    expect((await candidate.get(`/api/sessions/${sessionId}`)).body).toMatchObject({ problemSlug: 'news-feed', status: 'live' });
    expect((await candidate.get('/api/sessions')).body.find((x: { id: string }) => x.id === sessionId).problemSlug).toBe('news-feed');
    expect((await candidate.get('/api/me/upcoming')).body.sessions[0].problemTitle).toMatch(/news feed/i);
    expect(await feed()).toMatch(/news feed/i);
    const later = await TestSocket.join(srv.url, sessionId, candidate.cookie);
    expect(later.welcome.session.problemSlug).toBe('news-feed');
    for (const x of [cand.s, int.s, later.s]) x.close();
  });

  it("the group's activity list keeps it unnamed to the candidate until the start, and names it to the interviewer", async () => {
    const { candidate, interviewer, base, sessionId } = await surprise();
    const rowOf = async (who: typeof candidate) => ((await who.get(`${base}/activity`)).body.recent as { id: string; problemTitle: string | null }[]).find((r) => r.id === sessionId);
    expect(await rowOf(candidate)).toMatchObject({ problemSlug: null, problemTitle: null });
    expect((await rowOf(interviewer))?.problemTitle).toMatch(/news feed/i);
    const int = await TestSocket.join(srv.url, sessionId, interviewer.cookie);
    int.s.send({ type: 'phase', opId: 'start-a', action: 'start' });
    await int.s.next('ack');
    expect((await rowOf(candidate))?.problemTitle).toMatch(/news feed/i);
    int.s.close();
  });

  it("the group's coverage table does not count it as seen by the candidate before the start", async () => {
    const { candidate, interviewer, base, sessionId } = await surprise();
    const seen = async () => (await candidate.get(`${base}/coverage`)).body.seen as Record<string, Record<string, string[]>>;
    expect((await seen())[candidate.userId]?.['news-feed']).toBeUndefined();
    expect((await seen())[interviewer.userId]?.['news-feed']).toEqual(['interviewer']);
    const int = await TestSocket.join(srv.url, sessionId, interviewer.cookie);
    int.s.send({ type: 'phase', opId: 'start-c', action: 'start' });
    await int.s.next('ack');
    expect((await seen())[candidate.userId]?.['news-feed']).toEqual(['candidate']);
    int.s.close();
  });

  it('a surprise cancelled before the start stays unnamed (the interviewer may use it another time)', async () => {
    const { candidate, base, slotId, sessionId } = await surprise();
    expect((await candidate.post(`${base}/slots/${slotId}/cancel`, {})).status).toBe(200);
    const one = await candidate.get(`/api/sessions/${sessionId}`);
    expect(one.body).toMatchObject({ status: 'ended', problemSlug: null, problemTitle: null, cancelledBy: candidate.username });
    const { welcome, s } = await TestSocket.join(srv.url, sessionId, candidate.cookie);
    expect(welcome.session).toMatchObject({ status: 'ended', problemSlug: null });
    s.close();
  });
});
