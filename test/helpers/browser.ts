/** Debian's Chromium driven by playwright-core: no browser is downloaded. */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from './server';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * A fake microphone playing a tone, permission granted without a prompt, and media that may play
 * without a gesture: two contexts then call each other over loopback host candidates.
 */
export const FAKE_MEDIA_ARGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'];

export async function launchBrowser(extraArgs: string[] = []): Promise<{ browser: Browser; close(): Promise<void> }> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run "apt-get install -y chromium" (bash .ci/run does this).`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      ...extraArgs,
    ],
  });
  return {
    browser,
    async close() {
      // playwright-core starts Chromium with a fresh temporary profile of its own and removes it.
      await browser.close();
    },
  };
}

/** A context whose page fails the test on any dialog (XSS) and records console errors. */
export async function newPage(browser: Browser, base: string): Promise<{ ctx: BrowserContext; page: Page; dialogs: string[]; errors: string[] }> {
  const ctx = await browser.newContext({ baseURL: base, viewport: { width: 1400, height: 900 } });
  const page = await ctx.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { ctx, page, dialogs, errors };
}

let n = 0;
export function uniqueName(prefix: string): string {
  return `${prefix}${process.pid}${++n}${Date.now() % 100000}`;
}

export async function registerViaUi(page: Page, username: string, password = 'a long enough passphrase', displayName?: string): Promise<void> {
  await page.goto('/register');
  await page.getByLabel('Username').fill(username);
  if (displayName) await page.getByLabel(/Display name/).fill(displayName);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByTestId('whoami').waitFor();
}

/**
 * A test file's server (temporary SQLite, ephemeral port) and Chromium, started once and stopped after
 * the file's tests: `const env = serverAndBrowser();` then `env.srv.url` and `env.browser`.
 */
export function serverAndBrowser(serverEnv: Record<string, string> = {}, browserArgs: string[] = []): { srv: TestServer; browser: Browser } {
  const env = {} as { srv: TestServer; browser: Browser };
  let launched: { browser: Browser; close(): Promise<void> } | undefined;
  beforeAll(async () => {
    env.srv = await startTestServer(serverEnv);
    launched = await launchBrowser(browserArgs);
    env.browser = launched.browser;
  });
  afterAll(async () => {
    await launched?.close();
    await env.srv?.stop();
  });
  return env;
}
