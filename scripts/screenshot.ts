// Regenerates docs/screenshot.png: an interviewer's room in the estimate phase. Run: npx tsx scripts/screenshot.ts
import { launchBrowser, newPage, registerViaUi } from '../test/helpers/browser';
import { startTestServer } from '../test/helpers/server';

const srv = await startTestServer();
const b = await launchBrowser();
try {
  const cand = await newPage(b.browser, srv.url);
  const int = await newPage(b.browser, srv.url);
  await registerViaUi(cand.page, 'casey', undefined, 'Casey');
  await registerViaUi(int.page, 'ivy', undefined, 'Ivy');
  const s = await cand.page.evaluate(async () => (await (await fetch('/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ problemSlug: 'url-shortener', mode: 'paired', role: 'candidate' }) })).json()));
  await cand.page.goto(`/sessions/${s.id}/room`);
  await int.page.goto(`/join/${s.id}?code=${s.inviteCode}`);
  await int.page.getByRole('button', { name: 'Join as interviewer' }).click();
  await int.page.getByRole('button', { name: 'Start interview' }).click();
  await int.page.getByRole('button', { name: /Next: Estimate/ }).click();
  for (const [label, v] of [[/Daily active users/, '100000000'], [/Writes per user/, '0.1'], [/Reads per user/, '10'], [/Peak/, '3'], [/Bytes per write/, '500'], [/Bytes per read/, '500'], [/Retention/, '10']] as const) {
    await cand.page.getByLabel(label).fill(v);
  }
  await cand.page.getByLabel(/Retention/).blur();
  await cand.page.getByRole('tab', { name: /Chat/ }).click();
  await cand.page.getByLabel('Message', { exact: true }).fill('Reads dominate at 100:1, so I will size the cache from the redirect path.');
  await cand.page.getByLabel('Message', { exact: true }).press('Enter');
  await int.page.waitForTimeout(1500);
  await int.page.screenshot({ path: 'docs/screenshot.png' });
  console.log('wrote docs/screenshot.png');
} finally {
  await b.close();
  await srv.stop();
}
