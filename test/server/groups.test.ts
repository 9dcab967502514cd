import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, registeredAgent, startTestServer, type TestServer } from '../helpers/server';
import { TestSocket } from '../helpers/ws';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.stop();
});

type User = Awaited<ReturnType<typeof registeredAgent>>;

async function groupOf(owner: User, name = 'Tuesday study group') {
  const res = await owner.post('/api/groups', { name });
  expect(res.status).toBe(201);
  return res.body as { id: string; inviteCode: string; name: string };
}

/** An owner and `n` members who joined with the code. */
async function groupWith(n: number) {
  const owner = await registeredAgent(srv.url);
  const group = await groupOf(owner);
  const members: User[] = [];
  for (let i = 0; i < n; i++) {
    const m = await registeredAgent(srv.url);
    expect((await m.post('/api/groups/join', { code: group.inviteCode })).status).toBe(200);
    members.push(m);
  }
  return { owner, group, members };
}

describe('groups: membership and visibility', () => {
  it('creates a group with its creator as owner and an invite code', async () => {
    const owner = await registeredAgent(srv.url);
    const res = await owner.post('/api/groups', { name: '  Distributed systems club  ' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Distributed systems club', role: 'owner', memberCount: 1 });
    expect(res.body.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(res.body.inviteCode).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    expect(res.body.members).toEqual([{ userId: owner.userId, username: owner.username, displayName: owner.username, role: 'owner', joinedAt: expect.any(Number) }]);
    const mine = await owner.get('/api/groups');
    expect(mine.body).toEqual([{ id: res.body.id, name: 'Distributed systems club', role: 'owner', memberCount: 1, createdAt: expect.any(Number) }]);
  });

  it.each([
    ['an empty name', { name: '' }, 'name'],
    ['a blank name', { name: '    ' }, 'name'],
    ['a long name', { name: 'x'.repeat(61) }, 'name'],
    ['a control character', { name: 'a\u0000b' }, 'name'],
    ['no name', {}, 'name'],
    ['an extra field', { name: 'ok', owner: 'someone' }, undefined],
  ])('refuses %s with 400 and the field', async (_what, body, field) => {
    const u = await registeredAgent(srv.url);
    const res = await u.post('/api/groups', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
    if (field) expect(res.body.error.field).toBe(field);
  });

  it('refuses non-JSON, malformed JSON, signed-out and cross-origin writes', async () => {
    const u = await registeredAgent(srv.url);
    expect((await u.req('POST', '/api/groups', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    const bad = await u.req('POST', '/api/groups', '{"name": ', { 'content-type': 'application/json' });
    expect(bad.body).toEqual({ error: { code: 'bad_json', message: expect.any(String) } });
    expect((await new Agent(srv.url).post('/api/groups', { name: 'x' })).status).toBe(401);
    expect((await new Agent(srv.url).get('/api/groups')).status).toBe(401);
    const csrf = await u.post('/api/groups', { name: 'x' }, { origin: 'http://evil.example' });
    expect(csrf.status).toBe(403);
    expect(csrf.body.error.code).toBe('cross_origin');
  });

  it('joins by code (any case, spaces ignored); joining twice is harmless', async () => {
    const owner = await registeredAgent(srv.url);
    const group = await groupOf(owner);
    const m = await registeredAgent(srv.url);
    const spaced = `${group.inviteCode.slice(0, 5).toLowerCase()} ${group.inviteCode.slice(5)}`;
    const joined = await m.post('/api/groups/join', { code: spaced });
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ id: group.id, role: 'member', memberCount: 2 });
    expect((await m.post('/api/groups/join', { code: group.inviteCode })).body.memberCount).toBe(2);
    expect((await m.get('/api/groups')).body.map((g: { id: string }) => g.id)).toEqual([group.id]);
    const wrong = await m.post('/api/groups/join', { code: 'NOTACODE22' });
    expect(wrong.status).toBe(404);
    expect(wrong.body.error).toMatchObject({ code: 'not_found', field: 'code' });
    expect((await m.post('/api/groups/join', { code: '' })).body.error.field).toBe('code');
  });

  it('answers outsiders 404 on every group route, as for a group that does not exist', async () => {
    const { group, members } = await groupWith(1);
    const outsider = await registeredAgent(srv.url);
    const id = group.id;
    const attempts: [string, string, unknown?][] = [
      ['GET', `/api/groups/${id}`],
      ['GET', `/api/groups/${id}/board`],
      ['GET', `/api/groups/${id}/coverage`],
      ['GET', `/api/groups/${id}/activity`],
      ['PATCH', `/api/groups/${id}`, { name: 'mine now' }],
      ['POST', `/api/groups/${id}/code`, {}],
      ['POST', `/api/groups/${id}/leave`, {}],
      ['POST', `/api/groups/${id}/slots`, { role: 'candidate', problemSlug: null }],
      ['DELETE', `/api/groups/${id}/members/${members[0]!.userId}`],
    ];
    for (const [method, path, body] of attempts) {
      const res = await outsider.req(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe('not_found');
      const none = await outsider.req(method, path.replace(id, 'AAAAAAAAAAAAAAAAAAAAAA'), body);
      expect(none.status).toBe(404);
      expect(none.body.error.message).toBe(res.body.error.message);
    }
    expect((await outsider.get('/api/groups')).body).toEqual([]);
    expect((await outsider.get('/api/groups/..%2Fx')).status).toBe(400);
    // The members still see it.
    expect((await members[0]!.get(`/api/groups/${id}`)).status).toBe(200);
  });

  it('lets only the owner rename, rotate the code and remove members', async () => {
    const { owner, group, members } = await groupWith(2);
    const [a, b] = members as [User, User];
    expect((await a.req('PATCH', `/api/groups/${group.id}`, { name: 'Hijacked' })).status).toBe(403);
    expect((await a.post(`/api/groups/${group.id}/code`)).body.error.code).toBe('forbidden');
    expect((await a.req('DELETE', `/api/groups/${group.id}/members/${b.userId}`)).status).toBe(403);

    const renamed = await owner.req('PATCH', `/api/groups/${group.id}`, { name: 'Renamed group' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Renamed group');
    expect((await a.get(`/api/groups/${group.id}`)).body.name).toBe('Renamed group');
    expect((await owner.req('PATCH', `/api/groups/${group.id}`, { name: '' })).status).toBe(400);

    const removed = await owner.req('DELETE', `/api/groups/${group.id}/members/${b.userId}`);
    expect(removed.status).toBe(200);
    expect(removed.body.members.map((m: { userId: string }) => m.userId)).toEqual([owner.userId, a.userId]);
    expect((await b.get(`/api/groups/${group.id}`)).status).toBe(404);
    expect((await owner.req('DELETE', `/api/groups/${group.id}/members/${b.userId}`)).status).toBe(404);
    const self = await owner.req('DELETE', `/api/groups/${group.id}/members/${owner.userId}`);
    expect(self.status).toBe(400);
    expect(self.body.error.field).toBe('userId');
  });

  it('rotating the invite code stops the old one from working', async () => {
    const owner = await registeredAgent(srv.url);
    const group = await groupOf(owner);
    const rotated = await owner.post(`/api/groups/${group.id}/code`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.inviteCode).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    expect(rotated.body.inviteCode).not.toBe(group.inviteCode);
    const late = await registeredAgent(srv.url);
    const old = await late.post('/api/groups/join', { code: group.inviteCode });
    expect(old.status).toBe(404);
    expect((await late.get(`/api/groups/${group.id}`)).status).toBe(404);
    const fresh = await late.post('/api/groups/join', { code: rotated.body.inviteCode });
    expect(fresh.status).toBe(200);
    expect(fresh.body.id).toBe(group.id);
  });

  it('leaving: members go, the owner hands over to the longest-standing member, the last one closes the group', async () => {
    const { owner, group, members } = await groupWith(2);
    const [a, b] = members as [User, User];
    const left = await owner.post(`/api/groups/${group.id}/leave`);
    expect(left.body).toEqual({ ok: true, groupDeleted: false });
    expect((await owner.get(`/api/groups/${group.id}`)).status).toBe(404);
    const seen = await a.get(`/api/groups/${group.id}`);
    expect(seen.body.role).toBe('owner');
    expect(seen.body.members.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([[a.userId, 'owner'], [b.userId, 'member']]);
    expect((await b.post(`/api/groups/${group.id}/leave`)).body.groupDeleted).toBe(false);
    expect((await a.post(`/api/groups/${group.id}/leave`)).body.groupDeleted).toBe(true);
    // Gone for good: its code no longer joins anything.
    expect((await b.post('/api/groups/join', { code: group.inviteCode })).status).toBe(404);
  });
});

describe('groups: the board', () => {
  it('one member posts a slot, another takes it: a paired session with the seats asked for', async () => {
    const { owner, group, members } = await groupWith(2);
    const [a, b] = members as [User, User];
    const posted = await owner.post(`/api/groups/${group.id}/slots`, { role: 'candidate', problemSlug: null, note: 'Evenings, CET' });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ role: 'candidate', problemSlug: null, note: 'Evenings, CET', mine: true, postedBy: { userId: owner.userId } });
    expect(posted.body.suggestions.length).toBeGreaterThan(0);

    const board = await a.get(`/api/groups/${group.id}/board`);
    expect(board.status).toBe(200);
    expect(board.body.slots).toHaveLength(1);
    expect(board.body.slots[0]).toMatchObject({ id: posted.body.id, mine: false });

    // Own slots cannot be taken.
    expect((await owner.post(`/api/groups/${group.id}/slots/${posted.body.id}/take`)).status).toBe(409);

    const taken = await a.post(`/api/groups/${group.id}/slots/${posted.body.id}/take`, { problemSlug: 'url-shortener' });
    expect(taken.status).toBe(201);
    expect(taken.body).toEqual({ sessionId: expect.any(String), role: 'interviewer', problemSlug: 'url-shortener', problemTitle: expect.any(String) });
    const session = await owner.get(`/api/sessions/${taken.body.sessionId}`);
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ mode: 'paired', status: 'waiting', role: 'candidate', problemSlug: 'url-shortener' });
    expect(session.body.participants.map((p: { userId: string; role: string }) => [p.userId, p.role])).toEqual([
      [owner.userId, 'candidate'],
      [a.userId, 'interviewer'],
    ]);
    expect((await a.get(`/api/sessions/${taken.body.sessionId}`)).body.role).toBe('interviewer');
    // Both can open the room.
    const { welcome } = await TestSocket.join(srv.url, taken.body.sessionId, a.cookie);
    expect(welcome.role).toBe('interviewer');
    expect(welcome.session.phases.map((p) => p.id)).toEqual(['clarify', 'estimate', 'design', 'deep-dive']);

    // The poster's board says where to go; the slot is gone; a second taker hears it is taken.
    const after = await owner.get(`/api/groups/${group.id}/board`);
    expect(after.body.slots).toEqual([]);
    expect(after.body.taken).toEqual([{ slotId: posted.body.id, sessionId: taken.body.sessionId, takenBy: a.username, problemTitle: expect.any(String), takenAt: expect.any(Number) }]);
    expect((await a.get(`/api/groups/${group.id}/board`)).body.taken).toEqual([]);
    const late = await b.post(`/api/groups/${group.id}/slots/${posted.body.id}/take`);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('conflict');
  });

  it('gives the taker the candidate seat when the poster wants to interview, on the problem posted', async () => {
    const { owner, group, members } = await groupWith(1);
    const posted = await owner.post(`/api/groups/${group.id}/slots`, { role: 'interviewer', problemSlug: 'news-feed' });
    expect(posted.body).toMatchObject({ problemSlug: 'news-feed', problemTitle: expect.any(String), suggestions: [] });
    const other = await members[0]!.post(`/api/groups/${group.id}/slots/${posted.body.id}/take`, { problemSlug: 'url-shortener' });
    expect(other.status).toBe(400);
    expect(other.body.error.field).toBe('problemSlug');
    const taken = await members[0]!.post(`/api/groups/${group.id}/slots/${posted.body.id}/take`);
    expect(taken.status).toBe(201);
    expect(taken.body).toMatchObject({ role: 'candidate', problemSlug: 'news-feed' });
  });

  it('validates slots and refuses strangers, withdrawals by others and floods', async () => {
    const { owner, group, members } = await groupWith(1);
    const m = members[0]!;
    for (const bad of [{ role: 'observer' }, { role: 'candidate', problemSlug: 5 }, { role: 'candidate', note: 'x'.repeat(201) }, { role: 'candidate', extra: 1 }]) {
      const res = await m.post(`/api/groups/${group.id}/slots`, bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.code).toBe('bad_request');
    }
    const missing = await m.post(`/api/groups/${group.id}/slots`, { role: 'candidate', problemSlug: 'no-such-problem' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.field).toBe('problemSlug');

    const slot = (await m.post(`/api/groups/${group.id}/slots`, { role: 'interviewer' })).body;
    expect(slot.problemSlug).toBeNull();
    const outsider = await registeredAgent(srv.url);
    expect((await outsider.post(`/api/groups/${group.id}/slots/${slot.id}/take`)).status).toBe(404);
    // A slot id from another group is not found here.
    const other = await groupWith(0);
    expect((await other.owner.post(`/api/groups/${other.group.id}/slots/${slot.id}/take`)).status).toBe(404);
    expect((await m.post(`/api/groups/${group.id}/slots/AAAAAAAAAAAAAAAAAAAAAA/take`)).status).toBe(404);

    const third = await registeredAgent(srv.url);
    await third.post('/api/groups/join', { code: group.inviteCode });
    expect((await third.req('DELETE', `/api/groups/${group.id}/slots/${slot.id}`)).status).toBe(403);
    // The owner may withdraw anyone's slot; the poster their own.
    expect((await owner.req('DELETE', `/api/groups/${group.id}/slots/${slot.id}`)).body).toEqual({ ok: true });
    expect((await m.req('DELETE', `/api/groups/${group.id}/slots/${slot.id}`)).status).toBe(404);

    for (let i = 0; i < 5; i++) expect((await m.post(`/api/groups/${group.id}/slots`, { role: 'candidate' })).status).toBe(201);
    const sixth = await m.post(`/api/groups/${group.id}/slots`, { role: 'candidate' });
    expect(sixth.status).toBe(409);
    // Leaving takes the member's open slots with them.
    await m.post(`/api/groups/${group.id}/leave`);
    expect((await owner.get(`/api/groups/${group.id}/board`)).body.slots).toEqual([]);
  });

  it('lists paired sessions members shared to the group, and a member takes the open seat', async () => {
    const { owner, group, members } = await groupWith(2);
    const [a, b] = members as [User, User];
    const created = await owner.post('/api/sessions', { problemSlug: 'url-shortener', mode: 'paired', role: 'interviewer', groupId: group.id });
    expect(created.status).toBe(201);
    await owner.post('/api/sessions', { problemSlug: 'news-feed', mode: 'solo' });
    const outsider = await registeredAgent(srv.url);
    const foreign = await outsider.post('/api/sessions', { problemSlug: 'url-shortener', mode: 'paired', role: 'interviewer' });

    const board = await a.get(`/api/groups/${group.id}/board`);
    expect(board.body.waiting).toEqual([
      {
        id: created.body.id,
        problemSlug: 'url-shortener',
        problemTitle: expect.any(String),
        host: { userId: owner.userId, displayName: owner.username, role: 'interviewer' },
        openRole: 'candidate',
        createdAt: expect.any(Number),
        mine: false,
        candidateSeen: null,
      },
    ]);
    expect((await owner.get(`/api/groups/${group.id}/board`)).body.waiting[0].mine).toBe(true);
    // Not a member's session: not joinable through the group.
    expect((await a.post(`/api/groups/${group.id}/sessions/${foreign.body.id}/join`)).status).toBe(404);

    const { s: host } = await TestSocket.join(srv.url, created.body.id, owner.cookie);
    const joined = await a.post(`/api/groups/${group.id}/sessions/${created.body.id}/join`);
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ sessionId: created.body.id, role: 'candidate' });
    // The host's open room hears about the new participant.
    await host.next('presence', (p) => p.participants.some((x) => x.userId === a.userId));
    host.close();
    expect((await b.get(`/api/groups/${group.id}/board`)).body.waiting).toEqual([]);
    const full = await b.post(`/api/groups/${group.id}/sessions/${created.body.id}/join`);
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('session_full');
    expect((await outsider.post(`/api/groups/${group.id}/sessions/${created.body.id}/join`)).status).toBe(404);
  });
});

describe('groups: spoilers and activity', () => {
  it('tracks who has seen which problem and suggests problems the candidate has not seen', async () => {
    const { owner, group, members } = await groupWith(1);
    const m = members[0]!;
    // The member interviews on url-shortener, then is a candidate on news-feed.
    const s1 = await owner.post('/api/sessions', { problemSlug: 'url-shortener', mode: 'paired', role: 'candidate' });
    await m.post(`/api/sessions/${s1.body.id}/join`, { inviteCode: s1.body.inviteCode });
    const s2 = await m.post('/api/sessions', { problemSlug: 'news-feed', mode: 'solo' });
    expect(s2.status).toBe(201);

    const coverage = await owner.get(`/api/groups/${group.id}/coverage`);
    expect(coverage.status).toBe(200);
    expect(coverage.body.problems.length).toBeGreaterThanOrEqual(15);
    expect(coverage.body.members.map((x: { userId: string }) => x.userId)).toEqual([owner.userId, m.userId]);
    expect(coverage.body.seen[m.userId]).toEqual({ 'url-shortener': ['interviewer'], 'news-feed': ['candidate'] });
    expect(coverage.body.seen[owner.userId]).toEqual({ 'url-shortener': ['candidate'] });

    // Owner wants to interview: the member would be the candidate; suggestions skip what they saw.
    const slot = await owner.post(`/api/groups/${group.id}/slots`, { role: 'interviewer', problemSlug: null });
    const view = (await m.get(`/api/groups/${group.id}/board`)).body.slots[0];
    const suggested = view.suggestions.map((p: { slug: string }) => p.slug);
    expect(suggested.length).toBe(5);
    expect(suggested).not.toContain('url-shortener');
    expect(suggested).not.toContain('news-feed');
    // A fixed-problem slot warns the would-be candidate.
    await owner.post(`/api/groups/${group.id}/slots`, { role: 'interviewer', problemSlug: 'url-shortener' });
    const fixed = (await m.get(`/api/groups/${group.id}/board`)).body.slots[1];
    expect(fixed.candidateSeen).toEqual(['interviewer']);

    // Taking "any" without choosing picks the first suggestion, unseen by the candidate.
    const taken = await m.post(`/api/groups/${group.id}/slots/${slot.body.id}/take`);
    expect(taken.status).toBe(201);
    expect(taken.body.role).toBe('candidate');
    expect(taken.body.problemSlug).toBe(suggested[0]);
  });

  it('shows recent sessions of members and per-member counts of started sessions', async () => {
    const { owner, group, members } = await groupWith(1);
    const m = members[0]!;
    const s = await owner.post('/api/sessions', { problemSlug: 'url-shortener', mode: 'paired', role: 'interviewer' });
    await m.post(`/api/sessions/${s.body.id}/join`, { inviteCode: s.body.inviteCode });
    const { s: sock } = await TestSocket.join(srv.url, s.body.id, owner.cookie);
    sock.send({ type: 'phase', opId: 'p1', action: 'start' });
    await sock.next('ack');
    sock.close();
    // Created but never started: listed, not counted.
    await m.post('/api/sessions', { problemSlug: 'news-feed', mode: 'solo' });

    const activity = await m.get(`/api/groups/${group.id}/activity`);
    expect(activity.status).toBe(200);
    expect(activity.body.members).toEqual([
      { userId: owner.userId, displayName: owner.username, asCandidate: 0, asInterviewer: 1, lastSessionAt: expect.any(Number) },
      { userId: m.userId, displayName: m.username, asCandidate: 1, asInterviewer: 0, lastSessionAt: expect.any(Number) },
    ]);
    expect(activity.body.recent.map((r: { problemSlug: string; status: string }) => [r.problemSlug, r.status])).toEqual([
      ['news-feed', 'waiting'],
      ['url-shortener', 'live'],
    ]);
    expect(activity.body.recent[1].participants.map((p: { role: string }) => p.role)).toEqual(['interviewer', 'candidate']);
  });
});
