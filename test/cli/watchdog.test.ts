/**
 * watchdog.test.ts — runaway programs (issue 9): a thread that never yields and a program that
 * allocates without bound are stopped by the watchdog with a message naming the program and
 * the thread, the output written so far is kept, and the exit status says so. A thread that
 * never yields freezes the engine's heartbeat and is named after the stall interval (5 s), long
 * before the host timeout (issue 14); a run that keeps simulating is not stopped by it.
 */

import { describe, it, expect, onTestFinished } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runWatched, WATCHDOG_EXIT } from '../../experiments/watchdog.js';
import { DEFAULT_PRESET } from '../../kernel/index.js';
import { main as cli } from '../../experiments/cli.js';

const base = { lib: 'nptl', cpus: 1, seed: 1, costs: DEFAULT_PRESET, module: [], libOpt: {}, timeLimit: 300e9 };

describe('watchdog', () => {
  it('stops a thread that never yields within 10 s (the heartbeat stands still 5 s), naming it, and keeps the output so far', async () => {
    const t0 = Date.now();
    const r = await runWatched('test/fixtures/spin.ts', [], base, { hostSeconds: 120, memoryMb: 512 });
    const took = (Date.now() - t0) / 1000;
    expect(r.code).toBe(WATCHDOG_EXIT);
    expect(r.out).toBe('starting\n');
    expect(r.err).toMatch(/^threadlab: program 'test\/fixtures\/spin\.ts' stopped by the watchdog after the simulation stood still for 5(\.\d)? s of host time: thread \d+ \(process \d+\) was running and never yielded \(a loop without yield\*\?\)\n$/);
    expect(took).toBeGreaterThanOrEqual(5);
    expect(took).toBeLessThan(10);
  }, 60_000);

  it('does not stop a simulation that keeps going for longer than the stall interval', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'threadlab-wd-'));
    onTestFinished(() => rmSync(tmp, { recursive: true, force: true }));
    const busy = join(tmp, 'busy.ts');
    // Keeps yielding for 3 s of host time (three stall intervals), printing nothing meanwhile.
    writeFileSync(busy, 'export default function* main(libc: any) {\n  const end = Date.now() + 3000;\n  let n = 0;\n  while (Date.now() < end) { yield* libc.sched_yield(); n++; }\n  yield* libc.printf("done %d\\n", n);\n  return 0;\n}\n');
    const r = await runWatched(busy, [], base, { hostSeconds: 60, memoryMb: 512, stallSeconds: 1 });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^done [1-9]\d*\n/);
  }, 60_000);

  it('threadlab run --stall-timeout sets the stall interval', async () => {
    let err = '';
    const code = await cli(['run', 'test/fixtures/spin.ts', '--stall-timeout', '1'], { out: () => {}, err: (s) => { err += s; } });
    expect(code).toBe(WATCHDOG_EXIT);
    expect(err).toMatch(/stood still for 1(\.\d)? s of host time: thread \d+ \(process \d+\) was running and never yielded/);
  }, 60_000);

  it('says a program still writing output is a long run, not a loop without yield*', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'threadlab-wd-'));
    onTestFinished(() => rmSync(tmp, { recursive: true, force: true }));
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
