// One fresh Chromium profile per test: Debian's Chromium, headless, nothing downloaded.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

import { type BrowserContext, type Page, chromium } from 'playwright-core';

import { env } from './env.js';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** What the page did that no screen may do: script errors, CSP violations, JS dialogs. */
export interface Guards {
  pageErrors: string[];
  cspViolations: string[];
  dialogs: string[];
}

export interface Session {
  context: BrowserContext;
  page: Page;
  guards: Guards;
}

export async function openBrowser(
  t: TestContext,
  options: { width?: number; height?: number; locale?: string } = {},
): Promise<Session> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'cs-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: env.chromium,
    headless: true,
    args: ARGS,
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    locale: options.locale ?? 'en-GB',
    timezoneId: 'Europe/Amsterdam',
    baseURL: env.baseUrl,
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const guards: Guards = { pageErrors: [], cspViolations: [], dialogs: [] };
  page.on('pageerror', (error) => guards.pageErrors.push(error.message));
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) {
      guards.cspViolations.push(message.text());
    }
  });
  page.on('dialog', (dialog) => {
    guards.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  t.after(async () => {
    await context.close();
    await rm(userDataDir, { recursive: true, force: true });
  });
  return { context, page, guards };
}
