// Verifying a caller: the agent sends a push, the user answers on the phone (the simulator's
// /_sim/phone, in a second page), and the dialog shows the outcome. In English and in Dutch.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { Page } from 'playwright-core';

import { checkScreen, deviceRows, logIn, openProfile } from './harness/app.js';
import { openBrowser } from './harness/browser.js';
import { env } from './harness/env.js';
import { type Role, personFor } from './harness/persons.js';

/** Opens the profile of `role`'s person and the verify dialog on its first push device. */
async function openVerify(page: Page, role: Role, button: RegExp) {
  const person = await personFor(role);
  await page.goto('/login');
  await logIn(page, 'agent');
  await openProfile(page, person);
  const rows = deviceRows(page).filter({ has: page.getByRole('button', { name: button }) });
  assert.ok((await rows.count()) > 0, 'the person has a device enrolled for push');
  const row = rows.first();
  const deviceName = (await row.locator('.device-name').innerText()).trim();
  return { row, deviceName };
}

/** The user's phone, in a page of its own: answers the request showing `message`. */
async function answerOnPhone(phone: Page, message: string, answer: 'Approve' | 'Deny', deviceName: string) {
  await phone.goto(`${env.simUrl}/_sim/phone`);
  const request = phone.locator('li').filter({ hasText: message });
  await request.waitFor();
  await request.getByRole('button', { name: `${answer} on ${deviceName}` }).click();
  // Answered: gone from the phone (other tests' requests may still be pending there).
  await phone.locator('li').filter({ hasText: message }).waitFor({ state: 'detached' });
}

test('verify a caller: a push approved on the phone reads as approved', { timeout: 90_000 }, async (t) => {
  const { context, page, guards } = await openBrowser(t);
  const { row, deviceName } = await openVerify(page, 'verifyCaller', /^Verify caller/);
  const button = row.getByRole('button', { name: /^Verify caller/ });
  await button.click();

  const dialog = page.getByRole('dialog', { name: 'Verify the caller' });
  await dialog.waitFor();
  assert.ok((await dialog.innerText()).includes(deviceName), 'the dialog names the device');
  const message = dialog.getByLabel('Message on the phone');
  assert.equal(await message.inputValue(), 'Please confirm that you are talking to our helpdesk right now.');
  const sent = `Helpdesk call ${Date.now()} <b>not bold</b>`;
  await message.fill(sent);
  await checkScreen(page, guards, 'verify-caller-compose');
  await dialog.getByRole('button', { name: 'Send request' }).click();

  const waiting = dialog.getByRole('status').filter({ hasText: 'Waiting for the user’s approval' });
  await waiting.waitFor();
  const first = await dialog.getByRole('timer').innerText();
  assert.match(first, /\d:\d\d left/);
  await page.waitForFunction(
    (before) => document.querySelector('[role="timer"]')?.textContent !== before,
    first,
    { timeout: 5_000 },
  );
  assert.ok((await dialog.innerText()).includes(sent), 'the message sent is shown as text');
  await checkScreen(page, guards, 'verify-caller-waiting');

  const phone = await context.newPage();
  await answerOnPhone(phone, sent, 'Approve', deviceName);
  await checkScreen(phone, { pageErrors: [], cspViolations: [], dialogs: [] }, 'sim-phone-after-approve');

  await dialog.getByText(`Approved on “${deviceName}”: the caller has the user’s phone.`).waitFor();
  assert.equal(await dialog.getByRole('timer').count(), 0, 'no countdown once answered');
  await checkScreen(page, guards, 'verify-caller-approved');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.ok(await button.evaluate((el) => el === document.activeElement), 'focus is back on the row button');
});

test('in Dutch: a push denied on the phone is not a verification', { timeout: 90_000 }, async (t) => {
  const { context, page, guards } = await openBrowser(t);
  const { deviceName } = await openVerify(page, 'dutchVerify', /^Verify caller/);
  await page.getByRole('button', { name: 'NL Nederlands' }).click();
  await page.getByRole('button', { name: `Beller verifiëren ${deviceName}` }).first().click();

  const dialog = page.getByRole('dialog', { name: 'De beller verifiëren' });
  await dialog.waitFor();
  const message = dialog.getByLabel('Bericht op de telefoon');
  assert.equal(await message.inputValue(), 'Bevestig dat u op dit moment met onze helpdesk spreekt.');
  await checkScreen(page, guards, 'verify-caller-compose-nl');
  const sent = `Bevestig ${Date.now()}`;
  await message.fill(sent);
  await dialog.getByRole('button', { name: 'Verzoek versturen' }).click();
  await dialog.getByRole('status').filter({ hasText: 'Wachten op goedkeuring door de gebruiker' }).waitFor();
  assert.match(await dialog.getByRole('timer').innerText(), /nog \d:\d\d/);
  for (const english of ['Waiting', 'left', 'Stop waiting', 'Verify']) {
    assert.ok(!(await dialog.innerText()).includes(english), `no "${english}" in the Dutch dialog`);
  }

  const phone = await context.newPage();
  await answerOnPhone(phone, sent, 'Deny', deviceName);

  await dialog.getByText('Afgewezen op het apparaat: behandel de beller niet als geverifieerd.').waitFor();
  assert.ok(!(await dialog.innerText()).includes('Goedgekeurd'), 'never reads as approved');
  await checkScreen(page, guards, 'verify-caller-denied-nl');
  await dialog.getByRole('button', { name: 'Opnieuw proberen' }).click();
  await dialog.getByLabel('Bericht op de telefoon').waitFor();
  await dialog.getByRole('button', { name: 'Annuleren' }).click();
  await dialog.waitFor({ state: 'detached' });
});
