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

const full = (score: number, overall = 'hire') => ({
  scores: DIMENSION_IDS.map((dimension) => ({ dimension, score, comment: `${dimension} looked like a ${score}` })),
  overall,
  notes: 'solid',
  status: 'submitted',
});

async function runPhases(base: string, sessionId: string, driver: Agent, actions: string[]) {
  const { s } = await TestSocket.join(base, sessionId, driver.cookie);
  for (const [i, action] of actions.entries()) {
    s.send({ type: 'phase', opId: `ph-${i}-${action}`, action });
    await s.next('ack');
  }
  s.close();
}

describe('scorecards', () => {
  it('are blind while the session runs, and after the end only once your own is submitted or skipped', async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url);
    await runPhases(srv.url, session.id, interviewer, ['start']);

    const draft = await interviewer.put(`/api/sessions/${session.id}/scorecard`, { scores: [{ dimension: 'requirements', score: 3 }], notes: 'draft during the session' });
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ status: 'draft', scorerRole: 'interviewer', subjectId: candidate.userId });
    expect((await interviewer.put(`/api/sessions/${session.id}/scorecard`, full(3))).status).toBe(200);
    expect((await candidate.put(`/api/sessions/${session.id}/scorecard`, full(2, 'no-hire'))).status).toBe(200);

    // Running: each sees only their own.
    for (const [me, other] of [[candidate, interviewer], [interviewer, candidate]] as const) {
      const res = await me.get(`/api/sessions/${session.id}/scorecards`);
      expect(res.body.hidden).toBe('session_running');
      expect(res.body.scorecards.map((c: { scorerId: string }) => c.scorerId)).toEqual([me.userId]);
      expect(JSON.stringify(res.body)).not.toContain(other === interviewer ? 'looked like a 3' : 'looked like a 2');
    }

    await runPhases(srv.url, session.id, interviewer, ['end']);
    const both = await candidate.get(`/api/sessions/${session.id}/scorecards`);
    expect(both.body.hidden).toBeNull();
    expect(both.body.scorecards).toHaveLength(2);
    expect(both.body.scorers.map((s: { status: string }) => s.status).sort()).toEqual(['submitted', 'submitted']);
  });

  it('hides the other card after the end until you submit or skip yours', async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url);
    await runPhases(srv.url, session.id, interviewer, ['start', 'end']);
    await interviewer.put(`/api/sessions/${session.id}/scorecard`, full(4, 'strong-hire'));
    const before = await candidate.get(`/api/sessions/${session.id}/scorecards`);
    expect(before.body.hidden).toBe('submit_or_skip_first');
    expect(before.body.scorecards).toEqual([]);
    expect(before.body.scorers.find((s: { role: string }) => s.role === 'interviewer').status).toBe('submitted');
    await candidate.put(`/api/sessions/${session.id}/scorecard`, { scores: [], status: 'skipped' });
    const after = await candidate.get(`/api/sessions/${session.id}/scorecards`);
    expect(after.body.hidden).toBeNull();
    expect(after.body.scorecards.find((c: { scorerRole: string }) => c.scorerRole === 'interviewer').overall).toBe('strong-hire');
    // The interviewer's view: the candidate skipped, so there is no card content to show but the status.
    const int = await interviewer.get(`/api/sessions/${session.id}/scorecards`);
    expect(int.body.scorers.find((s: { role: string }) => s.role === 'candidate').status).toBe('skipped');
  });

  it('refuses an incomplete submission, observers, strangers and bad scores', async () => {
    const { interviewer, session } = await pairedSession(srv.url);
    const incomplete = await interviewer.put(`/api/sessions/${session.id}/scorecard`, { scores: [{ dimension: 'requirements', score: 3 }], overall: 'hire', status: 'submitted' });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.error.field).toBe('scores');
    for (const bad of [
      { scores: [{ dimension: 'requirements', score: 5 }] },
      { scores: [{ dimension: 'charisma', score: 3 }] },
      { scores: [{ dimension: 'requirements', score: 3 }, { dimension: 'requirements', score: 2 }] },
      { scores: [], overall: 'maybe' },
      { scores: [{ dimension: 'requirements', score: 3, evidence: [{ kind: 'moment' }] }] },
    ]) {
      expect((await interviewer.put(`/api/sessions/${session.id}/scorecard`, bad)).status, JSON.stringify(bad)).toBe(400);
    }
    const watcher = await registeredAgent(srv.url);
    await watcher.post(`/api/sessions/${session.id}/join`, { inviteCode: session.observerCode });
    expect((await watcher.put(`/api/sessions/${session.id}/scorecard`, full(3))).status).toBe(403);
    const stranger = await registeredAgent(srv.url);
    expect((await stranger.put(`/api/sessions/${session.id}/scorecard`, full(3))).status).toBe(404);
    expect((await stranger.get(`/api/sessions/${session.id}/scorecards`)).status).toBe(404);
  });

  it('keeps evidence links with a comment', async () => {
    const { interviewer, session } = await pairedSession(srv.url);
    const evidence = [{ kind: 'moment', ts: 1_700_000_000_000 }, { kind: 'chat', seq: 3, ts: 1_700_000_001_000 }, { kind: 'shape', shapeId: 'lb-1', ts: 1_700_000_002_000 }];
    const res = await interviewer.put(`/api/sessions/${session.id}/scorecard`, { scores: [{ dimension: 'deep-dive', score: 3, comment: 'see the cache talk', evidence }] });
    expect(res.body.scores[0].evidence).toEqual(evidence);
  });
});

