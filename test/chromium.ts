/**
 * chromium.ts — headless Debian Chromium for the report tests: launch it (failing, not
 * skipping, when it is missing — .ci/run installs it) and open a report page, collecting
 * console errors, page errors and any network request, then waiting for the charts.
 */

import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

export interface OpenedReport {
  page: Page;
  /** Console errors and uncaught page errors. */
  errors: string[];
  /** Requests to anything but file: and data: URLs (a self-contained report makes none). */
  requests: string[];
}

/** Open an index.html and wait until the page marks its charts done (or failed). */
export async function openReport(browser: Browser, file: string, timeoutMs: number): Promise<OpenedReport> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url()); });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-charts]', { timeout: timeoutMs });
  return { page, errors, requests };
}
