import { expect, it } from 'vitest';
import { newPage, serverAndBrowser } from '../helpers/browser';

const TOKEN = 'e2e-setup-token-0123456789';
// Behind a proxy (TRUST_PROXY=1) the browser below comes from a public address, so the first
// account needs the setup token.
const env = serverAndBrowser({ TRUST_PROXY: '1', SETUP_TOKEN: TOKEN });

it('the first account from a public address needs the setup link; the register page takes its token', async () => {
  const visitor = await newPage(env.browser, env.srv.url);
  await visitor.ctx.setExtraHTTPHeaders({ 'x-forwarded-for': '203.0.113.77' });

  // Without the token: refused, with a message that says where the link is.
  await visitor.page.goto('/register');
  await visitor.page.getByLabel('Username').fill('squatter');
  await visitor.page.getByLabel('Password').fill('a long enough passphrase');
  await visitor.page.getByRole('button', { name: 'Create account' }).click();
  await visitor.page.getByRole('alert').getByText(/setup link printed in the server log/).waitFor();

  // The setup link: the page says what it does and sends the token.
  await visitor.page.goto(`/register?setup=${TOKEN}`);
  await visitor.page.getByTestId('setup-note').waitFor();
  await visitor.page.getByLabel('Username').fill('owner');
  await visitor.page.getByLabel('Password').fill('a long enough passphrase');
  await visitor.page.getByRole('button', { name: 'Create account' }).click();
  await visitor.page.getByTestId('whoami').getByText('admin').waitFor();
  expect(visitor.errors).toEqual([]);
  await visitor.ctx.close();
});
