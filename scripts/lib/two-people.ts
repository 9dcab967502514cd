/**
 * The opening of every screenshot script: a test server, headless Chromium, and two people (Casey
 * and Ivy) registered through the UI, each in their own browser context at 1440 x 900.
 */
import type { Page } from 'playwright-core';
import { launchBrowser, registerViaUi } from '../../test/helpers/browser';
import { startTestServer, type TestServer } from '../../test/helpers/server';

export interface TwoPeople {
  srv: TestServer;
  cand: Page;
  int: Page;
  close(): Promise<void>;
}

export async function twoPeople(): Promise<TwoPeople> {
  const srv = await startTestServer();
  const b = await launchBrowser();
  const close = async () => {
    await b.close();
    await srv.stop();
  };
  try {
    const [cand, int] = await Promise.all(
      [0, 1].map(async () => (await b.browser.newContext({ baseURL: srv.url, viewport: { width: 1440, height: 900 } })).newPage()),
    );
    await registerViaUi(cand!, 'casey', undefined, 'Casey');
    await registerViaUi(int!, 'ivy', undefined, 'Ivy');
    return { srv, cand: cand!, int: int!, close };
  } catch (err) {
    await close();
    throw err;
  }
}
