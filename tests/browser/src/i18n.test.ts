// Dutch: every string, dates and relative times, after switching; the choice survives a reload.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { checkScreen, logIn, openProfile } from './harness/app.js';
import { openBrowser } from './harness/browser.js';
import { personFor } from './harness/persons.js';

test('switching to Dutch shows Dutch strings and times, and stays after a reload', { timeout: 60_000 }, async (t) => {
  const { page, guards } = await openBrowser(t);
  const person = await personFor('dutch');
  await page.goto('/login');
  await logIn(page, 'agent');
  await openProfile(page, person);

  await page.getByRole('button', { name: 'NL Nederlands' }).click();
  await page.getByRole('heading', { level: 2, name: /^Apparaten/ }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Laatste gebeurtenissen' }).waitFor();
  const main = await page.locator('main').innerText();
  for (const text of ['Laatst gebruikt', 'Applicatie', 'Apparaatnaam', 'Mobiele authenticatie', 'Verwijderen', 'Alle bronnen']) {
    assert.ok(main.includes(text), `"${text}" on the Dutch profile`);
  }
  assert.match(main, /geleden|gisteren|vandaag/, 'relative times in Dutch');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'nl');

  // The exact time, in Dutch, on keyboard focus.
  const time = page.locator('table.devices-table time').first();
  await time.focus();
  const tip = page.locator('.reltime:focus-within [role="tooltip"]');
  assert.ok(await tip.isVisible(), 'the exact time shows on focus');
  assert.match(await tip.innerText(), /(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)/);
  await checkScreen(page, guards, 'profile-nl');

  await page.reload();
  await page.getByRole('heading', { level: 2, name: /^Apparaten/ }).waitFor();
  await page.getByRole('button', { name: /^Verwijderen/ }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Dit apparaat verwijderen?' });
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /opnieuw registreren/);
  await checkScreen(page, guards, 'delete-dialog-nl');
});

test('the login page speaks Dutch too', { timeout: 60_000 }, async (t) => {
  const { page, guards } = await openBrowser(t);
  await page.goto('/login');
  await page.getByRole('button', { name: 'NL Nederlands' }).click();
  await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
  await page.getByLabel('Gebruikersnaam').waitFor();
  await checkScreen(page, guards, 'login-nl');
});
