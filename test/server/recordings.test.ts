/** Recorded mocks over HTTP: consent, chunk uploads (idempotent, bounded), listing, Range reads, deletion, roles. */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CHUNK_BYTES, MAX_TRACK_BYTES, MAX_TRACK_MINUTES, MAX_TRACKS_PER_USER } from '../../shared/api';
import { pairedSession, registeredAgent, startTestServer, type Agent, type TestServer } from '../helpers/server';
import { TestSocket } from '../helpers/ws';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.stop();
});

/** Raw bytes with a content type (the Agent's JSON helper cannot send binary). */
async function putChunk(agent: Agent, sessionId: string, trackId: string, n: number | string, body: Uint8Array, type = 'audio/webm;codecs=opus', query = '') {
  const res = await fetch(`${srv.url}/api/sessions/${sessionId}/recordings/${trackId}/chunks/${n}${query}`, {
    method: 'PUT',
    headers: { cookie: agent.cookie, 'content-type': type },
    body: body as BodyInit,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function getTrack(agent: Agent, sessionId: string, trackId: string, range?: string) {
  const res = await fetch(`${srv.url}/api/sessions/${sessionId}/recordings/${trackId}`, { headers: { cookie: agent.cookie, ...(range ? { range } : {}) } });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/**
 * An oversized upload over plain node:http: the server answers 413 from Content-Length without
 * reading the body and closes, which fetch reports as a failed request rather than the response.
 */
function putOversized(agent: Agent, path: string, size: number): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`${srv.url}${path}`, { method: 'PUT', headers: { cookie: agent.cookie, 'content-type': 'audio/webm', 'content-length': size } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
    req.end(Buffer.alloc(size, 1));
  });
}

const bytes = (fill: number, n: number) => new Uint8Array(n).fill(fill);

async function consented() {
  const p = await pairedSession(srv.url);
  expect((await p.candidate.post(`/api/sessions/${p.session.id}/consent`, { record: true })).status).toBe(200);
  expect((await p.interviewer.post(`/api/sessions/${p.session.id}/consent`, { record: true })).body.recording.active).toBe(true);
  return p;
}

describe('consent', () => {
  it('refuses chunks with 409 no_consent until both the candidate and the interviewer consented, and again after one withdraws', async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url);
    const up = () => putChunk(candidate, session.id, 'track-consent-1', 0, bytes(1, 100));
    expect((await up()).body.error.code).toBe('no_consent');
    expect((await up()).status).toBe(409);
    await candidate.post(`/api/sessions/${session.id}/consent`, { record: true });
    expect((await up()).body.error).toMatchObject({ code: 'no_consent', message: expect.stringMatching(/both the candidate and the interviewer/) });
    await interviewer.post(`/api/sessions/${session.id}/consent`, { record: true });
    expect((await up()).status).toBe(201);
    await interviewer.post(`/api/sessions/${session.id}/consent`, { record: false });
    expect((await putChunk(candidate, session.id, 'track-consent-1', 1, bytes(2, 100))).status).toBe(409);
    const bad = await candidate.post(`/api/sessions/${session.id}/consent`, { record: 'yes' });
    expect(bad.status).toBe(400);
  });

  it('a solo candidate records herself with her own consent', async () => {
    const me = await registeredAgent(srv.url);
    const s = (await me.post('/api/sessions', { problemSlug: 'url-shortener', mode: 'solo' })).body;
    expect((await me.post(`/api/sessions/${s.id}/consent`, { record: true })).body.recording.active).toBe(true);
    expect((await putChunk(me, s.id, 'solo-track-1', 0, bytes(3, 10))).status).toBe(201);
  });

  it('after the end nobody can turn recording on (409 session_ended); withdrawing still works', async () => {
    const { candidate, interviewer, session } = await consented();
    await TestSocket.startAndEnd(srv.url, session.id, interviewer.cookie);
    expect((await candidate.post(`/api/sessions/${session.id}/consent`, { record: false })).body.recording.active).toBe(false);
    const again = await candidate.post(`/api/sessions/${session.id}/consent`, { record: true });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'session_ended', message: expect.stringMatching(/ended/) });
    expect((await interviewer.get(`/api/sessions/${session.id}/call`)).body.recording.consented).not.toContain(candidate.userId);
  });
});

