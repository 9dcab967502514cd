/**
 * Live audio against the real server: WebRTC signalling relayed over the room's sockets (real `ws`
 * clients), microphone state in presence, ICE servers in `welcome`, and call settings (link, consent)
 * reaching the room live.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SIGNAL_BYTES } from '../../shared/protocol';
import { pairedSession, registeredAgent, startTestServer, type TestServer } from '../helpers/server';
import { TestSocket } from '../helpers/ws';

const ICE = [{ urls: 'stun:stun.example.org:3478' }, { urls: ['turns:turn.example.org:5349'], username: 'mockroom', credential: 'secret' }];
let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ ICE_SERVERS: JSON.stringify(ICE) });
});
afterAll(async () => {
  await srv.stop();
});

async function withObserver() {
  const paired = await pairedSession(srv.url);
  const observer = await registeredAgent(srv.url);
  expect((await observer.post(`/api/sessions/${paired.session.id}/join`, { inviteCode: paired.session.observerCode })).status).toBe(200);
  return { ...paired, observer };
}

describe('signalling relay', () => {
  it('relays signal {to, data} as signal {from, data} to every live socket of `to` only, and stores nothing', async () => {
    const { candidate, interviewer, observer, session } = await withObserver();
    const { s: c } = await TestSocket.join(srv.url, session.id, candidate.cookie);
    const { s: i1 } = await TestSocket.join(srv.url, session.id, interviewer.cookie);
    const { s: i2 } = await TestSocket.join(srv.url, session.id, interviewer.cookie);
    const { s: o, welcome } = await TestSocket.join(srv.url, session.id, observer.cookie);
    expect(welcome.iceServers).toEqual(ICE);

    const offer = { description: { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' }, call: 'c1' };
    c.send({ type: 'signal', to: interviewer.userId, data: offer });
    expect(await i1.next('signal')).toEqual({ type: 'signal', from: candidate.userId, data: offer });
    expect(await i2.next('signal')).toEqual({ type: 'signal', from: candidate.userId, data: offer });
    // The observer answers the candidate (observers receive audio, so they signal too).
    o.send({ type: 'signal', to: candidate.userId, data: { candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0' } } });
    expect((await c.next('signal')).from).toBe(observer.userId);
    // A round trip on the candidate's socket proves the others got nothing meanwhile.
    c.send({ type: 'chat', opId: 'sync', text: 'sync' });
    await c.next('ack');
    await o.next('event');
    expect(o.all('signal')).toEqual([]);
    expect(c.all('signal')).toEqual([]);
    expect(i1.all('signal')).toEqual([]);
    // Never stored: the log holds the chat only.
    const events = (await candidate.get(`/api/sessions/${session.id}/events`)).body.events as { kind: string }[];
    expect(events.map((e) => e.kind)).toEqual(['chat']);
    for (const s of [c, i1, i2, o]) s.close();
  });

  it('answers a `to` that is not a participant, an oversized data and a signal before hello with an error frame; the socket stays usable', async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url);
    const stranger = await registeredAgent(srv.url);
    const { s: c } = await TestSocket.join(srv.url, session.id, candidate.cookie);
    const { s: i } = await TestSocket.join(srv.url, session.id, interviewer.cookie);
    c.send({ type: 'signal', to: stranger.userId, data: { candidate: null } });
    expect(await c.next('error')).toMatchObject({ code: 'bad_op', message: expect.stringMatching(/not a participant/) });
    c.send({ type: 'signal', to: interviewer.userId, data: { description: { type: 'offer', sdp: 'x'.repeat(MAX_SIGNAL_BYTES) } } });
    expect(await c.next('error')).toMatchObject({ code: 'bad_frame', message: expect.stringMatching(/64 KiB/) });
    c.send({ type: 'signal', to: interviewer.userId, data: 'not an object' });
    expect((await c.next('error')).code).toBe('bad_frame');
    c.send({ type: 'signal', to: interviewer.userId, data: { ok: 1 } });
    expect((await i.next('signal')).data).toEqual({ ok: 1 });

    const early = await TestSocket.open(srv.url, session.id, interviewer.cookie);
    early.send({ type: 'signal', to: candidate.userId, data: { candidate: null } });
    expect(await early.next('error')).toMatchObject({ code: 'bad_frame', message: 'Send hello first.' });
    for (const s of [c, i, early]) s.close();
  });

  it('rate-limits signal frames like any other', async () => {
    const { candidate, interviewer, session } = await pairedSession(srv.url);
    const { s: c } = await TestSocket.join(srv.url, session.id, candidate.cookie);
    const { s: i } = await TestSocket.join(srv.url, session.id, interviewer.cookie);
    for (let n = 0; n < 260; n++) c.send({ type: 'signal', to: interviewer.userId, data: { n } });
    expect((await c.next('error', (e) => e.code === 'rate_limited')).message).toMatch(/Too many messages/);
    await expect.poll(() => i.all('signal').length).toBeGreaterThan(150);
    expect(i.all('signal').length).toBeLessThan(260);
    c.close();
    i.close();
  });
});

describe('microphone state and call settings', () => {
  it('presence carries each person\'s loudest audio state; an observer may listen but not go live', async () => {
    const { candidate, interviewer, observer, session } = await withObserver();
    const { s: c } = await TestSocket.join(srv.url, session.id, candidate.cookie);
    const { s: i } = await TestSocket.join(srv.url, session.id, interviewer.cookie);
    const { s: o } = await TestSocket.join(srv.url, session.id, observer.cookie);
    const audioAt = async (s: TestSocket, user: string, audio: string) =>
      s.next('presence', (p) => p.participants.some((x) => x.userId === user && x.audio === audio));
    c.send({ type: 'media', audio: 'live' });
    await audioAt(i, candidate.userId, 'live');
    c.send({ type: 'media', audio: 'muted' });
    await audioAt(o, candidate.userId, 'muted');
    o.send({ type: 'media', audio: 'live' });
    expect(await o.next('error')).toMatchObject({ code: 'wrong_role', message: expect.stringMatching(/listen only/) });
    o.send({ type: 'media', audio: 'muted' });
    await audioAt(c, observer.userId, 'muted');
    o.send({ type: 'media', audio: 'loud' });
    expect((await o.next('error')).code).toBe('bad_frame');
    // A closed socket takes its microphone with it.
    c.close();
    await audioAt(i, candidate.userId, 'off');
    i.close();
    o.close();
  });

  it('the call link and recording consent reach the room live; observers may not set them; strangers get 404', async () => {
    const { candidate, interviewer, observer, session } = await withObserver();
    const stranger = await registeredAgent(srv.url);
    const { s: c, welcome } = await TestSocket.join(srv.url, session.id, candidate.cookie);
    expect(welcome.call).toEqual({ link: null, recording: { active: false, consented: [] } });

    const link = await interviewer.put(`/api/sessions/${session.id}/call-link`, { link: 'https://meet.jit.si/mockroom-practice' });
    expect(link.status).toBe(200);
    expect((await c.next('call')).link).toBe('https://meet.jit.si/mockroom-practice');
    const bad = await interviewer.put(`/api/sessions/${session.id}/call-link`, { link: 'javascript:alert(1)' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/http\(s\) link/);

    expect((await candidate.post(`/api/sessions/${session.id}/consent`, { record: true })).body.recording).toEqual({ active: false, consented: [candidate.userId] });
    expect((await c.next('call')).recording).toEqual({ active: false, consented: [candidate.userId] });
    expect((await interviewer.post(`/api/sessions/${session.id}/consent`, { record: true })).body.recording.active).toBe(true);
    expect((await c.next('call')).recording.active).toBe(true);
    // A newcomer sees it in the welcome.
    const { s: i, welcome: w2 } = await TestSocket.join(srv.url, session.id, interviewer.cookie);
    expect(w2.call).toMatchObject({ link: 'https://meet.jit.si/mockroom-practice', recording: { active: true } });
    // Withdrawing stops it for everyone.
    await interviewer.post(`/api/sessions/${session.id}/consent`, { record: false });
    expect((await i.next('call')).recording).toEqual({ active: false, consented: [candidate.userId] });

    const obs = await observer.post(`/api/sessions/${session.id}/consent`, { record: true });
    expect(obs.status).toBe(403);
    expect(obs.body.error.code).toBe('wrong_role');
    expect((await observer.put(`/api/sessions/${session.id}/call-link`, { link: null })).status).toBe(403);
    expect((await stranger.post(`/api/sessions/${session.id}/consent`, { record: true })).status).toBe(404);
    expect((await stranger.put(`/api/sessions/${session.id}/call-link`, { link: null })).status).toBe(404);
    expect((await stranger.get(`/api/sessions/${session.id}/call`)).status).toBe(404);
    expect((await observer.get(`/api/sessions/${session.id}/call`)).body.link).toBe('https://meet.jit.si/mockroom-practice');
    c.close();
    i.close();
  });
});
