// The agent's main journey: log in, find the caller, delete the lost device, see it gone.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { assertClean, checkScreen, deviceRows, logIn, openProfile } from './harness/app.js';
import { openBrowser } from './harness/browser.js';
import { personFor } from './harness/persons.js';
import { clearFaults, setFaults } from './harness/sim.js';

const TIMEOUT = { timeout: 90_000 };

test('login, search, profile, delete with a reason: the row goes and the removal shows in the events', TIMEOUT, async (t) => {
  const { page, guards } = await openBrowser(t);
  const person = await personFor('deleteFlow');

  await page.goto('/');
  await page.waitForURL('**/login');
  await checkScreen(page, guards, 'login');
  await logIn(page, 'agent');
  await page.getByRole('heading', { level: 1, name: 'Find a user' }).waitFor();
  await checkScreen(page, guards, 'home');

  await openProfile(page, person);
  const rows = deviceRows(page);
  const before = await rows.count();
  assert.equal(before, person.devices);
  await checkScreen(page, guards, 'profile');

  const firstRow = rows.first();
  const deviceName = (await firstRow.locator('.device-name').innerText()).trim();
  await firstRow.getByRole('button', { name: /^Delete/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this device?' });
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /must register the app again/);
  assert.ok((await dialog.innerText()).includes(deviceName), 'the dialog names the device');
  await checkScreen(page, guards, 'delete-dialog');

  await dialog.getByLabel('Reason (optional)').fill('Caller reported the phone stolen');
  await dialog.getByRole('button', { name: 'Delete device' }).click();

  await page.getByRole('status').filter({ hasText: `The device “${deviceName}” was deleted.` }).waitFor();
  await page.waitForFunction((n) => document.querySelectorAll('table.devices-table tbody tr').length === n, before - 1);
  assert.equal(await page.getByRole('dialog').count(), 0);
  // The newest removal names the agent who made it, not the Token Server's record of our API client.
  const removal = page.getByRole('table').last().getByRole('row').filter({ hasText: 'Api device removed' }).first();
  await removal.waitFor();
  assert.match(await removal.innerText(), /\bby agent\b/);
  await checkScreen(page, guards, 'profile-after-delete');
});

test('when the Token Server keeps the device, the row stays and the notice says so', TIMEOUT, async (t) => {
  const { page, guards } = await openBrowser(t);
  const person = await personFor('notRemoved');
  await page.goto('/login');
  await logIn(page, 'agent');
  await openProfile(page, person);
  const before = await deviceRows(page).count();

  await setFaults([{ route: 'ts.devices.delete', silent_delete_failure: true }]);
  t.after(clearFaults);
  await deviceRows(page).first().getByRole('button', { name: /^Delete/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete device' }).click();

  const alert = page.getByRole('alert').filter({ hasText: 'The Token Server kept the device' });
  await alert.waitFor();
  assert.match(await alert.innerText(), /it is still registered/);
  assert.equal(await deviceRows(page).count(), before);
  await checkScreen(page, guards, 'delete-kept');
  assertClean(guards, 'delete-kept');
});
