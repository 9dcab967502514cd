import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairedSession, registeredAgent, startTestServer, type TestServer } from '../helpers/server';
import { TestSocket } from '../helpers/ws';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.stop();
});

describe('problem library API', () => {
  it('lists at least 15 problems including the three named ones', async () => {
    const u = await registeredAgent(srv.url);
    const res = await u.get('/api/problems');
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThanOrEqual(15);
    const slugs = res.body.map((p: { slug: string }) => p.slug);
    for (const s of ['url-shortener', 'news-feed', 'ride-sharing']) expect(slugs).toContain(s);
    expect(Object.keys(res.body[0]).sort()).toEqual(['difficulty', 'practised', 'slug', 'summary', 'tags', 'title']);
  });

  it('filters by tag, difficulty and text', async () => {
    const u = await registeredAgent(srv.url);
    const hard = await u.get('/api/problems?difficulty=hard');
    expect(hard.body.length).toBeGreaterThan(0);
    expect(hard.body.every((p: { difficulty: string }) => p.difficulty === 'hard')).toBe(true);
    const tagged = await u.get('/api/problems?tag=caching');
    expect(tagged.body.every((p: { tags: string[] }) => p.tags.includes('caching'))).toBe(true);
    const text = await u.get('/api/problems?q=shortener');
    expect(text.body.map((p: { slug: string }) => p.slug)).toContain('url-shortener');
    expect((await u.get('/api/problems?difficulty=impossible')).status).toBe(400);
  });

  it('serves the candidate view without guide content', async () => {
    const u = await registeredAgent(srv.url);
    const view = await u.get('/api/problems/url-shortener');
    expect(view.status).toBe(200);
    expect(view.body.prompt.length).toBeGreaterThan(50);
    const text = JSON.stringify(view.body);
    expect(text).not.toMatch(/Clarifying questions|Reference design|hints|curveballs|signals/);
    expect((await u.get('/api/problems/no-such-problem')).status).toBe(404);
  });

  it('refuses the guide to the candidate of a live session, and opens it after the end', async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url, 'news-feed');
    const refused = await candidate.get('/api/problems/news-feed/guide');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    // The interviewer reads it, and other problems stay open to the candidate.
    const guide = await interviewer.get('/api/problems/news-feed/guide');
    expect(guide.status).toBe(200);
    expect(guide.body.sections.map((s: { id: string }) => s.id)).toEqual([
      'clarifying', 'estimation', 'building-blocks', 'reference-design', 'deep-dives', 'trade-offs', 'pitfalls',
    ]);
    // The reference board (from problems/boards/news-feed.json), level expectations and answer keys ride along.
    const shapes = guide.body.referenceBoard.shapes as { type: string; from?: string; to?: string }[];
    expect(shapes.filter((x) => x.type === 'component').length).toBeGreaterThanOrEqual(6);
    expect(shapes.filter((x) => x.type === 'arrow' && x.from && x.to).length).toBeGreaterThanOrEqual(5);
    expect(Object.keys(guide.body.levels)).toEqual(['mid', 'senior', 'staff']);
    expect(guide.body.curveballs.every((c: { id: string; answer: string }) => c.id && c.answer.length > 80)).toBe(true);
    // References are rendered: the guide is plain Markdown with numbers.
    expect(JSON.stringify(guide.body)).not.toMatch(/\{\{|\{=/);
    expect((await candidate.get('/api/problems/url-shortener/guide')).status).toBe(200);

    await TestSocket.startAndEnd(srv.url, session.id, interviewer.cookie);
    expect((await candidate.get('/api/problems/news-feed/guide')).status).toBe(200);
  });
});

describe('sessions API', () => {
  it('creates a solo session with the problem default phases', async () => {
    const u = await registeredAgent(srv.url);
    const res = await u.post('/api/sessions', { problemSlug: 'url-shortener', mode: 'solo', role: 'interviewer' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ mode: 'solo', role: 'candidate', status: 'waiting', problemSlug: 'url-shortener' });
    expect(res.body.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(res.body.phases.map((p: { id: string }) => p.id)).toEqual(['clarify', 'estimate', 'design', 'deep-dive']);
    const mine = await u.get('/api/sessions');
    expect(mine.body.map((s: { id: string }) => s.id)).toContain(res.body.id);
  });

  it('accepts custom phase durations and refuses bad ones', async () => {
    const u = await registeredAgent(srv.url);
    const phases = [{ id: 'clarify', minutes: 3 }, { id: 'estimate', minutes: 4 }, { id: 'design', minutes: 20 }, { id: 'deep-dive', minutes: 10 }, { id: 'wrap-up', minutes: 5 }];
    const ok = await u.post('/api/sessions', { problemSlug: 'url-shortener', mode: 'paired', role: 'interviewer', phases });
    expect(ok.status).toBe(201);
    expect(ok.body.phases).toEqual(phases);
    for (const bad of [[], [{ id: 'clarify', minutes: 0 }], [{ id: 'nope', minutes: 5 }], [{ id: 'clarify', minutes: 5 }, { id: 'clarify', minutes: 5 }]]) {
      const res = await u.post('/api/sessions', { problemSlug: 'url-shortener', mode: 'paired', phases: bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await u.post('/api/sessions', { problemSlug: 'nope', mode: 'solo' })).status).toBe(404);
  });

  it('gives the joiner the open role, observers their own link, and refuses a third seat', async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url);
    const info = await interviewer.get(`/api/sessions/${session.id}`);
    expect(info.body.role).toBe('interviewer');
    expect(info.body.participants.map((p: { role: string }) => p.role).sort()).toEqual(['candidate', 'interviewer']);

    const third = await registeredAgent(srv.url);
    const full = await third.post(`/api/sessions/${session.id}/join`, { inviteCode: session.inviteCode });
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('session_full');
    const watch = await third.post(`/api/sessions/${session.id}/join`, { inviteCode: session.observerCode });
    expect(watch.status).toBe(200);
    expect(watch.body.role).toBe('observer');
    expect(watch.body.inviteCode).toBeUndefined();
    // Joining again is harmless.
    expect((await candidate.post(`/api/sessions/${session.id}/join`, { inviteCode: session.inviteCode })).body.role).toBe('candidate');
  });

  it('hides sessions from strangers: 404 for the session, its events and a wrong code', async () => {
    const { session } = await pairedSession(srv.url);
    const stranger = await registeredAgent(srv.url);
    expect((await stranger.get(`/api/sessions/${session.id}`)).status).toBe(404);
    expect((await stranger.get(`/api/sessions/${session.id}/events`)).status).toBe(404);
    const wrong = await stranger.post(`/api/sessions/${session.id}/join`, { inviteCode: 'WRONGCODE1' });
    expect(wrong.status).toBe(404);
    expect((await stranger.get('/api/sessions/..%2F..%2Fetc')).status).toBe(400);
    await expect(TestSocket.open(srv.url, session.id, stranger.cookie)).rejects.toMatchObject({ status: 404 });
  });

  it('returns events after a seq for replay, to participants only', async () => {
    const { candidate, session } = await pairedSession(srv.url);
    const { s } = await TestSocket.join(srv.url, session.id, candidate.cookie);
    for (let i = 1; i <= 5; i++) s.send({ type: 'chat', opId: `c${i}`, text: `line ${i}` });
    for (let i = 1; i <= 5; i++) await s.next('ack');
    s.close();
    const all = await candidate.get(`/api/sessions/${session.id}/events`);
    expect(all.body.events.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(all.body.events[0]).toEqual({ seq: 1, ts: expect.any(Number), author: candidate.userId, kind: 'chat', data: { text: 'line 1' } });
    const after = await candidate.get(`/api/sessions/${session.id}/events?after=3`);
    expect(after.body.events.map((e: { seq: number }) => e.seq)).toEqual([4, 5]);
    expect((await candidate.get(`/api/sessions/${session.id}/events?after=-1`)).status).toBe(400);
  });
});
