/**
 * Practice that counts, against the real server: the candidate's estimates stay hers while live, the
 * estimate check, curveballs (by the interviewer, and by a solo room at their minute on a fake
 * clock), structured notes, and the rematch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReferenceResults, computeEstimate } from '../../shared/estimate';
import type { ProblemGuide } from '../../shared/problem';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/logger';
import { startServer, type RunningServer } from '../../server/server';
import { pairedSession, registeredAgent, ROOT, type Agent } from '../helpers/server';
import { TestSocket } from '../helpers/ws';

/** A server whose clock the test moves. */
let clock = Date.UTC(2026, 10, 30, 18, 0, 0);
let srv: RunningServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'mockroom-practice-'));
  const config = loadConfig(
    { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SCRYPT_LOG2N: '10', LOG_LEVEL: 'silent', PROBLEMS_DIR: join(ROOT, 'problems'), WEB_DIR: join(ROOT, 'dist/web') },
    ROOT,
  );
  srv = await startServer(config, { log: createLogger('silent'), now: () => clock });
});
afterAll(async () => {
  await srv.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function guideOf(agent: Agent, slug = 'url-shortener'): Promise<ProblemGuide> {
  return (await agent.get(`/api/problems/${slug}/guide`)).body as ProblemGuide;
}

describe('estimates are the candidate’s own while the session runs', () => {
  it('no frame or response she receives carries a figure computed from assumptions or a reference value', async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url);
    const guide = await guideOf(interviewer);
    const cand = await TestSocket.join(srv.url, session.id, candidate.cookie);
    const int = await TestSocket.join(srv.url, session.id, interviewer.cookie);
    int.s.send({ type: 'phase', opId: 'start', action: 'start' });
    await int.s.next('ack');
    const inputs = { dau: 123_000_000, readsPerUserPerDay: 17, writesPerUserPerDay: 0.3, peakFactor: 2.5, readSizeBytes: 700, writeSizeBytes: 900 };
    cand.s.send({ type: 'estimate', opId: 'e1', inputs });
    cand.s.send({ type: 'estimate', opId: 'e2', figures: { writeQps: 400, peakReadQps: 60_000 } });
    int.s.send({ type: 'chat', opId: 'c1', text: 'Walk me through the peak.' });
    await cand.s.next('ack', (a) => a.opId === 'e2');
    await cand.s.next('event', (e) => e.kind === 'chat');

    const http = [
      JSON.stringify((await candidate.get('/api/problems/url-shortener')).body),
      JSON.stringify((await candidate.get(`/api/sessions/${session.id}`)).body),
    ];
    const received = [...cand.s.frames.map((f) => JSON.stringify(f)), JSON.stringify(await candidate.get(`/api/sessions/${session.id}/events`)), ...http].join('\n');
    const computedFromHers = Object.values(computeEstimate(inputs)).filter((v) => Number.isFinite(v));
    const references = checkReferenceResults(guide.estimation.assumptions, guide.estimation.results).flatMap((r) => [r.stated, r.computed]);
    // Numbers of four digits or more: short ones ("100", "1.04") occur in any text by chance.
    const leaks = [...computedFromHers, ...references].filter((v) => Math.abs(v) >= 1000).filter((v) => {
      const forms = new Set([String(v), String(Math.round(v)), v.toFixed(1), v.toFixed(2)]);
      return [...forms].some((f) => new RegExp(`(?<![\\d.])${f.replace('.', '\\.')}(?![\\d])`).test(received));
    });
    expect(leaks).toEqual([]);
    // Her own figures do come back to her, as typed.
    expect(received).toContain('"writeQps":400');
    // The problem view names the figures to estimate, without values.
    const view = (await candidate.get('/api/problems/url-shortener')).body as { estimateFigures: { key: string; label: string; unit: string }[] };
    expect(view.estimateFigures.map((f) => f.key)).toEqual(guide.estimation.results.map((r) => r.key));
    expect(Object.keys(view.estimateFigures[0]!).sort()).toEqual(['key', 'label', 'unit']);
    cand.s.close();
    int.s.close();
  });

  it('the estimate check: live for the interviewer, 403 for candidate and observer until the end, 404 for strangers', async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url);
    const observer = await registeredAgent(srv.url);
    await observer.post(`/api/sessions/${session.id}/join`, { inviteCode: session.observerCode });
    const stranger = await registeredAgent(srv.url);
    const guide = await guideOf(interviewer);
    const [first, second] = guide.estimation.results;
    const cand = await TestSocket.join(srv.url, session.id, candidate.cookie);
    const int = await TestSocket.join(srv.url, session.id, interviewer.cookie);
    int.s.send({ type: 'phase', opId: 'start', action: 'start' });
    await int.s.next('ack');
    // First figure exact, second 100x too big; the rest missing.
    cand.s.send({ type: 'estimate', opId: 'e', figures: { [first!.key]: first!.value, [second!.key]: second!.value * 100 } });
    await cand.s.next('ack');

    const live = await interviewer.get(`/api/sessions/${session.id}/estimate-check`);
    expect(live.status).toBe(200);
    const figures = (live.body as { figures: { key: string; verdict: string; yours: number | null; reference: number; ratio: number | null }[] }).figures;
    expect(figures[0]).toMatchObject({ key: first!.key, verdict: 'close', yours: first!.value, reference: first!.value, ratio: 1 });
    expect(figures[1]).toMatchObject({ key: second!.key, verdict: 'way-off', ratio: 100 });
    expect(figures.slice(2).every((f) => f.verdict === 'missing' && f.yours === null)).toBe(true);

    for (const who of [candidate, observer]) {
      const r = await who.get(`/api/sessions/${session.id}/estimate-check`);
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ error: { code: 'forbidden' } });
    }
    expect((await stranger.get(`/api/sessions/${session.id}/estimate-check`)).status).toBe(404);

    int.s.send({ type: 'phase', opId: 'end', action: 'end' });
    await int.s.next('ack', (a) => a.opId === 'end');
    const after = await candidate.get(`/api/sessions/${session.id}/estimate-check`);
    expect(after.status).toBe(200);
    expect((after.body as { accuracy: number }).accuracy).toBeCloseTo(1 / guide.estimation.results.length, 5);
    expect((await observer.get(`/api/sessions/${session.id}/estimate-check`)).status).toBe(200);
    cand.s.close();
    int.s.close();
  });
});

