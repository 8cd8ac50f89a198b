/**
 * cli.test.ts — `threadlab` as a user meets it: run (report, --json, --trace, argv, a .js
 * program, modules, --ps-at), compare, list, and bad input (one line on stderr, status 2).
 * Most tests call the CLI's main() in-process; the last ones spawn it like a shell would.
 */

import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { main } from '../../experiments/cli.js';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';

const ROOT = resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'threadlab-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

describe('threadlab run', () => {
  it('prints the output, status, virtual time, counters, ps, and always the cost model and seed', async () => {
    const r = await cli('run', 'examples/hello.ts');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^hello from thread 0 \(tid \d+\)$/m);
    for (const s of ['status         exited with status 0', 'virtual time', 'system calls   32 — ', 'clone 4', 'switches', 'tasks          4 created; at most 5 alive at once', 'cost model     modern-x86', 'seed           1', 'ps -eLf']) {
      expect(r.out).toContain(s);
    }
    expect(r.out).toMatch(/^student\s+(\d+)\s+\d+\s+\d+\s+0\s+5 \S+\s+pts\/0\s+\S+ \.\/hello$/m);
  });

  it('--quiet prints the program\'s output only; a run that did not end by itself says why in one stderr line', async () => {
    const ok = await cli('run', 'examples/hello.ts', '--quiet');
    expect(ok.code).toBe(0);
    expect(ok.err).toBe('');
    expect(ok.out).toMatch(/^hello from thread 0 \(tid \d+\)\n[^]*sum of squares 14\n$/);
    expect(ok.out).not.toContain('────');
    const killed = await cli('run', 'examples/fatal_signal.ts', '-q');
    expect(killed.code).toBe(139);
    expect(killed.out).toBe('crasher: raising SIGSEGV\n');
    expect(killed.err).toBe('threadlab: fatal_signal: killed by SIGSEGV (core dumped)\n');
    const stuck = await cli('run', 'examples/deadlock.ts', '-q');
    expect(stuck.code).toBe(125);
    expect(stuck.err).toMatch(/^threadlab: deadlock: deadlock \(every thread is waiting/);
  });

  it('--quiet keeps the program\'s standard error apart, as `./prog > out 2> err` does; after dup2(1, 2) it is standard output', async () => {
    const c = join(tmp, 'streams.c');
    writeFileSync(c, '#include <stdio.h>\n#include <unistd.h>\nint main(void) {\n  printf("out 1\\n"); fflush(stdout);\n  fprintf(stderr, "err 1\\n");\n'
      + '  dup2(1, 2);\n  fprintf(stderr, "err 2, now on stdout\\n");\n  printf("out 2\\n");\n  return 3;\n}\n');
    const q = await cli('run', c, '-q');
    expect(q.code).toBe(3);
    expect(q.out).toBe('out 1\nerr 2, now on stdout\nout 2\n');
    expect(q.err).toBe('err 1\n');
    // The report shows the console as a terminal does: both, in the order written.
    const full = await cli('run', c);
    expect(full.out).toMatch(/^out 1\nerr 1\nerr 2, now on stdout\nout 2\n/);
    const j = JSON.parse((await cli('run', c, '--json')).out);
    expect(j.stdout).toBe('out 1\nerr 1\nerr 2, now on stdout\nout 2\n');
    expect(j.streams).toEqual({ stdout: 'out 1\nerr 2, now on stdout\nout 2\n', stderr: 'err 1\n' });
  });

  it('--quiet: what a program wrote to standard error before the watchdog stopped it stays on stderr', async () => {
    const c = join(tmp, 'spin_err.c');
    writeFileSync(c, '#include <stdio.h>\nint main(void) {\n  printf("started\\n"); fflush(stdout);\n  fprintf(stderr, "warning: spinning\\n");\n'
      + '  for (volatile unsigned long i = 0;; i++) ;\n}\n');
    const r = await cli('run', c, '-q', '--host-timeout', '2');
    expect(r.code).toBe(137);
    expect(r.out).toBe('started\n');
    expect(r.err).toMatch(/^warning: spinning\nthreadlab: program '.*spin_err\.c' stopped by the watchdog after 2 s of host time/);
  }, 60_000);

  it('--json prints one result object', async () => {
    const r = await cli('run', 'examples/hello.ts', '--json', '--seed', '9', '--cpus', '2', '--costs', 'i386-2003');
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ lib: 'nptl', exitCode: 0, seed: 9, cpus: 2, costs: { name: 'i386-2003' }, tasksCreated: 4 });
    expect(j.syscalls.clone).toBe(4);
    expect(j.stdout).toContain('sum of squares 14');
    expect(Array.isArray(j.ps)).toBe(true);
  });

  it('--trace writes a Chrome Trace Event file: per-CPU tracks, X slices in µs, no pid/tid 0, no overlaps', async () => {
    const file = join(tmp, 'trace.json');
    const r = await cli('run', 'examples/prodcons.ts', '--cpus', '2', '--trace', file);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`trace          ${file}`);
    const t = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: { ph: string; name: string; pid: number; tid: number; ts: number; dur: number; args: Record<string, unknown> }[] };
    const ev = t.traceEvents;
    expect(ev.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.args.name)).toEqual(['CPU 0', 'CPU 1']);
    expect(ev.every((e) => e.pid !== 0 && e.tid !== 0)).toBe(true);
    const x = ev.filter((e) => e.ph === 'X');
    expect(x.some((e) => /^prodcons \d+$/.test(e.name))).toBe(true);
    for (const tid of [1, 2]) {
      const track = x.filter((e) => e.tid === tid).sort((a, b) => a.ts - b.ts);
      for (let i = 1; i < track.length; i++) expect(track[i].ts).toBeGreaterThanOrEqual(track[i - 1].ts + track[i - 1].dur - 1e-9);
    }
  });

  it('passes arguments to main and runs plain JavaScript programs; the exit status is the program\'s', async () => {
    const r = await cli('run', 'test/cli/fixtures/exit7.js', 'a', 'b');
    expect(r.code).toBe(7);
    expect(r.out).toMatch(/^args: a b$/m);
    const h = await cli('run', 'examples/hello.ts', '2');
    expect(h.out).toContain('joined 2 threads');
  });

  it('a program that throws is reported as its thread\'s fatal signal with the error message', async () => {
    const r = await cli('run', 'test/cli/fixtures/throws.ts');
    expect(r.code).toBe(134);
    expect(r.out).toContain('killed by SIGABRT');
    expect(r.out).toMatch(/fatal\s+throws\[\d+\]: uncaught exception in thread \d+ \(tgid \d+\): Error: boom in a thread/);
    expect(r.out).not.toContain('not reached');
  });

  it('a fatal signal gives 128 + the signal, as a shell reports it', async () => {
    expect((await cli('run', 'examples/fatal_signal.ts')).code).toBe(139);
  });

  it('a run stopped by --time-limit reports the limit as its virtual time, even when it was asleep', async () => {
    const sleeper = join(tmp, 'sleeper.js');
    writeFileSync(sleeper, 'export default function* main(libc) {\n  yield* libc.sleep(1000);\n  return 0;\n}\n');
    const r = await cli('run', sleeper, '--time-limit', '2s', '--no-watchdog');
    expect(r.code).toBe(124);
    expect(r.out).toMatch(/^virtual time   2(\.0+)? s$/m);
  });

  it('--ps-at after the run has ended says the snapshot was not taken', async () => {
    const r = await cli('run', 'examples/hello.ts', '--ps-at', '10s', '--no-watchdog');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ps -eLf at 10(\.0+)? s: not taken, the run ended at \d/m);
  });

  it('--module loads a kernel module; ps at --ps-at shows its thread in brackets and the zombie', async () => {
    const r = await cli('run', '--module', 'examples/zombie_watch.module.ts', 'examples/zombie.ts', '--ps-at', '2.5s');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/zombie_watch: pid \d+ \(zombie\) is a zombie/);
    expect(r.out).toMatch(/ps -eLf at the requested time:\n(.*\n)*root\s+\d+\s+2\s+.*\[zombie_watch\]/);
    expect(r.out).toMatch(/Z\s+pts\/0\s+\S+ \[zombie\] <defunct>/);
    expect(r.out).toContain('zombie_watch: unloaded');
  });
});