describe('chunks', () => {
  it('stores chunks idempotently per n, lists tracks with their server times, and serves them concatenated with Range support', async () => {
    const { candidate, interviewer, session } = await consented();
    const started = Date.now() - 5_000;
    expect((await putChunk(candidate, session.id, 'cand-track-1', 0, bytes(0xa, 1000), 'audio/webm;codecs=opus', `?startedAt=${started}`)).status).toBe(201);
    // Out of order, then a retry of the same chunk after a "network drop".
    expect((await putChunk(candidate, session.id, 'cand-track-1', 2, bytes(0xc, 500))).status).toBe(201);
    expect((await putChunk(candidate, session.id, 'cand-track-1', 1, bytes(0xb, 700))).status).toBe(201);
    const again = await putChunk(candidate, session.id, 'cand-track-1', 1, bytes(0xb, 700));
    expect(again).toEqual({ status: 200, body: { trackId: 'cand-track-1', n: 1, bytes: 700, duplicate: true } });
    const different = await putChunk(candidate, session.id, 'cand-track-1', 1, bytes(0xd, 700));
    expect(different.status).toBe(409);
    expect(different.body.error.code).toBe('conflict');
    expect((await putChunk(interviewer, session.id, 'intv-track-1', 0, bytes(0xe, 300), 'audio/ogg')).status).toBe(201);

    const list = (await interviewer.get(`/api/sessions/${session.id}/recordings`)).body as { trackId: string; userId: string; startedAt: number; endedAt: number; chunks: number; bytes: number; mime: string }[];
    expect(list.map((t) => [t.trackId, t.userId, t.chunks, t.bytes, t.mime])).toEqual([
      ['cand-track-1', candidate.userId, 3, 2200, 'audio/webm;codecs=opus'],
      ['intv-track-1', interviewer.userId, 1, 300, 'audio/ogg'],
    ]);
    expect(list[0]!.startedAt).toBe(started);
    expect(list[0]!.endedAt).toBeGreaterThanOrEqual(started);

    const whole = await getTrack(interviewer, session.id, 'cand-track-1');
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('audio/webm;codecs=opus');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.bytes).toEqual(new Uint8Array([...bytes(0xa, 1000), ...bytes(0xb, 700), ...bytes(0xc, 500)]));
    // A range across the chunk boundary, an open-ended one and a suffix.
    const mid = await getTrack(interviewer, session.id, 'cand-track-1', 'bytes=998-1001');
    expect(mid.status).toBe(206);
    expect(mid.headers.get('content-range')).toBe('bytes 998-1001/2200');
    expect([...mid.bytes]).toEqual([0xa, 0xa, 0xb, 0xb]);
    const tail = await getTrack(interviewer, session.id, 'cand-track-1', 'bytes=2000-');
    expect(tail.headers.get('content-range')).toBe('bytes 2000-2199/2200');
    expect(tail.bytes).toEqual(bytes(0xc, 200));
    const suffix = await getTrack(interviewer, session.id, 'cand-track-1', 'bytes=-3');
    expect(suffix.bytes).toEqual(bytes(0xc, 3));
    const outside = await getTrack(interviewer, session.id, 'cand-track-1', 'bytes=5000-');
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe('bytes */2200');
  });

  it('refuses bad types, empty and oversized bodies, bad ids and other people\'s tracks', async () => {
    const { candidate, interviewer, session } = await consented();
    const other = await consented();
    expect((await putChunk(candidate, session.id, 'typed-track-1', 0, bytes(1, 10), 'application/json')).status).toBe(415);
    expect((await putChunk(candidate, session.id, 'typed-track-1', 0, bytes(1, 10), 'audio/mpeg')).body.error.code).toBe('unsupported_media_type');
    expect((await putChunk(candidate, session.id, 'typed-track-1', 0, new Uint8Array(0))).status).toBe(400);
    const big = await putOversized(candidate, `/api/sessions/${session.id}/recordings/typed-track-1/chunks/0`, MAX_CHUNK_BYTES + 1);
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/1 MiB/) });
    // Exactly 1 MiB is fine: the JSON body limit of 64 KiB does not apply to this route.
    expect((await putChunk(candidate, session.id, 'typed-track-1', 0, bytes(1, MAX_CHUNK_BYTES))).status).toBe(201);
    expect((await putChunk(candidate, session.id, 'typed-track-1', 1, bytes(1, 10), 'audio/ogg')).status).toBe(415);
    expect((await putChunk(candidate, session.id, 'bad', 0, bytes(1, 10))).status).toBe(400);
    expect((await putChunk(candidate, session.id, 'typed-track-1', -1, bytes(1, 10))).status).toBe(400);
    // The interviewer cannot write into the candidate's track; another session cannot see it at all.
    const theirs = await putChunk(interviewer, session.id, 'typed-track-1', 5, bytes(1, 10));
    expect(theirs.status).toBe(403);
    expect((await putChunk(other.candidate, other.session.id, 'typed-track-1', 5, bytes(1, 10))).status).toBe(404);
    expect((await getTrack(other.candidate, other.session.id, 'typed-track-1')).status).toBe(404);
  });

  it('refuses a track past 90 minutes, and a person past the track budget', async () => {
    const { candidate, session } = await consented();
    expect((await putChunk(candidate, session.id, 'long-track-1', 0, bytes(1, 10))).status).toBe(201);
    // A track that started 90 minutes and a second ago (by the server's clock, which is what counts).
    await srv.store.db.updateTable('recording_tracks').set({ started_at: Date.now() - MAX_TRACK_MINUTES * 60_000 - 1000 }).where('id', '=', 'long-track-1').execute();
    const late = await putChunk(candidate, session.id, 'long-track-1', 1, bytes(1, 10));
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'budget_exceeded', message: expect.stringMatching(/90 minutes/) });
    // The byte bound proportional to 90 minutes at the target bitrate.
    expect((await putChunk(candidate, session.id, 'full-track-1', 0, bytes(1, 10))).status).toBe(201);
    await srv.store.db.updateTable('recording_tracks').set({ bytes: MAX_TRACK_BYTES - 5 }).where('id', '=', 'full-track-1').execute();
    const full = await putChunk(candidate, session.id, 'full-track-1', 1, bytes(1, 10));
    expect(full.status).toBe(409);
    expect(full.body.error).toMatchObject({ code: 'budget_exceeded', message: expect.stringMatching(/MB budget/) });
    for (let i = 2; i < MAX_TRACKS_PER_USER; i++) expect((await putChunk(candidate, session.id, `many-track-${i}`, 0, bytes(1, 1))).status).toBe(201);
    const over = await putChunk(candidate, session.id, 'many-track-x', 0, bytes(1, 1));
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('budget_exceeded');
  });
});

