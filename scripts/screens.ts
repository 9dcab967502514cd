// Screenshots of the practice screens at 1440 and 1024 px, light and dark, for looking at changes.
// Run: npx tsx scripts/screens.ts [outDir]   (needs `npm run build` first)
import type { Page } from 'playwright-core';
import { twoPeople } from './lib/two-people';

const out = process.argv[2] ?? '/tmp/shots';
const { cand, int, close } = await twoPeople();
try {
  const s = await cand.evaluate(async () => (await (await fetch('/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ problemSlug: 'url-shortener', mode: 'paired', role: 'candidate' }) })).json()));
  await cand.goto(`/sessions/${s.id}/room`);
  await int.goto(`/join/${s.id}?code=${s.inviteCode}`);
  await int.getByRole('button', { name: 'Join as interviewer' }).click();
  await int.getByRole('button', { name: 'Start interview' }).click();
  await int.getByRole('button', { name: /Next: Estimate/ }).click();
  await cand.getByRole('tab', { name: 'Estimates' }).click();
  for (const [label, v] of [[/Daily active users/, '100M'], [/Writes per user/, '0.1'], [/Reads per user/, '10'], [/Peak/, '3'], [/Size of a write/, '500 B'], [/Size of a read/, '500 B'], [/Retention/, '10']] as const) {
    await cand.getByLabel(label).fill(v);
  }
  await cand.getByLabel('Read QPS (average)').fill('100M*10/86400');
  await cand.getByLabel('Write QPS (average)').fill('100M*0.1/86400');
  await cand.getByLabel('Read QPS (peak)').fill('35K');
  await cand.getByLabel('Storage over retention (replicated)').fill('2 PB');
  await cand.getByLabel(/Replication/).fill('three');
  await int.getByRole('button', { name: 'Reveal to candidate' }).first().click();
  await cand.getByTestId('notice-hint').waitFor();
  const shoot = async (page: Page, name: string) => {
    await page.evaluate(() => document.querySelectorAll('.side-body, .tab-body').forEach((e) => e.scrollTo(0, 0)));
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate((t) => { document.documentElement.dataset.theme = t; localStorage.setItem('mockroom.theme', t); }, theme);
      for (const width of [1440, 1024]) {
        await page.setViewportSize({ width, height: 900 });
        await page.waitForTimeout(150);
        await page.screenshot({ path: `${out}/${name}-${width}-${theme}.png`, fullPage: name.startsWith('review') || name === 'progress' });
      }
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  };
  await shoot(cand, 'worksheet-candidate');
  await int.getByRole('table', { name: 'Estimate check' }).waitFor();
  await shoot(int, 'guide-interviewer');
  await cand.getByRole('tab', { name: 'Notes' }).click();
  await cand.getByLabel('API', { exact: true }).fill('POST /urls {longUrl} -> {code}\nGET /:code -> 302 Location: longUrl');
  await cand.getByLabel('Functional requirements', { exact: true }).fill('Shorten a URL\nRedirect by code\nOptional custom alias and expiry');
  await cand.getByLabel('Data model', { exact: true }).fill('urls(code PK, long_url, owner_id, created_at, expires_at)');
  await cand.getByLabel('Data model', { exact: true }).blur();
  await int.getByRole('tab', { name: 'Notes' }).click();
  await int.getByTestId('notes-data-model').waitFor();
  await shoot(cand, 'notes-candidate');
  await shoot(int, 'notes-interviewer');
  const curveballs = int.getByRole('tab', { name: 'Guide' });
  await curveballs.click();
  await int.getByRole('button', { name: 'Deliver' }).first().click();
  await cand.getByTestId('notice-curveball').waitFor();
  await cand.getByRole('tab', { name: /Chat/ }).click();
  await shoot(cand, 'toasts-candidate');
  await int.evaluate(async (id) => {
    // End through the socket-free path: the interviewer's End button confirms in a dialog.
    void id;
  }, s.id);
  int.on('dialog', (d) => void d.accept());
  await int.getByRole('button', { name: 'End session' }).click();
  const confirm = int.getByRole('button', { name: /^End( session| now)?$/ }).last();
  if (await confirm.isVisible().catch(() => false)) await confirm.click().catch(() => undefined);
  await cand.getByText('This session has ended').waitFor();
  await shoot(cand, 'room-ended');
  await cand.goto(`/sessions/${s.id}/review`);
  await cand.getByRole('table', { name: 'Estimate check' }).waitFor();
  await shoot(cand, 'review-candidate');
  // The parts of the review this round changed, on their own.
  await cand.locator('#replay').screenshot({ path: `${out}/review-replay-1440-light.png` });
  await cand.getByRole('heading', { name: 'Estimation against the reference' }).locator('..').screenshot({ path: `${out}/review-estimates-1440-light.png` });
  await cand.getByRole('heading', { name: 'Time per phase' }).locator('..').screenshot({ path: `${out}/review-time-1440-light.png` });
  await cand.goto('/progress');
  await cand.getByRole('heading', { name: 'Estimation accuracy' }).waitFor();
  await shoot(cand, 'progress');
  console.log(`wrote ${out}`);
} finally {
  await close();
}
