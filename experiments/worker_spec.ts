/**
 * worker_spec.ts — how to start a worker thread running one of experiments/'s modules, both
 * from compiled code and from TypeScript sources.
 *
 *  - From compiled code (dist/experiments/*.js) the worker loads the sibling .js file.
 *  - From TypeScript sources (vitest, tsx) the worker is a one-line bootstrap (`eval: true`)
 *    that imports tsx's ESM API (resolved from this file), calls its `register()` to install
 *    the loader in the worker, then imports the .ts file. (`execArgv: ['--import', 'tsx']`
 *    does not work: Node 20 rejects the .ts entry before the worker's loader is registered.)
 */

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { WorkerOptions } from 'node:worker_threads';

/** tsx/esm/api's ESM entry (its `register()` works in a worker thread; `--import tsx` does not). */
function tsxApiUrl(): string {
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  return pathToFileURL(cjs.replace(/index\.cjs$/, 'index.mjs')).href;
}

/** The script and options for `new Worker` running experiments/<base>.(js|ts). */
export function workerSpec(base: string): { script: string | URL; options: WorkerOptions } {
  if (!import.meta.url.endsWith('.ts')) return { script: new URL(`./${base}.js`, import.meta.url), options: {} };
  const api = tsxApiUrl();
  const target = new URL(`./${base}.ts`, import.meta.url).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`;
  return { script: boot, options: { eval: true } };
}
