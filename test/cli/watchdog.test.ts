/**
 * watchdog.test.ts — runaway programs (issue 9): a thread that never yields and a program that
 * allocates without bound are stopped by the watchdog with a message naming the program and
 * the thread, the output written so far is kept, and the exit status says so.
 */

import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runWatched, WATCHDOG_EXIT } from '../../experiments/watchdog.js';
import { DEFAULT_PRESET } from '../../kernel/index.js';

const base = { lib: 'nptl', cpus: 1, seed: 1, costs: DEFAULT_PRESET, module: [], libOpt: {}, timeLimit: 300e9 };

describe('watchdog', () => {
  it('stops a thread that never yields, naming it, and keeps the output so far', async () => {
    const r = await runWatched('test/fixtures/spin.ts', [], base, { hostSeconds: 4, memoryMb: 512 });
    expect(r.code).toBe(WATCHDOG_EXIT);
    expect(r.out).toBe('starting\n');
    expect(r.err).toMatch(/program 'test\/fixtures\/spin\.ts' stopped by the watchdog after 4 s of host time: thread \d+ \(process \d+\) was running and never yielded/);
  }, 60_000);

  it('says a program still writing output is a long run, not a loop without yield*', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'threadlab-wd-'));
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));
    const chatty = join(tmp, 'chatty.ts');
    writeFileSync(chatty, 'export default function* main(libc: any) {\n  for (let i = 0; ; i++) yield* libc.printf("line %d\\n", i);\n}\n');
    const r = await runWatched(chatty, [], base, { hostSeconds: 2, memoryMb: 512 });
    expect(r.code).toBe(WATCHDOG_EXIT);
    expect(r.out).toMatch(/^line 0\n/);
    expect(r.err).toMatch(/after 2 s of host time: thread \d+ \(process \d+\) was still writing output \(a long run, not a hang: raise --host-timeout\)\n$/);
  }, 60_000);

  it('stops a program that allocates without bound', async () => {
    const r = await runWatched('test/fixtures/hog.ts', [], base, { hostSeconds: 60, memoryMb: 128 });
    expect(r.code).toBe(WATCHDOG_EXIT);
    expect(r.err).toMatch(/stopped by the watchdog: it used more than 128 MB of host memory while thread \d+/);
  }, 90_000);

  it('passes a normal run through unchanged', async () => {
    const r = await runWatched('examples/hello.ts', [], base, { hostSeconds: 60, memoryMb: 512 });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/hello from thread 0/);
  }, 60_000);
});
