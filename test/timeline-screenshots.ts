/**
 * timeline-screenshots.ts — the timeline pictures in reports/timeline/ (README and issue 15):
 * the blocking example (examples/slow_device.ts) under NPTL and under green threads with the
 * slow-device read unwrapped, and the two compared on one time scale, each page opened in
 * headless Chromium (test/chromium.ts) with one lane per task and user thread.
 *
 *   npx tsx test/timeline-screenshots.ts [out-dir]      (default reports/timeline)
 *
 * Not a test: it writes files. The HTML pages are written next to the PNGs.
 */

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchChromium, openReport } from './chromium.js';
import { main } from '../experiments/cli.js';

const out = resolve(process.argv[2] ?? 'reports/timeline');
mkdirSync(out, { recursive: true });

const PAGES: { name: string; argv: string[] }[] = [
  { name: 'blocking-nptl', argv: ['run', 'examples/slow_device.ts', '--lib', 'nptl'] },
  { name: 'blocking-green', argv: ['run', 'examples/slow_device.ts', '--lib', 'green', '--lib-opt', 'wrap=false'] },
  { name: 'blocking-compare', argv: ['compare', 'examples/slow_device.ts', '--libs', 'nptl,green', '--lib-opt', 'wrap=false'] },
];

const browser = await launchChromium();
for (const p of PAGES) {
  const html = join(out, `${p.name}.html`);
  let err = '';
  const code = await main([...p.argv, ...(p.argv[0] === 'run' ? ['--no-watchdog'] : []), '--html', html], { out: () => {}, err: (s) => { err += s; } });
  if (code !== 0) throw new Error(`${p.argv.join(' ')}: status ${code}: ${err}`);
  const { page, errors } = await openReport(browser, html, 60_000);
  if (errors.length > 0) throw new Error(`${html}: ${errors.join('; ')}`);
  await page.setViewportSize({ width: 1500, height: 1000 });
  await page.click('#show-tasks');
  await page.waitForTimeout(500);
  const box = await page.evaluate(() => {
    const doc = (globalThis as any).document;
    const rows = [...doc.querySelectorAll('section.row')];
    const last = rows[rows.length - 1].getBoundingClientRect();
    const first = doc.querySelector('.controls').getBoundingClientRect();
    return { y: first.top - 8, height: last.bottom - first.top + 16 };
  });
  await page.screenshot({ path: join(out, `${p.name}.png`), clip: { x: 0, y: box.y, width: 1500, height: box.height }, fullPage: true });
  console.log(`${join(out, `${p.name}.png`)}`);
}
await browser.close();
