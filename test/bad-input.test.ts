/**
 * bad-input.test.ts — one table of bad input (issue 9): invalid clone flags, signals, fds,
 * pids and futex ops at the kernel; C-library misuse (joining yourself, a detached or an
 * already-joined thread, unlocking a mutex you do not own, destroying a locked one); CLI typos,
 * unknown libraries and experiments, a cost file with a wrong field, an unwritable output
 * directory. Each case names the documented errno or message, and nothing is half-written.
 */

import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readdirSync, existsSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProgram } from '../experiments/runner.js';
import { main as cli } from '../experiments/cli.js';
import {
  sys, CLONE_VM, CLONE_FS, CLONE_SIGHAND, CLONE_THREAD, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUSER,
  FUTEX_WAIT, uaccess, type Sim,
} from '../kernel/index.js';
import {
  type Libc, SIGKILL, SIGSTOP, SIGUSR1, EINVAL, ESRCH, EBADF, ECHILD, EDEADLK, EPERM, EBUSY,
  EAGAIN, ENOENT, ENOSYS, SIG_IGN,
} from '../libs/api.js';
import '../libs/all.js';

const tmp = mkdtempSync(join(tmpdir(), 'threadlab-bad-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Probe = (libc: Libc) => Sim<number>;
/** A C-library call that must return -1 with errno set: returns errno (or 0 if it succeeded). */
const errnoOf = (call: Probe): Probe => function* (libc) {
  const r = yield* call(libc);
  return r === -1 ? libc.errno : 1000 + r;
};
/** A raw system call that must return -errno. */
const rawErr = (req: () => ReturnType<typeof sys.getpid>): Probe => function* () {
  const r = (yield req()) as number;
  return r < 0 ? -r : 1000 + r;
};

function* nothing(): Sim<number> { return 0; }
function* noop(): Sim<void> {}
function* sleepy(libc: Libc): Sim<number> { yield* libc.usleep(1000); return 0; }

/** [name, probe, expected error number] — run under NPTL. */
const LIBC_CASES: [string, Probe, number][] = [
  ['kill with signal 99', errnoOf((l) => l.kill(1, 99)), EINVAL],
  ['kill with signal -1', errnoOf(function* (l) { return yield* l.kill(yield* l.getpid(), -1); }), EINVAL],
  ['kill of a pid that does not exist', errnoOf((l) => l.kill(31_999, SIGUSR1)), ESRCH],
  ['tgkill with tid 0', errnoOf(function* (l) { return yield* l.tgkill(yield* l.getpid(), 0, SIGUSR1); }), EINVAL],
  ['tgkill naming a thread of another process', errnoOf(function* (l) { return yield* l.tgkill(1, yield* l.gettid(), SIGUSR1); }), ESRCH],
  ['sigaction on SIGKILL', errnoOf((l) => l.sigaction(SIGKILL, { handler: noop })), EINVAL],
  ['sigaction ignoring SIGSTOP', errnoOf((l) => l.sigaction(SIGSTOP, { handler: SIG_IGN })), EINVAL],
  ['sigaction on signal 0', errnoOf((l) => l.sigaction(0, { handler: noop })), EINVAL],
  ['sigaction on signal 65', errnoOf((l) => l.sigaction(65, { handler: noop })), EINVAL],
  ['sigaction on NPTL\'s reserved signal 32', errnoOf((l) => l.sigaction(32, { handler: noop })), EINVAL],
  ['sigprocmask with how = 99', errnoOf((l) => l.sigprocmask(99, 0n)), EINVAL],
  ['read from fd 42', errnoOf((l) => l.read(42, { value: '' }, 1)), EBADF],
  ['write to fd -1', errnoOf((l) => l.write(-1, 'x')), EBADF],
  ['close of fd 77', errnoOf((l) => l.close(77)), EBADF],
  ['read with a negative count', errnoOf((l) => l.read(0, { value: '' }, -5)), EINVAL],
  ['open of a path that does not exist', errnoOf((l) => l.open('/no/such/file')), ENOENT],
  ['waitpid with no children', errnoOf((l) => l.waitpid(-1, null, 0)), ECHILD],
  ['waitpid with unknown options', errnoOf((l) => l.waitpid(-1, null, 0x0dead000)), EINVAL],
  ['nanosleep for a negative time', errnoOf((l) => l.nanosleep(-1)), EINVAL],
  ['sem_trywait on a zero semaphore', errnoOf(function* (l) { return yield* l.sem_trywait(yield* l.sem_init(0)); }), EAGAIN],
  ['pthread_join on yourself', function* (l) { return yield* l.pthread_join(yield* l.pthread_self()); }, EDEADLK],
  ['pthread_join on a detached thread', function* (l) {
    const t = yield* l.pthread_create(sleepy);
    yield* l.pthread_detach(t);
    return yield* l.pthread_join(t);
  }, EINVAL],
  ['pthread_join on an already-joined thread', function* (l) {
    const t = yield* l.pthread_create(nothing);
    yield* l.pthread_join(t);
    return yield* l.pthread_join(t);
  }, ESRCH],
  ['pthread_join on a made-up thread id', (l) => l.pthread_join(123_456_789), ESRCH],
  ['pthread_detach on a made-up thread id', (l) => l.pthread_detach(123_456_789), ESRCH],
  ['pthread_kill with signal 99', function* (l) { return yield* l.pthread_kill(yield* l.pthread_self(), 99); }, EINVAL],
  ['unlocking an error-checking mutex you do not own', function* (l) {
    const m = yield* l.pthread_mutex_init({ type: 'errorcheck' });
    return yield* l.pthread_mutex_unlock(m);
  }, EPERM],
  ['relocking an error-checking mutex you hold', function* (l) {
    const m = yield* l.pthread_mutex_init({ type: 'errorcheck' });
    yield* l.pthread_mutex_lock(m);
    return yield* l.pthread_mutex_lock(m);
  }, EDEADLK],
  ['trylock of a locked mutex', function* (l) {
    const m = yield* l.pthread_mutex_init();
    yield* l.pthread_mutex_lock(m);
    return yield* l.pthread_mutex_trylock(m);
  }, EBUSY],
  ['destroying a locked mutex', function* (l) {
    const m = yield* l.pthread_mutex_init();
    yield* l.pthread_mutex_lock(m);
    return yield* l.pthread_mutex_destroy(m);
  }, EBUSY],
  ['pthread_setspecific on a key never created', (l) => l.pthread_setspecific(77, 1), EINVAL],
  ['pthread_key_delete on a key never created', (l) => l.pthread_key_delete(77), EINVAL],
];

const T = CLONE_VM | CLONE_SIGHAND | CLONE_THREAD;
const RAW_CASES: [string, Probe, number][] = [
  ['clone CLONE_THREAD without CLONE_SIGHAND', rawErr(() => sys.clone({ flags: CLONE_VM | CLONE_THREAD, fn: nothing })), EINVAL],
  ['clone CLONE_SIGHAND without CLONE_VM', rawErr(() => sys.clone({ flags: CLONE_SIGHAND, fn: nothing })), EINVAL],
  ['clone CLONE_NEWNS with CLONE_FS', rawErr(() => sys.clone({ flags: CLONE_NEWNS | CLONE_FS, fn: nothing })), EINVAL],
  ['clone CLONE_THREAD with CLONE_NEWPID', rawErr(() => sys.clone({ flags: T | CLONE_NEWPID, fn: nothing })), EINVAL],
  ['clone CLONE_THREAD with CLONE_NEWUSER', rawErr(() => sys.clone({ flags: T | CLONE_NEWUSER, fn: nothing })), EINVAL],
  ['clone with no function to run', rawErr(() => sys.clone({ flags: T, fn: undefined as never })), EINVAL],
  ['futex with op 99', rawErr(() => sys.futex(uaccess.umalloc(1), 99, 0)), ENOSYS],
  ['futex on an unaligned address', rawErr(() => sys.futex(uaccess.umalloc(1) + 2, FUTEX_WAIT, 0)), EINVAL],
  ['futex wait on a word that changed', rawErr(() => sys.futex(uaccess.umalloc(1), FUTEX_WAIT, 5)), EAGAIN],
  ['system call 9999', rawErr(() => sys.raw(9999)), ENOSYS],
  ['tkill of tid -3', rawErr(() => sys.tkill(-3, SIGUSR1)), EINVAL],
  ['wait4 with no children', rawErr(() => sys.wait4(-1, null, 0)), ECHILD],
];

function probeResult(p: Probe): number {
  const r = runProgram({ program: function* (libc) { const e = yield* p(libc); yield* libc.printf('%d', e); return 0; }, lib: 'nptl', name: 'probe' });
  expect(r.outcome).toBe('exited');
  return Number(r.stdout);
}

describe('bad input: the kernel and the C library', () => {
  it.each(LIBC_CASES)('%s → its errno', (_name, probe, expected) => {
    expect(probeResult(probe)).toBe(expected);
  });
  it.each(RAW_CASES)('%s → -errno from the kernel', (_name, probe, expected) => {
    expect(probeResult(probe)).toBe(expected);
  });
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await cli(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

const badCosts = join(tmp, 'bad-costs.json');
writeFileSync(badCosts, JSON.stringify({ base: 'modern-x86', sycall: 300 }));
const readonlyDir = join(tmp, 'readonly');
writeFileSync(readonlyDir, 'a file where a directory should be');
const asyncMain = join(tmp, 'asyncmain.js');
writeFileSync(asyncMain, 'export default async function* main(libc) { return 0; }\n');
const noExport = join(tmp, 'noexport.ts');
writeFileSync(noExport, 'export const x = 1;\n');

/** [name, argv, pattern of the one stderr line] */
const CLI_CASES: [string, string[], RegExp][] = [
  ['an unknown command', ['rnu', 'examples/hello.ts'], /unknown command 'rnu'.*usage/],
  ['an unknown option', ['run', 'examples/hello.ts', '--lbi', 'nptl'], /unknown option '--lbi'/],
  ['a program\'s own option before --', ['run', 'examples/hello.ts', '-n', '5'], /unknown option '-n' \(usage: .*\); an argument for the program goes after '--' \(threadlab run <program> \[options\] -- -n \.\.\.\)\n$/],
  ['an unknown library', ['run', 'examples/hello.ts', '--lib', 'solaris'], /unknown library 'solaris' \(known: nptl/],
  ['an unknown experiment', ['experiment', 'nosuch', '--quick', '--out', join(tmp, 'x1')], /unknown experiment 'nosuch'/],
  ['a missing program file', ['run', 'examples/nosuch.ts'], /program 'examples\/nosuch\.ts' not found/],
  ['a program without a default export', ['run', noExport], /has no default export/],
  ['an async generator main', ['run', asyncMain], /got an async generator function 'main' \(remove async/],
  ['--cpus 0', ['run', 'examples/hello.ts', '--cpus', '0'], /--cpus.*must be an integer from 1 to 64/],
  ['--seed that is not a number', ['run', 'examples/hello.ts', '--seed', 'abc'], /--seed.*must be an integer/],
  ['an unknown cost preset', ['run', 'examples/hello.ts', '--costs', 'pdp11'], /pdp11/],
  ['a cost file with a misspelt field', ['run', 'examples/hello.ts', '--costs', badCosts], /sycall/],
  ['a --lib-opt no library defines', ['run', 'examples/hello.ts', '--lib', 'nptl', '--lib-opt', 'stacksize=65536'], /^threadlab: unknown library option 'stacksize' \(known: .*stackSize/],
  ['an NPTL era that does not exist (2.30 is not 2.3)', ['run', 'examples/hello.ts', '--lib', 'nptl', '--lib-opt', 'glibc=2.30'], /^threadlab: nptl: option glibc must be 2\.3 or 2\.36 \(got "2\.30"\)\n$/],
  ['a --trace file in a directory that does not exist', ['run', 'examples/hello.ts', '--trace', join(tmp, 'no-such-dir', 't.json')], /^threadlab: cannot write trace file '.*t\.json': ENOENT\n$/],
  ['an experiment into an unwritable output directory', ['experiment', 'pingpong', '--quick', '--libs', 'nptl', '--out', join(readonlyDir, 'sub')], /^threadlab: cannot write to output directory .*: (ENOTDIR|EEXIST)\n$/],
];

describe('bad input: the command line', () => {
  it.each(CLI_CASES)('%s → one line on stderr and a non-zero exit', async (_name, argv, pattern) => {
    // `run` cases skip the watchdog's worker thread (tested in test/cli/watchdog.test.ts).
    const r = await run(...argv, ...(argv[0] === 'run' ? ['--no-watchdog'] : []));
    expect(r.code).not.toBe(0);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(pattern);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('an unwritable output directory leaves nothing half-written', async () => {
    const out = join(tmp, 'blocked');
    writeFileSync(out, 'not a directory');
    const r = await run('experiment', 'pingpong', '--quick', '--libs', 'nptl', '--out', join(out, 'run'));
    expect(r.code).toBe(2);
    expect(existsSync(join(out, 'run'))).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});
