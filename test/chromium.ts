/**
 * chromium.ts — headless Chromium for the report tests, from npm: `@sparticuz/chromium` ships
 * the browser inside the package (brotli-compressed), so `npm ci` alone brings it — no apt, no
 * root, no download. A system Chromium is used instead only when THREADLAB_CHROMIUM names one
 * (`THREADLAB_CHROMIUM=/usr/bin/chromium`). A missing browser fails the tests, never skips them.
 *
 * The package decompresses into `os.tmpdir()` (190 MB). Test files run in parallel processes
 * and several checkouts share /tmp, so each process unpacks into a private staging directory
 * (by pointing TMPDIR at it for the call) and renames it to a cache directory named after the
 * package's version; whoever renames first wins, the others drop their copy. A cache directory
 * without its `.complete` marker is never used.
 *
 * The binary needs NSS, NSPR and expat, which a bare Node machine may lack; the package ships
 * them (bin/al2023.tar.br, unpacked by the package only on AWS Lambda), so they are unpacked
 * here too and put first on the browser's LD_LIBRARY_PATH. Its Open Sans font gets a
 * fonts.conf pointing at the cache, so no system font or fontconfig file is needed either.
 *
 * The package's flags are passed except the two that turn off the browser's web security
 * (a report that only works with them off would be broken for its readers), plus flags that
 * keep the browser off the network. WebGL is off (the charts are SVG).
 *
 * openReport opens a report page, collecting console errors, page errors and any network
 * request, then waits for the charts.
 */

import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';
import Sparticuz from '@sparticuz/chromium';
import { chromium, type Browser, type Page } from 'playwright-core';

const OFF_NETWORK = ['--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-quic', '--no-first-run', '--disable-gpu'];
const WEB_SECURITY_OFF = new Set(['--disable-web-security', '--allow-running-insecure-content']);
const SYSTEM_ARGS = ['--headless', '--no-sandbox', ...OFF_NETWORK];

function packageDir(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium'));
  while (!existsSync(join(dir, 'bin', 'chromium.br'))) {
    if (dirname(dir) === dir) throw new Error('cannot find @sparticuz/chromium/bin/chromium.br');
    dir = dirname(dir);
  }
  return dir;
}

/** Extract the regular files of a (ustar) tar image into `dest`. */
function untar(tar: Buffer, dest: string): void {
  for (let off = 0; off + 512 <= tar.length && tar[off] !== 0; ) {
    const field = (a: number, n: number) => tar.toString('latin1', off + a, off + a + n).replace(/\0.*$/s, '');
    const name = field(345, 155) ? `${field(345, 155)}/${field(0, 100)}` : field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    if (type === '0' || type === '') {
      const path = join(dest, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, tar.subarray(off + 512, off + 512 + size), { mode: 0o755 });
    }
    off += 512 + Math.ceil(size / 512) * 512;
  }
}

/** The package's shared libraries and a fonts.conf for its font, next to the binary. */
function unpackSupport(pkg: string, stage: string, final: string): void {
  untar(brotliDecompressSync(readFileSync(join(pkg, 'bin', 'al2023.tar.br'))), stage);
  writeFileSync(join(stage, 'fonts', 'fonts.conf'), `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>${join(final, 'fonts', 'fonts')}</dir>
  <cachedir>${join(final, 'fonts', 'cache')}</cachedir>
</fontconfig>
`);
}

/** Unpack the npm package's Chromium once per version into a shared cache; its binary's path. */
export async function npmChromium(): Promise<string> {
  const pkg = packageDir();
  const version = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version as string;
  const cache = join(tmpdir(), `threadlab-chromium-${version}`);
  const done = join(cache, '.complete');
  if (existsSync(done)) return join(cache, 'chromium');
  const stage = mkdtempSync(join(tmpdir(), 'threadlab-chromium-stage-'));
  const savedTmp = process.env.TMPDIR;
  try {
    process.env.TMPDIR = stage;
    Sparticuz.setGraphicsMode = false;
    const bin = await Sparticuz.executablePath();
    if (bin !== join(stage, 'chromium')) throw new Error(`@sparticuz/chromium unpacked to ${bin}, not ${stage}`);
    unpackSupport(pkg, stage, cache);
    writeFileSync(join(stage, '.complete'), '');
    try {
      renameSync(stage, cache);
    } catch (e) {
      if (!existsSync(done)) throw e; // not simply another process having won the race
    }
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    rmSync(stage, { recursive: true, force: true });
  }
  return join(cache, 'chromium');
}

export async function launchChromium(): Promise<Browser> {
  const system = process.env.THREADLAB_CHROMIUM;
  if (system) {
    if (!existsSync(system)) throw new Error(`THREADLAB_CHROMIUM=${system} does not exist`);
    return chromium.launch({ executablePath: system, args: SYSTEM_ARGS });
  }
  Sparticuz.setGraphicsMode = false;
  const args = [...Sparticuz.args.filter((a) => !WEB_SECURITY_OFF.has(a)), ...OFF_NETWORK];
  const bin = await npmChromium();
  const dir = dirname(bin);
  const libs = [join(dir, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  const env = { ...process.env, LD_LIBRARY_PATH: libs, FONTCONFIG_PATH: join(dir, 'fonts') };
  return chromium.launch({ executablePath: bin, args, env });
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
