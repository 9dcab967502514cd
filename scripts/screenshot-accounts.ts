// Screenshots of the account pages (settings, reset link, setup link, join preview) at 1440 and 1024 px,
// light and dark, for a visual check. Run: npx tsx scripts/screenshot-accounts.ts [outDir]
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../test/helpers/browser';
import { startCluster } from '../test/helpers/pg-cluster';
import { Agent, registeredAgent, startTestServer } from '../test/helpers/server';

const out = process.argv[2] ?? '/tmp/mockroom-shots';
mkdirSync(out, { recursive: true });
// PG=1: the same pages with the server on a throwaway PostgreSQL cluster (the admin page differs).
const cluster = process.env.PG ? await startCluster() : null;
const srv = await startTestServer(cluster ? { DATABASE_URL: cluster.url } : {});
const b = await launchBrowser();
try {
  const admin = await registeredAgent(srv.url, 'ada');
  const user = await registeredAgent(srv.url, 'grace');
  await user.req('PATCH', '/api/me', { displayName: 'Grace Hopper' });
  // A second sign-in, as from a phone.
  await new Agent(srv.url).post('/api/auth/login', { username: 'grace', password: 'a long enough passphrase' }, {
    'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1',
  });
  const group = (await admin.post('/api/groups', { name: 'Distributed systems club' })).body;
  const session = (await admin.post('/api/sessions', { problemSlug: 'url-shortener', mode: 'paired', role: 'interviewer' })).body;
  const pages: { name: string; path: () => Promise<string>; signedIn: boolean; asAdmin?: boolean }[] = [
    { name: 'admin', path: async () => '/admin', signedIn: true, asAdmin: true },
    { name: 'settings', path: async () => '/settings', signedIn: true },
    {
      name: 'reset',
      path: async () => {
        const url = new URL((await admin.post(`/api/admin/users/${user.userId}/reset-link`)).body.url);
        return url.pathname + url.search;
      },
      signedIn: false,
    },
    { name: 'reset-invalid', path: async () => '/reset?token=used-or-made-up', signedIn: false },
    { name: 'setup', path: async () => '/register?setup=example-setup-token-123456', signedIn: false },
    { name: 'join-preview', path: async () => `/join/${session.id}?code=${session.inviteCode}`, signedIn: true },
    { name: 'group-join', path: async () => `/groups/join?code=${group.inviteCode}`, signedIn: true },
  ];
  for (const theme of ['light', 'dark'] as const) {
    for (const width of [1440, 1024]) {
      // ONLY=admin,settings shoots just those pages.
      for (const p of pages.filter((x) => !process.env.ONLY || process.env.ONLY.split(',').includes(x.name))) {
        const ctx = await b.browser.newContext({ baseURL: srv.url, viewport: { width, height: 900 } });
        await ctx.addInitScript((t) => localStorage.setItem('mockroom.theme', t), theme);
        if (p.signedIn) {
          const [name, value] = (p.asAdmin ? admin : user).cookie.split('=');
          await ctx.addCookies([{ name: name!, value: value!, url: srv.url }]);
        }
        const page = await ctx.newPage();
        await page.goto(await p.path());
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.waitForLoadState('networkidle');
        const file = join(out, `${p.name}-${width}-${theme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log('wrote', file);
        await ctx.close();
      }
    }
  }
} finally {
  await b.close();
  await srv.stop();
  cluster?.stop();
}