describe('threadlab compare and list', () => {
  it('compare runs every library and prints the side-by-side table', async () => {
    const r = await cli('compare', 'examples/ids.ts');
    expect(r.code).toBe(0);
    for (const lib of libraryNames()) expect(r.out.split('\n')[2]).toContain(lib);
    for (const row of ['exit status', 'output', 'virtual time', 'system calls', 'switches (vol/invol)', 'tasks seen by ps']) expect(r.out).toMatch(new RegExp(`^${row.replace(/[()]/g, '\\$&')}`, 'm'));
    expect(r.out).toMatch(/observable difference|nothing to compare/);
  });

  it('compare --libs picks libraries; --json gives one object', async () => {
    const r = await cli('compare', 'examples/hello.ts', '--libs', 'nptl,nptl', '--json');
    const j = JSON.parse(r.out);
    expect(j.runs.map((x: { lib: string }) => x.lib)).toEqual(['nptl', 'nptl']);
    expect(j.differences).toEqual([]);
  });

  it('compare a.ts b.ts says on stderr that b.ts goes to main as argv (it compares one program)', async () => {
    const r = await cli('compare', 'examples/hello.ts', 'examples/ids.ts', '--libs', 'nptl,green');
    expect(r.code).toBe(0);
    expect(r.err).toBe("threadlab: note: 'examples/ids.ts' is passed to main as argv, not run: compare takes one program (run it once per file)\n");
    expect(r.out).toContain('threadlab compare examples/hello.ts');
  });

  it('list shows libraries, experiments, cost presets and examples', async () => {
    const r = await cli('list');
    expect(r.code).toBe(0);
    for (const s of ['Libraries', 'nptl', 'CLONE_CHILD_CLEARTID', 'Experiments', 'create', 'Cost presets', 'modern-x86', 'i386-2003', 'Examples', 'examples/hello.ts']) expect(r.out).toContain(s);
  });
});

