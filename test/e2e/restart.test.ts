import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, newPage, registerViaUi, uniqueName } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';

let b: { browser: Browser; close(): Promise<void> };
const dataDir = mkdtempSync(join(tmpdir(), 'mockroom-restart-'));
beforeAll(async () => {
  b = await launchBrowser();
});
afterAll(async () => {
  await b?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('the board survives a server restart; changes made while offline are sent on reconnect', async () => {
  let srv: TestServer = await startTestServer({}, { keepData: dataDir });
  const port = String(srv.port);
  const { page, ctx, errors } = await newPage(b.browser, srv.url);
  await registerViaUi(page, uniqueName('rs'));
  const s = await page.evaluate(async () => (await (await fetch('/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ problemSlug: 'chat-messaging', mode: 'solo' }) })).json()));
  await page.goto(`/sessions/${s.id}/room`);
  await page.getByRole('button', { name: 'Start interview' }).click();
  await page.getByRole('button', { name: 'Load balancer', exact: true }).click();
  await page.getByRole('button', { name: 'Cache', exact: true }).click();
  await expect.poll(() => page.locator('.wb-layer [data-shape]').count()).toBe(2);
  // Both stored on the server (acked) before it stops.
  await expect.poll(() => page.evaluate(async (id) => ((await (await fetch(`/api/sessions/${id}/events`)).json()) as { events: { kind: string }[] }).events.filter((e) => e.kind === 'board').length, s.id), { timeout: 10_000 }).toBe(2);

  await srv.stop();
  await page.getByText('Connection lost. Reconnecting…').waitFor({ timeout: 10_000 });
  // Drawn while the server is down: shown at once, queued, sent when the server is back.
  await page.getByRole('button', { name: 'Message queue', exact: true }).click();
  await page.getByText(/1 change will be sent/).waitFor();

  srv = await startTestServer({ PORT: port }, { keepData: dataDir });
  try {
    await page.getByText('Connection lost. Reconnecting…').waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(() => page.locator('.wb-layer [data-shape]').count()).toBe(3);
    // A fresh view from the server holds all three, and the clock kept running.
    await page.reload();
    await expect.poll(() => page.locator('.wb-layer [data-shape]').count()).toBe(3);
    expect(await page.getByTestId('phase-name').textContent()).toContain('Clarify requirements');
    expect(errors).toEqual([]);
  } finally {
    await ctx.close();
    await srv.stop();
  }
}, 90_000);
