/**
 * Live audio in Chromium with a fake microphone: two contexts call each other over loopback host
 * candidates (no STUN), bytes flow and stop on mute; then a recorded mock replays with audio in the
 * review, the audio following the scrubber.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { FAKE_MEDIA_ARGS, newPage, registerViaUi, serverAndBrowser, uniqueName } from '../helpers/browser';

const env = serverAndBrowser({}, FAKE_MEDIA_ARGS);

/** The state of our one peer connection and the audio bytes it received, read through the debug hook. */
function peerStats(page: Page): Promise<{ state: string | null; bytes: number }> {
  return page.evaluate(async () => {
    const hook = (window as unknown as { __mockroomAudio?: { peers(): Record<string, RTCPeerConnection> } }).__mockroomAudio;
    const pc = hook ? Object.values(hook.peers())[0] : undefined;
    if (!pc) return { state: null, bytes: 0 };
    let bytes = 0;
    (await pc.getStats()).forEach((s: { type: string; kind?: string; bytesReceived?: number }) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') bytes += s.bytesReceived ?? 0;
    });
    return { state: pc.connectionState, bytes };
  });
}

/** Bytes received since the previous call: polled at a fixed interval, 0 means the flow stopped. */
function byteDelta(page: Page): () => Promise<number> {
  let last = -1;
  return async () => {
    const { bytes } = await peerStats(page);
    const delta = last < 0 ? Infinity : bytes - last;
    last = bytes;
    return delta;
  };
}