describe('bad input: one line on stderr, a non-zero status, no stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['a missing program file', ['run', 'examples/nope.ts'], /^threadlab: program 'examples\/nope.ts' not found\n$/],
    ['no default export', ['run', 'test/cli/fixtures/no_default.ts'], /has no default export/],
    ['a default export that is not a generator', ['run', 'test/cli/fixtures/not_generator.ts'], /must be a generator function/],
    ['an unknown library', ['run', 'examples/hello.ts', '--lib', 'solaris'], /^threadlab: unknown library 'solaris' \(known: nptl/],
    ['a bad --cpus', ['run', 'examples/hello.ts', '--cpus', 'many'], /option '--cpus <n>' argument 'many' is invalid.*usage: threadlab run/],
    ['an unknown option', ['run', 'examples/hello.ts', '--frob'], /^threadlab: unknown option '--frob' \(usage: threadlab run \[options\] <program> \[args\.\.\.\]\); an argument for the program goes after '--' \(threadlab run <program> \[options\] -- --frob \.\.\.\)\n$/],
    ['an unknown command', ['frobnicate'], /^threadlab: unknown command 'frobnicate' \(usage: threadlab \[options\] \[command\]\)\n$/],
    ['a missing argument', ['compare'], /missing required argument 'program'/],
    ['an unknown cost model', ['run', 'examples/hello.ts', '--costs', 'pdp11'], /unknown cost model 'pdp11'/],
    ['a bad --ps-at', ['run', 'examples/hello.ts', '--ps-at', 'soon'], /--ps-at <t>/],
  ];
  for (const [what, argv, msg] of cases) {
    it(what, async () => {
      const r = await cli(...argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(msg);
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    });
  }
  it('--help and --version exit 0', async () => {
    expect((await cli('--help')).code).toBe(0);
    expect((await cli('--version')).out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('the installed command', () => {
  it('starts with a node shebang', () => {
    expect(readFileSync(join(ROOT, 'experiments/cli.ts'), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });
  it('runs from a shell: exit status, and one stderr line for bad input', () => {
    const args = ['--import', 'tsx', join(ROOT, 'experiments/cli.ts')]; // the sources (dist/ may be stale)
    const ok = spawnSync(process.execPath, [...args, 'run', 'examples/fork_wait.ts'], { cwd: ROOT, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('exit status 7');
    const bad = spawnSync(process.execPath, [...args, 'run', 'nope.ts'], { cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("threadlab: program 'nope.ts' not found\n");
  });
  it('loads Vega and Vega-Lite (about a second) only for a command that draws: not for run or --version', () => {
    const hooks = join(tmp, 'hooks.mjs'), reg = join(tmp, 'register.mjs');
    writeFileSync(hooks, "export async function resolve(s, c, next) { if (/^vega(-lite)?$/.test(s)) process.stderr.write('LOADED ' + s + '\\n'); return next(s, c); }\n");
    writeFileSync(reg, `import { register } from 'node:module';\nregister(${JSON.stringify('file://' + hooks)});\n`);
    const cliArgs = ['--import', 'tsx', '--import', reg, join(ROOT, 'experiments/cli.ts')];
    for (const argv of [['--version'], ['run', 'examples/hello.ts', '--no-watchdog']]) {
      const r = spawnSync(process.execPath, [...cliArgs, ...argv], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status, argv.join(' ')).toBe(0);
      expect(r.stderr, argv.join(' ')).not.toContain('LOADED');
    }
    const html = spawnSync(process.execPath, [...cliArgs, 'run', 'examples/hello.ts', '--no-watchdog', '--html', join(tmp, 'h.html')], { cwd: ROOT, encoding: 'utf8' });
    expect(html.status).toBe(0);
    expect(html.stderr).toContain('LOADED vega-lite'); // the hook sees what it must: --html needs it
  });
  it('stops quietly when its reader goes away (threadlab run ... | head -1): status 141, no stack trace', async () => {
    const chatty = join(tmp, 'chatty.js'); // more output than a pipe holds
    writeFileSync(chatty, 'export default function* main(libc) {\n  for (let i = 0; i < 20000; i++) yield* libc.printf("line %d of a long output\\n", i);\n  return 0;\n}\n');
    const args = ['--import', 'tsx', join(ROOT, 'experiments/cli.ts'), 'run', chatty, '--no-watchdog'];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((res) => child.on('close', res));
    expect(err).toBe('');
    expect(code).toBe(141);
  });
});
