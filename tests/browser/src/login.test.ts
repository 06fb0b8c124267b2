// Logging in and out, landing where the agent was going, and coming back after expiry.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { checkScreen, logIn, openProfile } from './harness/app.js';
import { openBrowser } from './harness/browser.js';
import { personFor } from './harness/persons.js';

test('a shared profile link asks for login first and then opens the profile', { timeout: 60_000 }, async (t) => {
  const { page, guards } = await openBrowser(t);
  const person = await personFor('login');
  await page.goto(`/users/${person.id}`);
  await page.waitForURL(`**/login?returnTo=%2Fusers%2F${person.id}`);

  await page.getByLabel('Username').fill('agent');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'The username or password is not right.' }).waitFor();
  await checkScreen(page, guards, 'login-failed');

  await logIn(page, 'agent');
  await page.waitForURL(`**/users/${person.id}`);
  await page.getByRole('heading', { level: 2, name: /^Devices/ }).waitFor();
});

test('signing out ends the session', { timeout: 60_000 }, async (t) => {
  const { page } = await openBrowser(t);
  await page.goto('/login');
  await logIn(page, 'agent');
  await page.getByRole('button', { name: 'Ann Agent' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/login');
  await page.goto('/');
  await page.waitForURL('**/login');
  const status = await page.evaluate(async () => (await fetch('/api/v1/session')).status);
  assert.equal(status, 401);
});

test('when the session expires the agent logs in again and comes back', { timeout: 60_000 }, async (t) => {
  const { page, context, guards } = await openBrowser(t);
  const person = await personFor('expiry');
  await page.goto('/login');
  await logIn(page, 'agent');
  await openProfile(page, person);

  // The session ends on the server's side (here: its cookie is gone).
  await context.clearCookies();
  await page.getByRole('button', { name: 'Load more' }).click();
  await page.waitForURL(/\/login\?returnTo=%2Fusers%2F.*&reason=expired/);
  await page.getByText('Your session has ended').waitFor();
  await checkScreen(page, guards, 'login-expired');

  await logIn(page, 'agent');
  await page.waitForURL(`**/users/${person.id}`);
  await page.getByRole('heading', { level: 2, name: /^Devices/ }).waitFor();
});
