// What a read-only agent sees: no Delete buttons, no phone, no date of birth.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { checkScreen, deviceRows, logIn, openProfile } from './harness/app.js';
import { openBrowser } from './harness/browser.js';
import { personFor } from './harness/persons.js';

test('the viewer sees no Delete button and no phone or date of birth', { timeout: 60_000 }, async (t) => {
  const { page, guards } = await openBrowser(t);
  const person = await personFor('viewer');
  await page.goto('/login');
  await logIn(page, 'viewer');
  await openProfile(page, person);
  await deviceRows(page).first().waitFor();

  assert.equal(await page.getByRole('button', { name: /^Delete/ }).count(), 0);
  assert.equal(await page.getByRole('columnheader', { name: 'Actions' }).count(), 0);
  const header = page.locator('.person-fields');
  assert.equal(await header.getByText('Phone', { exact: true }).count(), 0);
  assert.equal(await header.getByText('Date of birth', { exact: true }).count(), 0);
  assert.ok((await header.innerText()).includes('E-mail'));
  await checkScreen(page, guards, 'profile-viewer');
});

test('the supervisor, who may not read users, gets the 403 page', { timeout: 60_000 }, async (t) => {
  const { page, guards } = await openBrowser(t);
  const person = await personFor('viewer');
  await page.goto('/login');
  await logIn(page, 'supervisor');
  const field = page.getByLabel('E-mail address of the user');
  await field.fill(person.email);
  await field.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'No access' }).waitFor();
  await checkScreen(page, guards, 'forbidden');
});
