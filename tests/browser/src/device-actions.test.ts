// Changing a device without deleting it: disable push, and the row shows the new status.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { checkScreen, deviceRows, logIn, openProfile } from './harness/app.js';
import { openBrowser } from './harness/browser.js';
import { personFor } from './harness/persons.js';

test('disable push on a device: asked in a dialog, then the row shows it without push', { timeout: 90_000 }, async (t) => {
  const { page, guards } = await openBrowser(t);
  const person = await personFor('deviceActions');

  await page.goto('/login');
  await logIn(page, 'agent');
  await openProfile(page, person);
  const withPush = deviceRows(page).filter({ has: page.getByRole('button', { name: /^Disable push/ }) });
  assert.ok((await withPush.count()) > 0, 'the person has a device that can receive push notifications');
  const row = withPush.first();
  const deviceName = (await row.locator('.device-name').innerText()).trim();
  assert.match(await row.innerText(), /Activated and can receive push notifications/);

  await row.getByRole('button', { name: /^Disable push/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Disable push notifications on this device?' });
  await dialog.waitFor();
  assert.ok((await dialog.innerText()).includes(deviceName), 'the dialog names the device');
  await checkScreen(page, guards, 'disable-push-dialog');
  await dialog.getByLabel('Reason (optional)').fill('Caller no longer wants push notifications');
  await dialog.getByRole('button', { name: 'Disable push' }).click();

  await page.getByRole('status').filter({ hasText: `Push notifications were disabled on “${deviceName}”.` }).waitFor();
  const changed = deviceRows(page).filter({ hasText: deviceName }).first();
  await changed.filter({ hasNotText: 'can receive push notifications' }).waitFor();
  assert.match(await changed.innerText(), /Activated/);
  assert.equal(await changed.getByRole('button', { name: /^Disable push/ }).count(), 0, 'no push left to disable');
  assert.equal(await page.getByRole('dialog').count(), 0);
  await checkScreen(page, guards, 'profile-after-disable-push');
});

test('delete two devices at once: named in the dialog, reported per device, both rows gone', { timeout: 90_000 }, async (t) => {
  const { page, guards } = await openBrowser(t);
  const person = await personFor('bulkDelete');

  await page.goto('/login');
  await logIn(page, 'agent');
  await openProfile(page, person);
  const rows = deviceRows(page);
  const before = await rows.count();
  assert.ok(before >= 2);
  const names: string[] = [];
  for (const row of [rows.nth(0), rows.nth(1)]) {
    names.push((await row.locator('.device-name').innerText()).trim());
    await row.getByRole('checkbox').check();
  }

  await page.getByRole('button', { name: 'Delete selected (2)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete 2 devices?' });
  await dialog.waitFor();
  for (const name of names) assert.ok((await dialog.innerText()).includes(name), `the dialog names ${name}`);
  await checkScreen(page, guards, 'bulk-delete-dialog');
  await dialog.getByRole('button', { name: 'Delete 2 devices' }).click();

  const notice = page.getByRole('status').filter({ hasText: '2 of 2 devices were deleted.' });
  await notice.waitFor();
  for (const name of names) assert.ok((await notice.innerText()).includes(`“${name}”: deleted.`));
  await page.waitForFunction((n) => document.querySelectorAll('table.devices-table tbody tr').length === n, before - 2);
  await checkScreen(page, guards, 'profile-after-bulk-delete');
});

test('sign a user out everywhere: asked in a dialog, then told how many sessions ended', { timeout: 90_000 }, async (t) => {
  const { page, guards } = await openBrowser(t);
  const person = await personFor('signOut');

  await page.goto('/login');
  await logIn(page, 'agent');
  await openProfile(page, person);
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign this user out everywhere?' });
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /must log in again in every app/);
  await checkScreen(page, guards, 'sign-out-dialog');
  await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();

  // The simulator keeps one session per registered device.
  await page
    .getByRole('status')
    .filter({ hasText: `The user was signed out everywhere: ${person.devices} sessions ended.` })
    .waitFor();
  assert.equal(await page.getByRole('dialog').count(), 0);
  await checkScreen(page, guards, 'profile-after-sign-out');
});

test('in Dutch: the device actions, several at once and sign out everywhere speak Dutch', { timeout: 90_000 }, async (t) => {
  const { page, guards } = await openBrowser(t);
  const person = await personFor('dutchActions');

  await page.goto('/login');
  await logIn(page, 'agent');
  await openProfile(page, person);
  await page.getByRole('button', { name: 'NL Nederlands' }).click();
  await page.getByRole('heading', { level: 2, name: 'Sessies' }).waitFor();
  const main = await page.locator('main').innerText();
  for (const text of ['Selectie verwijderen (0)', 'Alle apparaten verwijderen', 'Overal uitloggen']) {
    assert.ok(main.includes(text), `"${text}" on the Dutch profile`);
  }
  assert.match(main, /Mobiele authenticatie uitzetten|Push uitzetten|Vingerafdruk uitzetten/);
  for (const english of ['Delete selected', 'Delete all devices', 'Sign out everywhere', 'Disable ']) {
    assert.ok(!main.includes(english), `no "${english}" on the Dutch profile`);
  }

  await deviceRows(page).first().getByRole('checkbox').check();
  await deviceRows(page).nth(1).getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Selectie verwijderen (2)' }).click();
  const bulk = page.getByRole('dialog', { name: '2 apparaten verwijderen?' });
  await bulk.waitFor();
  assert.match(await bulk.innerText(), /opnieuw registreren/);
  await checkScreen(page, guards, 'bulk-delete-dialog-nl');
  await bulk.getByRole('button', { name: 'Annuleren' }).click();

  await page.getByRole('button', { name: 'Overal uitloggen' }).click();
  const signOut = page.getByRole('dialog', { name: 'Deze gebruiker overal uitloggen?' });
  await signOut.waitFor();
  assert.match(await signOut.innerText(), /opnieuw inloggen/);
  await checkScreen(page, guards, 'sign-out-dialog-nl');
  await signOut.getByRole('button', { name: 'Annuleren' }).click();
  await signOut.waitFor({ state: 'detached' });
});
