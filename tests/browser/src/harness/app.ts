// Steps every test takes: log in, find a person, check a screen.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import { seriousViolations } from './axe.js';
import type { Guards } from './browser.js';
import { PASSWORD, env } from './env.js';
import type { Person } from './persons.js';

/** Logs in through the form; expects to be on /login (or sent there). */
export async function logIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  if (!page.url().includes('/login')) await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

/** Searches from the header, and opens the person's profile (picking them if several match). */
export async function openProfile(page: Page, person: Person): Promise<void> {
  const field = page.getByLabel('E-mail address of the user');
  await field.fill(person.email);
  await field.press('Enter');
  await page.waitForURL((url) => url.pathname.startsWith('/users/') || url.pathname === '/search');
  if (!new URL(page.url()).pathname.startsWith('/users/')) {
    await page.waitForURL((url) => url.pathname.startsWith('/users/'), { timeout: 3000 }).catch(async () => {
      await page.locator(`a[href="/users/${person.id}"]`).click();
    });
  }
  await page.waitForURL(`**/users/${person.id}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.getByRole('heading', { level: 2, name: /Devices|Apparaten/ }).waitFor();
}

/** The device table's rows (without the header). */
export function deviceRows(page: Page) {
  return page.locator('table.devices-table tbody tr');
}

/**
 * A screen is done: axe finds nothing serious or critical, nothing broke the CSP or threw, no
 * JS dialog opened; a screenshot is kept in tests/browser/artifacts/.
 */
export async function checkScreen(page: Page, guards: Guards, name: string): Promise<void> {
  await page.evaluate(() => document.fonts?.ready);
  await mkdir(env.artifacts, { recursive: true });
  await page.screenshot({ path: join(env.artifacts, `${name}.png`), fullPage: true });
  const violations = await seriousViolations(page);
  assert.deepEqual(violations, [], `axe on ${name}`);
  assertClean(guards, name);
}

export function assertClean(guards: Guards, where: string): void {
  assert.deepEqual(guards.pageErrors, [], `script errors on ${where}`);
  assert.deepEqual(guards.cspViolations, [], `CSP violations on ${where}`);
  assert.deepEqual(guards.dialogs, [], `JS dialogs on ${where}`);
}

/** The page never scrolls sideways; only table boxes may. */
export async function assertNoPageScroll(page: Page): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= width, `page is ${scroll}px wide in a ${width}px window`);
}