describe('curveballs', () => {
  it('only the interviewer delivers one; the server fills its text; candidate and observer get wrong_role', async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url);
    const guide = await guideOf(interviewer);
    const cb = guide.curveballs[0]!;
    const cand = await TestSocket.join(srv.url, session.id, candidate.cookie);
    const int = await TestSocket.join(srv.url, session.id, interviewer.cookie);
    int.s.send({ type: 'phase', opId: 'start', action: 'start' });
    await int.s.next('ack');
    cand.s.send({ type: 'curveball', opId: 'c1', id: cb.id });
    expect(await cand.s.next('error')).toMatchObject({ code: 'wrong_role', opId: 'c1' });
    int.s.send({ type: 'curveball', opId: 'c2', id: cb.id });
    const ack = await int.s.next('ack', (a) => a.opId === 'c2');
    expect(ack.event).toMatchObject({ kind: 'curveball', data: { id: cb.id, text: cb.text, phase: 'clarify' } });
    const ev = await cand.s.next('event', (e) => e.kind === 'curveball');
    expect(ev.data).toEqual(ack.event.data);
    // The answer key never travels in the room.
    expect(JSON.stringify(cand.s.frames) + JSON.stringify(ev)).not.toContain(cb.answer.slice(0, 40));
    int.s.send({ type: 'curveball', opId: 'c3', id: cb.id });
    expect(await int.s.next('error')).toMatchObject({ code: 'bad_op', opId: 'c3' });
    cand.s.close();
    int.s.close();
  });

  it('a solo room delivers each curveball at its minute of active time, on the server’s clock', async () => {
    const me = await registeredAgent(srv.url);
    const created = await me.post('/api/sessions', { problemSlug: 'url-shortener', mode: 'solo' });
    const id = (created.body as { id: string }).id;
    expect((await me.get('/api/problems/url-shortener/guide')).status).toBe(403); // she is its live candidate
    const curveballs = (await guideOf(await registeredAgent(srv.url))).curveballs;
    const { s } = await TestSocket.join(srv.url, id, me.cookie);
    s.send({ type: 'curveball', opId: 'mine', id: 'anything' });
    expect(await s.next('error')).toMatchObject({ code: 'wrong_role' });
    s.send({ type: 'phase', opId: 'start', action: 'start' });
    await s.next('ack');
    const started = clock;
    const first = Math.min(...curveballs.map((c) => c.minute));
    clock = started + first * 60_000 - 1_000;
    srv.hub.tick();
    await srv.hub.flush();
    clock = started + first * 60_000;
    srv.hub.tick();
    const ev = await s.next('event', (e) => e.kind === 'curveball');
    expect(ev).toMatchObject({ author: 'room', data: { phase: expect.any(String) } });
    const dueIds = curveballs.filter((c) => c.minute === first).map((c) => c.id);
    expect(dueIds).toContain((ev.data as { id: string }).id);
    // Ticking again delivers nothing twice.
    srv.hub.tick();
    await srv.hub.flush();
    s.send({ type: 'chat', opId: 'probe', text: 'ok' });
    await s.next('ack', (a) => a.opId === 'probe');
    const all = (await me.get(`/api/sessions/${id}/events`)).body as { events: { kind: string; author: string }[] };
    expect(all.events.filter((e) => e.kind === 'curveball')).toHaveLength(dueIds.length);
    s.close();
  });
});