describe('who may do what', () => {
  it('participants list and listen, observers may not record or delete, strangers get 404 everywhere; any seated participant deletes all tracks', async () => {
    const { candidate, interviewer, session } = await consented();
    const observer = await registeredAgent(srv.url);
    await observer.post(`/api/sessions/${session.id}/join`, { inviteCode: session.observerCode });
    const stranger = await registeredAgent(srv.url);
    await putChunk(candidate, session.id, 'del-track-c', 0, bytes(1, 10));
    await putChunk(interviewer, session.id, 'del-track-i', 0, bytes(2, 10));

    const obsUp = await putChunk(observer, session.id, 'obs-track-1', 0, bytes(1, 10));
    expect(obsUp.status).toBe(403);
    expect(obsUp.body.error.code).toBe('wrong_role');
    expect((await observer.get(`/api/sessions/${session.id}/recordings`)).body).toHaveLength(2);
    expect((await getTrack(observer, session.id, 'del-track-c')).status).toBe(200);
    expect((await observer.req('DELETE', `/api/sessions/${session.id}/recordings`)).status).toBe(403);

    expect((await stranger.get(`/api/sessions/${session.id}/recordings`)).status).toBe(404);
    expect((await getTrack(stranger, session.id, 'del-track-c')).status).toBe(404);
    expect((await putChunk(stranger, session.id, 'str-track-1', 0, bytes(1, 10))).status).toBe(404);
    expect((await stranger.req('DELETE', `/api/sessions/${session.id}/recordings`)).status).toBe(404);
    const anon = await fetch(`${srv.url}/api/sessions/${session.id}/recordings`);
    expect(anon.status).toBe(401);

    // Cross-origin writes are refused like every other write.
    const cross = await fetch(`${srv.url}/api/sessions/${session.id}/recordings/x-track-01/chunks/0`, {
      method: 'PUT',
      headers: { cookie: candidate.cookie, 'content-type': 'audio/webm', origin: 'https://evil.example' },
      body: bytes(1, 10),
    });
    expect(cross.status).toBe(403);

    const del = await interviewer.req('DELETE', `/api/sessions/${session.id}/recordings`);
    expect(del.body).toEqual({ ok: true, deleted: 2 });
    expect((await candidate.get(`/api/sessions/${session.id}/recordings`)).body).toEqual([]);
    expect((await getTrack(candidate, session.id, 'del-track-c')).status).toBe(404);
  });
});
