// Upstream text is text: the seeded hostile device name shows literally and runs nothing; long
// names wrap inside the table without widening the page.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { assertNoPageScroll, checkScreen, deviceRows, logIn, openProfile } from './harness/app.js';
import { openBrowser } from './harness/browser.js';
import { HOSTILE_NAME } from './harness/env.js';
import { hostilePerson, longNamePerson } from './harness/persons.js';

test('the hostile device name is shown literally and no dialog opens', { timeout: 60_000 }, async (t) => {
  const { page, guards } = await openBrowser(t);
  const person = await hostilePerson();
  await page.goto('/login');
  await logIn(page, 'agent');
  await openProfile(page, person);

  const cell = deviceRows(page).locator('.device-name', { hasText: HOSTILE_NAME });
  await cell.waitFor();
  assert.equal((await cell.innerText()).trim(), HOSTILE_NAME);
  assert.equal(await page.locator('main img').count(), 0, 'no <img> was made from the name');

  // Naming it in the confirmation is safe too.
  await deviceRows(page).filter({ hasText: HOSTILE_NAME }).getByRole('button', { name: /^Delete/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText(HOSTILE_NAME, { exact: true }).first().waitFor();
  assert.equal(await page.locator('dialog img').count(), 0);
  await checkScreen(page, guards, 'hostile-dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await page.waitForTimeout(300); // an onerror handler would have fired by now
  assert.deepEqual(guards.dialogs, []);
  await checkScreen(page, guards, 'profile-hostile');
});

test('a 200-character device name wraps inside the table, at 1280px and in a narrow window', { timeout: 60_000 }, async (t) => {
  const { page, guards } = await openBrowser(t);
  const person = await longNamePerson();
  await page.goto('/login');
  await logIn(page, 'agent');
  await openProfile(page, person);
  const long = deviceRows(page).locator('.device-name').filter({ hasText: /.{150,}/ });
  await long.first().waitFor();
  await assertNoPageScroll(page);
  await checkScreen(page, guards, 'profile-long-name');

  await page.setViewportSize({ width: 390, height: 844 });
  await assertNoPageScroll(page);
  await checkScreen(page, guards, 'profile-narrow');
});
