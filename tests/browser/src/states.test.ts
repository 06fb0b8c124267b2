// The screens around the happy path: no match, several matches, 404s, an upstream down, offline.
import { test } from 'node:test';

import { checkScreen, logIn, openProfile } from './harness/app.js';
import { openBrowser } from './harness/browser.js';
import { personFor, sharedEmail } from './harness/persons.js';
import { clearFaults, setFaults } from './harness/sim.js';

const TIMEOUT = { timeout: 60_000 };

test('search: no match, and several matches as a list', TIMEOUT, async (t) => {
  const { page, guards } = await openBrowser(t);
  await page.goto('/login');
  await logIn(page, 'agent');

  const field = page.getByLabel('E-mail address of the user');
  await field.fill('not-an-address');
  await field.press('Enter');
  await page.getByRole('alert').filter({ hasText: 'This is not an e-mail address.' }).waitFor();
  await checkScreen(page, guards, 'search-invalid');

  await field.fill('nobody.at.all@example.invalid');
  await field.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'No user found' }).waitFor();
  await checkScreen(page, guards, 'search-none');

  await page.goto(`/search?email=${encodeURIComponent(await sharedEmail())}`);
  await page.getByRole('heading', { level: 1, name: /users share this address/ }).waitFor();
  await checkScreen(page, guards, 'search-several');
});

test('404 pages for an unknown user and an unknown address', TIMEOUT, async (t) => {
  const { page, guards } = await openBrowser(t);
  await page.goto('/login');
  await logIn(page, 'agent');
  await page.goto('/users/00000000-0000-4000-8000-000000000000');
  await page.getByRole('heading', { level: 1, name: 'User not found' }).waitFor();
  await checkScreen(page, guards, 'not-found-user');
  await page.goto('/no/such/page');
  await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  await checkScreen(page, guards, 'not-found-page');
});

test('a banner names an unavailable upstream over the section it affects', TIMEOUT, async (t) => {
  const { page, guards } = await openBrowser(t);
  const person = await personFor('unavailable');
  await page.goto('/login');
  await logIn(page, 'agent');
  await setFaults([{ route: 'ts.events', error_status: 503 }]);
  t.after(clearFaults);
  await openProfile(page, person);
  await page.getByText('Token Server events are unavailable right now').waitFor();
  await checkScreen(page, guards, 'unavailable-banner');
});

test('offline: a network error with a retry that works once the network is back', TIMEOUT, async (t) => {
  const { page, context, guards } = await openBrowser(t);
  const person = await personFor('offline');
  await page.goto('/login');
  await logIn(page, 'agent');
  await context.setOffline(true);
  await page.getByLabel('E-mail address of the user').fill(person.email);
  await page.getByLabel('E-mail address of the user').press('Enter');
  await page.getByText('Customer Service cannot be reached').waitFor();
  await page.getByText('You are offline').waitFor();
  await checkScreen(page, guards, 'network-error');

  await context.setOffline(false);
  await page.getByRole('button', { name: 'Try again' }).click();
  await page.waitForURL(`**/users/${person.id}`);
  await page.getByRole('heading', { level: 2, name: /^Devices/ }).waitFor();
});
