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
