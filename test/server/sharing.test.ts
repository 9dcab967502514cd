/**
 * Final scorecards, sessions shared to a group, joins that ask first, the cross-session spoiler rule
 * and the open-session budget, against the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIMENSION_IDS } from '../../shared/rubric';
import { pairedSession, registeredAgent, startTestServer, type Agent, type TestServer } from '../helpers/server';
import { TestSocket } from '../helpers/ws';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.stop();
});

type User = Agent & { userId: string; username: string };

const card = (score: number, status = 'submitted') => ({
  scores: DIMENSION_IDS.map((dimension) => ({ dimension, score })),
  overall: 'hire',
  status,
});

async function endSession(sessionId: string, driver: Agent) {
  const { s } = await TestSocket.join(srv.url, sessionId, driver.cookie);
  for (const action of ['start', 'end']) {
    s.send({ type: 'phase', opId: `end-${action}`, action });
    await s.next('ack');
  }
  s.close();
}

async function groupWith(n: number) {
  const owner = await registeredAgent(srv.url);
  const group = (await owner.post('/api/groups', { name: 'Pairing club' })).body as { id: string; inviteCode: string };
  const members: User[] = [];
  for (let i = 0; i < n; i++) {
    const m = await registeredAgent(srv.url);
    expect((await m.post('/api/groups/join', { code: group.inviteCode })).status).toBe(200);
    members.push(m);
  }
  return { owner, group, members };
}

describe('scorecards are final once submitted or skipped', () => {
  it('a later PUT answers 409 card_final; a draft can still change', async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url);
    expect((await interviewer.put(`/api/sessions/${session.id}/scorecard`, card(2, 'draft'))).status).toBe(200);
    expect((await interviewer.put(`/api/sessions/${session.id}/scorecard`, card(3, 'draft'))).status).toBe(200);
    expect((await interviewer.put(`/api/sessions/${session.id}/scorecard`, card(3))).status).toBe(200);
    const rewrite = await interviewer.put(`/api/sessions/${session.id}/scorecard`, card(1));
    expect(rewrite.status).toBe(409);
    expect(rewrite.body.error.code).toBe('card_final');
    // Skip, read the peer's card, then submit a rewritten one: refused.
    expect((await candidate.put(`/api/sessions/${session.id}/scorecard`, { scores: [], status: 'skipped' })).status).toBe(200);
    const afterSkip = await candidate.put(`/api/sessions/${session.id}/scorecard`, card(4));
    expect(afterSkip.status).toBe(409);
    expect(afterSkip.body.error.code).toBe('card_final');
    const mine = await interviewer.get(`/api/sessions/${session.id}/scorecards`);
    expect(mine.body.scorecards.find((c: { scorerId: string }) => c.scorerId === interviewer.userId).scores[0].score).toBe(3);
    const theirs = await candidate.get(`/api/sessions/${session.id}/scorecards`);
    expect(theirs.body.scorecards.find((c: { scorerId: string }) => c.scorerId === candidate.userId).status).toBe('skipped');
  });

  it("progress shows the interviewer's scores to the candidate only once her own card is final", async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url);
    await endSession(session.id, interviewer);
    expect((await interviewer.put(`/api/sessions/${session.id}/scorecard`, card(2))).status).toBe(200);
    const before = await candidate.get('/api/me/progress');
    expect(before.body.dimensions.requirements).toEqual([]);
    expect((await candidate.put(`/api/sessions/${session.id}/scorecard`, card(3, 'draft'))).status).toBe(200);
    expect((await candidate.get('/api/me/progress')).body.dimensions.requirements).toEqual([]);
    expect((await candidate.put(`/api/sessions/${session.id}/scorecard`, card(3))).status).toBe(200);
    const after = await candidate.get('/api/me/progress');
    expect(after.body.dimensions.requirements).toEqual([expect.objectContaining({ sessionId: session.id, score: 2, source: 'interviewer' })]);
  });
});

describe('sessions shared to a group', () => {
  it("a member's session that was not shared is not on the board and cannot be joined through the group", async () => {
    const { owner, group, members } = await groupWith(1);
    const [a] = members as [User];
    const unshared = await owner.post('/api/sessions', { problemSlug: 'url-shortener', mode: 'paired', role: 'interviewer' });
    expect((await a.get(`/api/groups/${group.id}/board`)).body.waiting).toEqual([]);
    const take = await a.post(`/api/groups/${group.id}/sessions/${unshared.body.id}/join`);
    expect(take.status).toBe(404);
    // Nobody was seated.
    expect((await owner.get(`/api/sessions/${unshared.body.id}`)).body.participants).toHaveLength(1);

    const shared = await owner.post('/api/sessions', { problemSlug: 'news-feed', mode: 'paired', role: 'interviewer', groupId: group.id });
    expect(shared.status).toBe(201);
    expect((await a.get(`/api/groups/${group.id}/board`)).body.waiting.map((w: { id: string }) => w.id)).toEqual([shared.body.id]);
    // Shared to one group: another group of the same people does not list it.
    const other = (await owner.post('/api/groups', { name: 'Another club' })).body as { id: string; inviteCode: string };
    await a.post('/api/groups/join', { code: other.inviteCode });
    expect((await a.get(`/api/groups/${other.id}/board`)).body.waiting).toEqual([]);
    expect((await a.post(`/api/groups/${other.id}/sessions/${shared.body.id}/join`)).status).toBe(404);
    const joined = await a.post(`/api/groups/${group.id}/sessions/${shared.body.id}/join`);
    expect(joined.status).toBe(200);
    expect(joined.body.role).toBe('candidate');
  });

  it('only a member can share to a group, and only a paired session', async () => {
    const { group } = await groupWith(0);
    const outsider = await registeredAgent(srv.url);
    const res = await outsider.post('/api/sessions', { problemSlug: 'url-shortener', mode: 'paired', role: 'interviewer', groupId: group.id });
    expect(res.status).toBe(404);
    expect(res.body.error.field).toBe('groupId');
    expect((await outsider.get('/api/sessions')).body).toEqual([]);
  });

  it("a slot's session belongs to the slot's group", async () => {
    const { owner, group, members } = await groupWith(1);
    const slot = await owner.post(`/api/groups/${group.id}/slots`, { role: 'candidate', problemSlug: 'url-shortener' });
    const taken = await members[0]!.post(`/api/groups/${group.id}/slots/${slot.body.id}/take`, {});
    expect(taken.status).toBe(201);
    expect(await srv.store.db.selectFrom('sessions').select('group_id').where('id', '=', taken.body.sessionId).executeTakeFirst()).toEqual({ group_id: group.id });
  });

  it('previews say what an invite link joins without joining it', async () => {
    const { owner, group } = await groupWith(0);
    const visitor = await registeredAgent(srv.url);
    const preview = await visitor.get(`/api/groups/preview?code=${group.inviteCode.toLowerCase()}`);
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({ id: group.id, name: 'Pairing club', memberCount: 1, owner: owner.username, member: false });
    expect((await visitor.get(`/api/groups/${group.id}`)).status).toBe(404);
    expect((await visitor.get('/api/groups/preview?code=NOSUCHCODE')).status).toBe(404);

    const session = (await owner.post('/api/sessions', { problemSlug: 'url-shortener', mode: 'paired', role: 'interviewer' })).body;
    const sp = await visitor.get(`/api/sessions/${session.id}/preview?code=${session.inviteCode}`);
    expect(sp.body).toMatchObject({ id: session.id, mode: 'paired', status: 'waiting', host: owner.username, joinsAs: 'candidate', yourRole: null });
    expect((await visitor.get(`/api/sessions/${session.id}/preview?code=${session.observerCode}`)).body.joinsAs).toBe('observer');
    expect((await visitor.get(`/api/sessions/${session.id}/preview?code=WRONG`)).status).toBe(404);
    expect((await visitor.get(`/api/sessions/${session.id}`)).status).toBe(404);
  });
});

describe('a live candidate cannot reach the hints of her own problem through another session', () => {
  it('refuses a seat that reveals hints while she is the candidate of a live session on the problem, and the reverse', async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url, 'rate-limiter');
    // A solo session (she would reveal hints herself) or an interviewer's seat on the same problem.
    const solo = await candidate.post('/api/sessions', { problemSlug: 'rate-limiter', mode: 'solo' });
    expect(solo.status).toBe(409);
    expect(solo.body.error.code).toBe('live_candidate');
    expect((await candidate.post('/api/sessions', { problemSlug: 'rate-limiter', mode: 'paired', role: 'interviewer' })).status).toBe(409);
    const friend = await registeredAgent(srv.url);
    const other = (await friend.post('/api/sessions', { problemSlug: 'rate-limiter', mode: 'paired', role: 'candidate' })).body;
    const join = await candidate.post(`/api/sessions/${other.id}/join`, { inviteCode: other.inviteCode });
    expect(join.status).toBe(409);
    expect(join.body.error.code).toBe('live_candidate');
    // Watching is fine (observers reveal nothing), and so is another problem.
    expect((await candidate.post(`/api/sessions/${other.id}/join`, { inviteCode: other.observerCode })).status).toBe(200);
    expect((await candidate.post('/api/sessions', { problemSlug: 'news-feed', mode: 'solo' })).status).toBe(201);
    // The guide stays closed to her.
    expect((await candidate.get('/api/problems/rate-limiter/guide')).status).toBe(403);

    // The reverse order: an interviewer on the problem cannot become its candidate meanwhile.
    const asCandidate = await interviewer.post('/api/sessions', { problemSlug: 'rate-limiter', mode: 'paired', role: 'candidate' });
    expect(asCandidate.status).toBe(409);
    expect(asCandidate.body.error.code).toBe('live_candidate');
    // Two interviews as candidate reveal nothing to each other.
    const twice = await registeredAgent(srv.url);
    expect((await twice.post('/api/sessions', { problemSlug: 'rate-limiter', mode: 'paired', role: 'candidate' })).status).toBe(201);
    expect((await twice.post('/api/sessions', { problemSlug: 'rate-limiter', mode: 'paired', role: 'candidate' })).status).toBe(201);

    // Once her interview has ended, nothing is left to spoil.
    await endSession(session.id, interviewer);
    expect((await candidate.post('/api/sessions', { problemSlug: 'rate-limiter', mode: 'solo' })).status).toBe(201);
  });
});

describe('open sessions per user', () => {
  it('at most 20 sessions that have not ended: the 21st is 429 too_many_sessions with a message', async () => {
    const user = await registeredAgent(srv.url);
    for (let i = 0; i < 20; i++) {
      expect((await user.post('/api/sessions', { problemSlug: 'url-shortener', mode: i % 2 ? 'solo' : 'paired', role: 'interviewer' })).status).toBe(201);
    }
    const res = await user.post('/api/sessions', { problemSlug: 'url-shortener', mode: 'solo' });
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('too_many_sessions');
    expect(res.body.error.message).toMatch(/20 sessions that have not ended/);
    expect(res.body.error.message).toMatch(/End some/);

    // Taking a group slot counts too, and a refused take leaves the slot open.
    const owner = await registeredAgent(srv.url);
    const group = (await owner.post('/api/groups', { name: 'Busy club' })).body as { id: string; inviteCode: string };
    await user.post('/api/groups/join', { code: group.inviteCode });
    const slot = await owner.post(`/api/groups/${group.id}/slots`, { role: 'interviewer', problemSlug: 'news-feed' });
    const take = await user.post(`/api/groups/${group.id}/slots/${slot.body.id}/take`, {});
    expect(take.status).toBe(429);
    expect(take.body.error.code).toBe('too_many_sessions');
    expect((await owner.get(`/api/groups/${group.id}/board`)).body.slots.map((s: { id: string }) => s.id)).toEqual([slot.body.id]);
    expect(await srv.store.db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).where('created_by', '=', owner.userId).executeTakeFirst()).toEqual({ n: 0 });

    // Ending one makes room.
    const mine = (await user.get('/api/sessions')).body as { id: string }[];
    await endSession(mine[0]!.id, user);
    expect((await user.post('/api/sessions', { problemSlug: 'url-shortener', mode: 'solo' })).status).toBe(201);
  });
});
