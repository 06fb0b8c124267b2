// The supervisor's audit screen: reached from the menu, filtered, downloaded as CSV; in Dutch.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { checkScreen, logIn } from './harness/app.js';
import { openBrowser } from './harness/browser.js';
import { env } from './harness/env.js';

/** A failed login as `username`: a record only this test makes. */
async function failedLogin(username: string): Promise<void> {
  const response = await fetch(`${env.baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'wrong' }),
  });
  assert.equal(response.status, 401);
}

test('a supervisor filters the audit trail and downloads it as CSV', { timeout: 90_000 }, async (t) => {
  const { page, guards } = await openBrowser(t);
  const probe = `=probe-${Date.now()}`;
  await failedLogin(probe);

  await page.goto('/login');
  await logIn(page, 'supervisor');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit trail' }).click();
  await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
  const table = page.getByRole('table', { name: 'Audit records, newest first' });
  await table.waitFor();

  const form = page.getByRole('form', { name: 'Filter the audit trail' });
  await form.getByLabel('Agent').fill(probe);
  await form.getByLabel('Action').selectOption({ label: 'Failed login' });
  await form.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL((url) => url.searchParams.get('agent') === probe && url.searchParams.get('action') === 'login_failed');
  const rows = table.locator('tbody tr');
  await rows.filter({ hasText: probe }).first().waitFor();
  assert.equal(await rows.count(), 1, 'only the probe’s failed login');
  assert.match(await rows.first().innerText(), /Failed/);
  await checkScreen(page, guards, 'audit-filtered');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^audit-\d{8}\.csv$/);
  const csv = await readFile((await download.path())!, 'utf8');
  const lines = csv.trimEnd().split('\r\n');
  assert.equal(lines[0], 'id,occurred_at,agent,auth_method,action,user_id,device_id,application,reason,outcome,detail,request_id,client_ip');
  assert.equal(lines.length, 2, csv);
  assert.ok(lines[1]!.includes(`,'${probe},password,login_failed,`), `the agent cell is defused: ${lines[1]}`);

  // Empty filters: the form says so instead of an empty table.
  await form.getByLabel('Agent').fill(`${probe}-nobody`);
  await form.getByRole('button', { name: 'Apply' }).click();
  await page.getByText('No records match these filters.').waitFor();

  await page.getByRole('button', { name: 'NL Nederlands' }).click();
  await page.getByRole('heading', { level: 1, name: 'Audittrail' }).waitFor();
  await page.getByRole('button', { name: 'CSV downloaden' }).waitFor();
  await checkScreen(page, guards, 'audit-nl');
});

test('agents without the permission get no audit entry and no audit screen', { timeout: 60_000 }, async (t) => {
  const { page, guards } = await openBrowser(t);
  await page.goto('/login');
  await logIn(page, 'viewer');
  assert.equal(await page.getByRole('link', { name: 'Audit trail' }).count(), 0);
  await page.goto('/audit');
  await page.getByRole('heading', { level: 1, name: 'No access' }).waitFor();
  await checkScreen(page, guards, 'audit-no-access');
});