describe('progress', () => {
  it('shows scores over time per dimension, time per phase and the weakest dimension', async () => {
    const candidate = await registeredAgent(srv.url);
    const interviewer = await registeredAgent(srv.url);
    for (const [i, slug] of ['url-shortener', 'news-feed', 'rate-limiter'].entries()) {
      const created = await candidate.post('/api/sessions', { problemSlug: slug, mode: 'paired', role: 'candidate' });
      await interviewer.post(`/api/sessions/${created.body.id}/join`, { inviteCode: created.body.inviteCode });
      await runPhases(srv.url, created.body.id, interviewer, ['start', 'next', 'next', 'next', 'end']);
      const scores = DIMENSION_IDS.map((dimension) => ({ dimension, score: dimension === 'estimation' ? 1 : Math.min(4, 2 + i) }));
      await interviewer.put(`/api/sessions/${created.body.id}/scorecard`, { scores, overall: 'hire', status: 'submitted' });
      // The interviewer's scores count in her progress once her own card is final.
      expect((await candidate.put(`/api/sessions/${created.body.id}/scorecard`, { scores: [], status: 'skipped' })).status).toBe(200);
    }
    const res = await candidate.get('/api/me/progress');
    expect(res.status).toBe(200);
    expect(res.body.dimensions['high-level-design'].map((p: { score: number }) => p.score)).toEqual([2, 3, 4]);
    expect(res.body.dimensions.estimation.every((p: { source: string }) => p.source === 'interviewer')).toBe(true);
    expect(res.body.weakest.dimension).toBe('estimation');
    expect(res.body.weakest.problems.length).toBeGreaterThan(0);
    expect(res.body.weakest.problems.map((p: { slug: string }) => p.slug)).not.toContain('url-shortener');
    expect(res.body.phaseTimes.map((p: { id: string }) => p.id)).toEqual(['clarify', 'estimate', 'design', 'deep-dive']);
    expect(res.body.phaseTimes[0].sessions).toBe(3);
    expect(res.body.history).toHaveLength(3);
    // The interviewer's own progress holds no scores about them.
    const other = await interviewer.get('/api/me/progress');
    expect(other.body.dimensions.requirements).toEqual([]);
    expect(other.body.weakest).toBeNull();
  });
});