async function pairInRoom() {
  const cand = await newPage(env.browser, env.srv.url);
  const int = await newPage(env.browser, env.srv.url);
  for (const p of [cand, int]) await p.ctx.grantPermissions(['microphone']);
  await registerViaUi(cand.page, uniqueName('ac'), undefined, 'Cora');
  await registerViaUi(int.page, uniqueName('ai'), undefined, 'Ines');
  const s = await cand.page.evaluate(async () => (await (await fetch('/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ problemSlug: 'url-shortener', mode: 'paired', role: 'candidate' }) })).json()));
  await cand.page.goto(`/sessions/${s.id}/room`);
  await int.page.goto(`/join/${s.id}?code=${s.inviteCode}`);
  await int.page.getByRole('button', { name: 'Join as interviewer' }).click();
  await int.page.getByTestId('my-role').waitFor();
  await cand.page.getByText(/Waiting for your interviewer/).waitFor({ state: 'detached' });
  return { cand, int, sessionId: s.id as string };
}

it('two participants connect audio peer to peer; bytes flow, stop on mute (M) and flow again on unmute', async () => {
  const { cand, int } = await pairInRoom();
  // Nothing asks for the microphone before "Join audio".
  expect(await peerStats(cand.page)).toEqual({ state: null, bytes: 0 });
  await cand.page.getByTestId('join-audio').click();
  await int.page.getByTestId('join-audio').click();
  await int.page.getByTestId('mute').waitFor();

  await expect.poll(async () => (await peerStats(cand.page)).state, { timeout: 15_000 }).toBe('connected');
  await expect.poll(async () => (await peerStats(int.page)).state, { timeout: 15_000 }).toBe('connected');
  const flowing = byteDelta(cand.page);
  await flowing();
  await expect.poll(flowing, { timeout: 10_000, interval: 500 }).toBeGreaterThan(0);
  // Both see each other live in the header.
  await cand.page.locator('.presence li[data-audio="live"]').nth(1).waitFor();

  // M while typing in the chat types an "m"; it does not mute.
  await int.page.getByRole('tab', { name: /Chat/ }).click();
  await int.page.getByLabel('Message', { exact: true }).fill('');
  await int.page.getByLabel('Message', { exact: true }).press('m');
  expect(await int.page.getByLabel('Message', { exact: true }).inputValue()).toBe('m');
  expect(await int.page.getByTestId('mute').getAttribute('aria-pressed')).toBe('false');

  // M elsewhere mutes: the candidate sees it, and no audio bytes arrive any more.
  await int.page.locator('.room-title h1').click();
  await int.page.keyboard.press('m');
  expect(await int.page.getByTestId('mute').getAttribute('aria-pressed')).toBe('true');
  const muted = cand.page.locator('.presence li[data-audio="muted"]');
  await muted.waitFor();
  expect(await muted.textContent()).toContain('Ines');
  const stopped = byteDelta(cand.page);
  await stopped();
  await expect.poll(stopped, { timeout: 10_000, interval: 1000 }).toBe(0);
  // The interviewer still hears the candidate.
  const other = byteDelta(int.page);
  await other();
  await expect.poll(other, { timeout: 10_000, interval: 500 }).toBeGreaterThan(0);

  await int.page.getByTestId('mute').click();
  const again = byteDelta(cand.page);
  await again();
  await expect.poll(again, { timeout: 10_000, interval: 500 }).toBeGreaterThan(0);

  // A network change: ICE restarts (whichever side noticed it), with new credentials, and audio flows on.
  for (const page of [cand.page, int.page]) {
    const ufrag = () =>
      cand.page.evaluate(() => {
        const hook = (window as unknown as { __mockroomAudio: { peers(): Record<string, RTCPeerConnection> } }).__mockroomAudio;
        return /a=ice-ufrag:(\S+)/.exec(Object.values(hook.peers())[0]!.remoteDescription!.sdp)![1];
      });
    const before = await ufrag();
    await page.evaluate(() => {
      const hook = (window as unknown as { __mockroomAudio: { peers(): Record<string, RTCPeerConnection>; restartIce(id: string): void } }).__mockroomAudio;
      hook.restartIce(Object.keys(hook.peers())[0]!);
    });
    await expect.poll(ufrag, { timeout: 10_000 }).not.toBe(before);
    await expect.poll(async () => (await peerStats(cand.page)).state, { timeout: 15_000 }).toBe('connected');
    const after = byteDelta(cand.page);
    await after();
    await expect.poll(after, { timeout: 10_000, interval: 500 }).toBeGreaterThan(0);
  }

  // Leaving closes the connection on both sides.
  await int.page.getByRole('button', { name: 'Leave audio' }).click();
  await expect.poll(async () => (await peerStats(cand.page)).state, { timeout: 10_000 }).toBe(null);
  // Joining again after a reload builds a fresh connection; the old one's late signals are ignored.
  await int.page.reload();
  await int.page.getByTestId('join-audio').click();
  await expect.poll(async () => (await peerStats(cand.page)).state, { timeout: 15_000 }).toBe('connected');
  const back = byteDelta(cand.page);
  await back();
  await expect.poll(back, { timeout: 10_000, interval: 500 }).toBeGreaterThan(0);
  expect(cand.errors).toEqual([]);
  expect(int.errors).toEqual([]);
  await cand.ctx.close();
  await int.ctx.close();
});

it('a recorded paired mock replays with both tracks in the review; the audio follows the scrubber', async () => {
  const { cand, int, sessionId } = await pairInRoom();
  await int.page.getByRole('button', { name: 'Start interview' }).click();
  await cand.page.getByTestId('join-audio').click();
  await int.page.getByTestId('join-audio').click();
  await expect.poll(async () => (await peerStats(cand.page)).state, { timeout: 15_000 }).toBe('connected');

  // Recording starts only once both consented; everyone sees the red indicator.
  await cand.page.getByRole('checkbox', { name: /Record/ }).check();
  await cand.page.getByText(/waiting for Ines/).waitFor();
  expect(await int.page.getByTestId('recording-indicator').count()).toBe(0);
  await int.page.getByRole('checkbox', { name: /Record/ }).check();
  await cand.page.getByTestId('recording-indicator').waitFor();
  await int.page.getByTestId('recording-indicator').waitFor();

  // A hint revealed while recording: its link in the review seeks the audio too.
  await int.page.getByRole('button', { name: 'Reveal to candidate' }).first().click();
  await cand.page.getByRole('heading', { name: 'Hints from your interviewer' }).waitFor();
  // Chunks arrive every few seconds from both browsers.
  const tracks = () => cand.page.evaluate(async (id) => (await (await fetch(`/api/sessions/${id}/recordings`)).json()) as { userId: string; chunks: number }[], sessionId);
  await expect.poll(async () => (await tracks()).filter((t) => t.chunks >= 2).length, { timeout: 30_000, interval: 1000 }).toBe(2);
  // A network drop: uploads pause and say so, then resume; every recorded chunk is stored once.
  await cand.ctx.setOffline(true);
  await cand.page.getByText(/Recording upload paused/).waitFor({ timeout: 20_000 });
  await cand.ctx.setOffline(false);
  const indicator = cand.page.getByTestId('recording-indicator');
  await expect.poll(() => indicator.getAttribute('data-queued'), { timeout: 40_000, interval: 500 }).toBe('0');
  const recorded = Number(await indicator.getAttribute('data-recorded'));
  expect(recorded).toBeGreaterThanOrEqual(3);
  const candId = await cand.page.evaluate(async () => ((await (await fetch('/api/me')).json()) as { id: string }).id);
  const stored = (await tracks()).find((t) => t.userId === candId)!;
  expect(stored.chunks).toBeGreaterThanOrEqual(recorded);
  // The end-of-session confirmation is a real dialog: accept it.
  await int.page.getByRole('button', { name: 'End session' }).click();
  await int.page.getByRole('dialog').getByRole('button', { name: 'End session' }).click();
  // After the end the call may go on (a debrief), but nothing records and nobody can turn recording on.
  await int.page.getByText('This session has ended. The room is read-only.').waitFor();
  await expect.poll(() => int.page.getByTestId('recording-indicator').count()).toBe(0);
  expect(await int.page.getByRole('checkbox', { name: /Record/ }).count()).toBe(0);
  expect(await int.page.getByRole('button', { name: 'Leave audio' }).count()).toBe(1);
  await cand.page.getByRole('link', { name: 'Open the review' }).click();

  // The review: one audio element per track, speed 1x by default.
  const audio = cand.page.locator('.replay-audio audio');
  await expect.poll(() => audio.count(), { timeout: 10_000 }).toBe(2);
  await expect.poll(() => cand.page.getByLabel('Replay speed').inputValue()).toBe('1');
  const first = audio.first();
  const startedAt = Number(await first.getAttribute('data-started-at'));
  await expect.poll(() => first.evaluate((el: HTMLAudioElement) => el.readyState), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);

  // Move the scrubber 3 s into the first track, then 6 s: the audio element's position follows.
  const scrub = async (ts: number) => {
    await cand.page.getByLabel('Replay position').evaluate((el: HTMLInputElement, v) => {
      const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      set.call(el, String(v));
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, ts);
  };
  for (const seconds of [3, 6, 1.5]) {
    await scrub(startedAt + seconds * 1000);
    await expect.poll(() => first.evaluate((el: HTMLAudioElement) => el.currentTime), { timeout: 5000 }).toBeCloseTo(seconds, 0);
  }
  // Clicking the revealed hint's time (an evidence-style link) seeks the audio to that moment.
  const hintTs = await cand.page.evaluate(async (id) => {
    const { events } = (await (await fetch(`/api/sessions/${id}/events`)).json()) as { events: { kind: string; ts: number }[] };
    return events.find((e) => e.kind === 'hint')!.ts;
  }, sessionId);
  await cand.page.locator('section[aria-labelledby="time-title"] li button.link').first().click();
  await expect.poll(() => first.evaluate((el: HTMLAudioElement) => el.currentTime), { timeout: 5000 }).toBeCloseTo((hintTs - startedAt) / 1000, 0);
  // Playing moves the audio forward with the replay clock, pitch preserved.
  await cand.page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => first.evaluate((el: HTMLAudioElement) => !el.paused && el.preservesPitch), { timeout: 5000 }).toBe(true);
  await expect.poll(() => first.evaluate((el: HTMLAudioElement) => el.currentTime), { timeout: 5000 }).toBeGreaterThan(2);
  await cand.page.getByRole('button', { name: 'Pause' }).click();
  expect(cand.errors).toEqual([]);
  expect(int.errors).toEqual([]);
  await cand.ctx.close();
  await int.ctx.close();
});

it('an observer listens in without a microphone; a denied microphone gets a clear message and the call link', async () => {
  const { cand, int, sessionId } = await pairInRoom();
  const info = await cand.page.evaluate(async (id) => (await (await fetch(`/api/sessions/${id}`)).json()) as { observerCode: string }, sessionId);
  const obs = await newPage(env.browser, env.srv.url);
  await registerViaUi(obs.page, uniqueName('ao'), undefined, 'Olga');
  await obs.page.goto(`/join/${sessionId}?code=${info.observerCode}`);
  await obs.page.getByRole('button', { name: /^Join as observer|^Watch/ }).click();
  await obs.page.getByTestId('my-role').waitFor();

  // The observer listens in: no microphone is asked for, and the interviewer's audio arrives.
  await int.page.getByTestId('join-audio').click();
  await obs.page.getByRole('button', { name: 'Listen in' }).click();
  await expect.poll(async () => (await peerStats(obs.page)).state, { timeout: 15_000 }).toBe('connected');
  const hearing = byteDelta(obs.page);
  await hearing();
  await expect.poll(hearing, { timeout: 10_000, interval: 500 }).toBeGreaterThan(0);
  expect(await obs.page.getByTestId('mute').count()).toBe(0);
  await int.page.locator('.presence li[data-audio="muted"]', { hasText: 'Olga' }).waitFor();
  expect(await int.page.locator('.presence li', { hasText: 'Olga' }).getAttribute('title')).toContain('listening');

  // The candidate's browser refuses the microphone.
  await cand.page.evaluate(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
  await cand.page.getByTestId('join-audio').click();
  const alert = cand.page.getByTestId('audio-error');
  await alert.waitFor();
  expect(await alert.textContent()).toMatch(/Microphone access was denied.*Add a call link/);
  expect(await cand.page.getByTestId('join-audio').isVisible()).toBe(true);
  // The interviewer adds the fallback call link; the candidate's message offers it at once.
  await int.page.getByRole('button', { name: 'Add call link' }).click();
  await int.page.getByLabel('External call link').fill('https://meet.jit.si/mockroom-fallback');
  await int.page.getByRole('button', { name: 'Save' }).click();
  await alert.getByRole('link', { name: /Open the call link/ }).waitFor();
  expect(await cand.page.getByTestId('call-link').getAttribute('href')).toBe('https://meet.jit.si/mockroom-fallback');
  expect(await obs.page.getByTestId('call-link').getAttribute('href')).toBe('https://meet.jit.si/mockroom-fallback');
  // A javascript: link is refused with a message.
  await int.page.getByRole('button', { name: 'Edit' }).click();
  await int.page.getByLabel('External call link').fill('javascript:alert(1)');
  await int.page.getByRole('button', { name: 'Save' }).click();
  await int.page.getByRole('alert').filter({ hasText: /http\(s\) link/ }).waitFor();
  expect(cand.dialogs).toEqual([]);
  for (const p of [cand, int, obs]) {
    expect(p.errors).toEqual([]);
    await p.ctx.close();
  }
});
