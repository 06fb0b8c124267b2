// The whole delete flow with the keyboard alone: no click anywhere.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { Page } from 'playwright-core';

import { checkScreen, deviceRows } from './harness/app.js';
import { openBrowser } from './harness/browser.js';
import { PASSWORD } from './harness/env.js';
import { personFor } from './harness/persons.js';

async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el ? `${el.tagName.toLowerCase()}|${el.getAttribute('aria-label') ?? el.textContent ?? ''}` : '';
  });
}

/** Presses Tab until the focused element matches, at most `limit` times. */
async function tabTo(page: Page, matches: (description: string) => boolean, limit = 60): Promise<string> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (matches(now)) return now;
  }
  throw new Error(`Tab never reached the element; last focus: ${await focused(page)}`);
}

test('the whole delete flow works by keyboard alone', { timeout: 90_000 }, async (t) => {
  const { page, guards } = await openBrowser(t);
  const person = await personFor('keyboard');

  await page.goto('/login');
  // The username field has focus on arrival.
  await page.getByLabel('Username').waitFor();
  assert.match(await focused(page), /^input/);
  await page.keyboard.type('agent');
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Find a user' }).waitFor();

  // "/" jumps to the search field from anywhere.
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement).type), 'email');
  await page.keyboard.type(person.email);
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/users/${person.id}`);
  await deviceRows(page).first().waitFor();
  const before = await deviceRows(page).count();

  // Tab to the first Delete button; Enter opens the dialog with focus on Cancel.
  // (Past the toolbar's "Delete selected" and "Delete all devices".)
  const deleteButton = await tabTo(
    page,
    (d) => d.startsWith('button|Delete ') && !d.startsWith('button|Delete selected') && !d.startsWith('button|Delete all'),
  );
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').waitFor();
  assert.equal(await focused(page), 'button|Cancel');

  // Escape closes it and focus returns to the same Delete button.
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  assert.equal(await focused(page), deleteButton);

  // Again, this time with a reason, confirmed from the keyboard.
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').waitFor();
  await page.keyboard.press('Shift+Tab');
  assert.match(await focused(page), /^textarea/);
  await page.keyboard.type('Lost on the train');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'button|Cancel');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'button|Delete device');
  await page.keyboard.press('Enter');

  await page.getByRole('status').filter({ hasText: 'was deleted' }).waitFor();
  await page.waitForFunction((n) => document.querySelectorAll('table.devices-table tbody tr').length === n, before - 1);
  // Focus lands on the Devices heading, so Tab continues in the list.
  assert.match(await focused(page), /^h2\|Devices/);
  await checkScreen(page, guards, 'keyboard-after-delete');
});

/** Logs in and opens `person`'s profile with the keyboard alone. */
async function openByKeyboard(page: Page, person: { id: string; email: string }): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username').waitFor();
  await page.keyboard.type('agent');
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Find a user' }).waitFor();
  await page.keyboard.press('/');
  await page.keyboard.type(person.email);
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/users/${person.id}`);
  await deviceRows(page).first().waitFor();
}

test('a device action and sign out everywhere open and close by keyboard alone', { timeout: 90_000 }, async (t) => {
  const { page, guards } = await openBrowser(t);
  await openByKeyboard(page, await personFor('keyboardDialogs'));

  // A device action: its dialog opens on Enter, Escape closes it, focus returns to the button.
  const action = await tabTo(page, (d) => /^button\|Disable (push|mobile authentication|fingerprint) /.test(d));
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').waitFor();
  assert.equal(await focused(page), 'button|Cancel');
  await checkScreen(page, guards, 'keyboard-device-action-dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  assert.equal(await focused(page), action);

  const signOut = await tabTo(page, (d) => d === 'button|Sign out everywhere');
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: 'Sign this user out everywhere?' }).waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  assert.equal(await focused(page), signOut);
});

test('verifying a caller works by keyboard alone', { timeout: 90_000 }, async (t) => {
  const { page, guards } = await openBrowser(t);
  await openByKeyboard(page, await personFor('keyboardVerify'));

  // Type the message, Enter sends it, the focused button stops waiting, focus goes back.
  const verify = await tabTo(page, (d) => d.startsWith('button|Verify caller '));
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Verify the caller' });
  await dialog.waitFor();
  assert.match(await focused(page), /^textarea/);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('Keyboard check');
  await page.keyboard.press('Enter');
  await dialog.getByRole('status').filter({ hasText: 'Waiting for the user’s approval' }).waitFor();
  assert.equal(await focused(page), 'button|Stop waiting');
  await checkScreen(page, guards, 'keyboard-verify-waiting');
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await focused(page), verify);
});