describe('notes', () => {
  it('the candidate writes them, everyone reads them live, the last writer wins per section', async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url);
    const cand = await TestSocket.join(srv.url, session.id, candidate.cookie);
    const int = await TestSocket.join(srv.url, session.id, interviewer.cookie);
    int.s.send({ type: 'notes', opId: 'n0', section: 'api', text: 'not mine to write' });
    expect(await int.s.next('error')).toMatchObject({ code: 'wrong_role', opId: 'n0' });
    cand.s.send({ type: 'notes', opId: 'n1', section: 'api', text: 'POST /urls {long} -> {code}' });
    cand.s.send({ type: 'notes', opId: 'n2', section: 'data-model', text: 'urls(code PK, long, created_at)' });
    cand.s.send({ type: 'notes', opId: 'n3', section: 'api', text: 'POST /urls {long} -> {code}\nGET /:code -> 302' });
    await cand.s.next('ack', (a) => a.opId === 'n3');
    const seen = [];
    for (let i = 0; i < 3; i++) seen.push(await int.s.next('event', (e) => e.kind === 'notes'));
    expect(seen.map((e) => (e.data as { section: string }).section)).toEqual(['api', 'data-model', 'api']);
    cand.s.send({ type: 'notes', opId: 'big', section: 'functional', text: 'x'.repeat(20_001) });
    expect(await cand.s.next('error')).toMatchObject({ code: 'bad_frame', opId: 'big' });
    const late = await TestSocket.join(srv.url, session.id, interviewer.cookie);
    expect(late.welcome.state.notes).toEqual({ api: 'POST /urls {long} -> {code}\nGET /:code -> 302', 'data-model': 'urls(code PK, long, created_at)' });
    for (const x of [cand.s, int.s, late.s]) x.close();
  });
});

describe('rematch', () => {
  it('swaps the roles on a problem neither has met and seats both', async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url);
    expect((await interviewer.post(`/api/sessions/${session.id}/rematch`)).status).toBe(409); // not ended
    const int = await TestSocket.join(srv.url, session.id, interviewer.cookie);
    int.s.send({ type: 'phase', opId: 'start', action: 'start' });
    int.s.send({ type: 'phase', opId: 'end', action: 'end' });
    await int.s.next('ack', (a) => a.opId === 'end');
    int.s.close();
    const r = await interviewer.post(`/api/sessions/${session.id}/rematch`);
    expect(r.status).toBe(201);
    const body = r.body as { id: string; problemSlug: string; role: string; peer: { userId: string; role: string } };
    expect(body).toMatchObject({ role: 'candidate', peer: { userId: candidate.userId, role: 'interviewer' } });
    expect(body.problemSlug).not.toBe('url-shortener');
    const info = (await candidate.get(`/api/sessions/${body.id}`)).body as { role: string; participants: { userId: string; role: string }[] };
    expect(info.role).toBe('interviewer');
    expect(info.participants.map((p) => p.role).sort()).toEqual(['candidate', 'interviewer']);
    // A problem the new candidate met is refused by name.
    const again = await candidate.post(`/api/sessions/${session.id}/rematch`, { problemSlug: 'url-shortener' });
    expect(again.status).toBe(409); // its new candidate would be the old interviewer, who has seen url-shortener's guide
    expect(again.body).toMatchObject({ error: { field: 'problemSlug' } });
  });
});
