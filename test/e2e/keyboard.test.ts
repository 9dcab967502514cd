/** Issue 18: the room with the keyboard alone. Every panel's controls are reached with Tab, focus is visible, Escape closes menus, `?` lists the shortcuts. */
import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { newPage, registerViaUi, serverAndBrowser, uniqueName } from '../helpers/browser';

const env = serverAndBrowser();

/**
 * Presses Tab (only Tab) until `target` has the focus, checking on the way that every control that
 * takes the focus shows it (an outline or a ring); returns how many presses it took.
 */
async function tabTo(page: Page, target: Locator, unringed: string[], max = 160): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    const now = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const cs = getComputedStyle(el);
      const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none';
      const r = el.getBoundingClientRect();
      return { ring, shown: r.width > 0 && r.height > 0, name: `${el.tagName.toLowerCase()} ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}` };
    });
    if (now && (!now.ring || !now.shown)) unringed.push(now.name);
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return i;
  }
  throw new Error(`Tab never reached ${target}`);
}

const focused = (l: Locator) => l.evaluate((el) => el === document.activeElement);

/** A <details> menu: Tab to its summary, Enter opens it with `first` next in the tab order, Escape closes it and gives the focus back. */
async function menuByKeyboard(page: Page, summary: Locator, menu: string, first: Locator, unringed: string[]): Promise<void> {
  await tabTo(page, summary, unringed);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  expect(await focused(first)).toBe(true);
  await page.keyboard.press('Escape');
  expect(await page.locator(menu).evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
  expect(await focused(summary)).toBe(true);
}

it('keyboard only: Tab reaches every panel of the room with visible focus, Escape closes menus and editors, ? lists the shortcuts', async () => {
  const int = await newPage(env.browser, env.srv.url);
  const cand = await newPage(env.browser, env.srv.url);
  await registerViaUi(int.page, uniqueName('kbi'), undefined, 'Ines');
  await registerViaUi(cand.page, uniqueName('kbc'), undefined, 'Cody');
  const s = await int.page.evaluate(async () => (await (await fetch('/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ problemSlug: 'url-shortener', mode: 'paired', role: 'interviewer' }) })).json()) as { id: string; inviteCode: string });
  await cand.page.goto(`/join/${s.id}?code=${s.inviteCode}`);
  await cand.page.getByRole('button', { name: 'Join as candidate' }).click();
  await cand.page.getByTestId('my-role').waitFor();
  await int.page.goto(`/sessions/${s.id}/room`);
  await int.page.locator('.wb-canvas').waitFor();
  await int.page.getByText('Not started').first().waitFor();

  const page = int.page;
  const unringed: string[] = [];
  // The header: the share menu (both seats taken) opens from the keyboard and Escape closes it.
  await menuByKeyboard(page, page.locator('summary', { hasText: 'Share' }), 'details.share-menu', page.getByRole('button', { name: 'Copy observer link' }), unringed);

  // The call strip: the call link editor opens, Escape cancels it, the focus comes back.
  const addLink = page.getByRole('button', { name: 'Add call link' });
  await tabTo(page, addLink, unringed);
  await page.keyboard.press('Enter');
  expect(await focused(page.getByLabel('External call link'))).toBe(true);
  await page.keyboard.press('Escape');
  await page.getByLabel('External call link').waitFor({ state: 'detached' });
  await expect.poll(() => focused(addLink)).toBe(true);

  // The clock, then the board's toolbar: a tool by Enter, the File menu and Escape.
  await tabTo(page, page.getByRole('button', { name: 'Start interview' }), unringed);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'End session' }).waitFor();
  const rectangle = page.getByRole('button', { name: /^Rectangle/ });
  await tabTo(page, rectangle, unringed);
  await page.keyboard.press('Enter');
  expect(await rectangle.getAttribute('aria-pressed')).toBe('true');
  await menuByKeyboard(page, page.locator('summary', { hasText: 'File' }), 'details.wb-menu', page.getByRole('button', { name: 'PNG' }), unringed);

  // A building block by Enter; its style panel follows in the tab order.
  await tabTo(page, page.getByRole('button', { name: 'Load balancer', exact: true }), unringed);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.locator('.wb-layer [data-shape]').count()).toBe(1);
  await tabTo(page, page.getByRole('button', { name: 'Stroke Red' }), unringed);
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('button', { name: 'Duplicate' }), unringed);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.locator('.wb-layer [data-shape]').count()).toBe(2);

  // The side panel: the guide's hints, the chat, the scorecard.
  await tabTo(page, page.getByRole('button', { name: /Reveal to candidate \(hint 1,/ }), unringed);
  const chatTab = page.getByRole('tab', { name: 'Chat' });
  await tabTo(page, chatTab, unringed);
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('textbox', { name: /Message/ }), unringed);
  await page.keyboard.type('hello from the keyboard');
  await page.keyboard.press('Enter');
  await page.locator('.chat-line', { hasText: 'hello from the keyboard' }).waitFor();
  // `?` from a control that is not the board (a tab) lists the shortcuts; Escape closes the list.
  await chatTab.focus();
  await page.keyboard.press('Shift+?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await help.waitFor();
  expect(await help.textContent()).toContain('Close a menu');
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'hidden' });
  const scoreTab = page.getByRole('tab', { name: 'Scorecard' });
  await scoreTab.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Save draft' }).waitFor();
  await tabTo(page, page.getByRole('button', { name: 'Save draft' }), unringed);

  // The candidate's panels: the estimate worksheet and the notes, typed into from the keyboard.
  const cp = cand.page;
  await cp.locator('.wb-canvas').waitFor();
  const est = cp.getByRole('tab', { name: 'Estimates' });
  await tabTo(cp, est, unringed);
  await cp.keyboard.press('Enter');
  await tabTo(cp, cp.getByLabel(/Daily active users/), unringed);
  await cp.keyboard.type('100M');
  const notes = cp.getByRole('tab', { name: 'Notes' });
  await notes.focus();
  await cp.keyboard.press('Enter');
  await tabTo(cp, cp.getByRole('textbox').first(), unringed);
  await cp.keyboard.type('Shorten a URL');
  await tabTo(cp, cp.getByRole('tab', { name: 'Prompt' }), unringed);

  expect(unringed).toEqual([]);
  for (const p of [int, cand]) {
    expect(p.errors).toEqual([]);
    await p.ctx.close();
  }
});
