// Single sign-on through the simulator's OIDC provider, as the demo configures it: the agent
// leaves for the provider's login page and comes back signed in, where they were going.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { assertClean, checkScreen } from './harness/app.js';
import { openBrowser } from './harness/browser.js';
import { env } from './harness/env.js';
import { personFor } from './harness/persons.js';

const SSO_LINK = 'Sign in with onegini-sim';

test('single sign-on at the provider opens the profile the agent was going to', { timeout: 60_000 }, async (t) => {
  const { page, guards } = await openBrowser(t);
  const person = await personFor('sso');
  await page.goto(`/users/${person.id}`);
  await page.waitForURL(`**/login?returnTo=%2Fusers%2F${person.id}`);
  await checkScreen(page, guards, 'login-sso');

  await page.getByRole('link', { name: SSO_LINK, exact: true }).click();
  await page.waitForURL(`${env.simUrl}/oidc/authorize?**`);
  await page.getByLabel('Username').fill('agent');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').waitFor();
  assert.ok(page.url().startsWith(`${env.simUrl}/oidc/authorize`), `still at the provider: ${page.url()}`);
  await checkScreen(page, guards, 'sso-provider-failed');

  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${env.baseUrl}/users/${person.id}`);
  await page.getByRole('heading', { level: 2, name: /^Devices/ }).waitFor();
  await page.getByRole('button', { name: 'Ann Agent' }).waitFor();
  await checkScreen(page, guards, 'profile-after-sso');

  const session = await page.evaluate(async () => (await fetch('/api/v1/session')).json());
  assert.equal(session.authMethod, 'oidc');
  assert.equal(session.agent.username, 'agent');
});

test('cancelling at the provider comes back to the login page, not signed in', { timeout: 60_000 }, async (t) => {
  const { page, guards } = await openBrowser(t);
  await page.goto('/login');
  await page.getByRole('link', { name: SSO_LINK, exact: true }).click();
  await page.waitForURL(`${env.simUrl}/oidc/authorize?**`);
  await page.getByRole('button', { name: 'Cancel' }).click();

  await page.waitForURL(`${env.baseUrl}/login?sso_error=**`);
  await page.getByText('Single sign-on did not complete, so you are not signed in.').waitFor();
  // Both ways in are offered again.
  await page.getByRole('link', { name: SSO_LINK, exact: true }).waitFor();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await checkScreen(page, guards, 'login-sso-cancelled');
  const status = await page.evaluate(async () => (await fetch('/api/v1/session')).status);
  assert.equal(status, 401);
  assertClean(guards, 'after cancel');
});
