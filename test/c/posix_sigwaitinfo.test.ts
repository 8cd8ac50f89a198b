/**
 * posix_sigwaitinfo.test.ts — sigwaitinfo and sigtimedwait from C on every library
 * (test/c/posix/sigwaitinfo.c): a signal raised while held, queued real-time signals in order
 * with their values (the siginfo_t written stays inside the caller's), EAGAIN, and an unblocked
 * signal from another process ending the wait. Green does what pth_sigwait does (a raw wait on
 * its one native slept forever: libs/green); NGPT 2.2.1's sigwaitinfo returns pth_sigwait's 0
 * and fills only si_signo (libs/ngpt, its documented bug).
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const POSIX = 'raised while held: 1 signo 1 code user, handled 0\n' +
  'queued: 1/3q 1/2q 1/1q; then a timed wait -1 EAGAIN\n' +
  'unblocked, from the child: 1, from pid 1, handled 0\n';
const NGPT = 'raised while held: 0 signo 1 code user, handled 0\n' +
  'queued: 0/0 0/0 0/0; then a timed wait -1 EAGAIN\n' +
  'unblocked, from the child: 0, from pid 0, handled 0\n';

beforeAll(async () => { await cprog('test/c/posix/sigwaitinfo.c'); }, 600_000);

describe.each(LIBS)('C on %s: sigwaitinfo, sigtimedwait', (lib) => {
  it(lib === 'ngpt' ? 'NGPT 2.2.1: 0 for the signal, si_signo only' : 'held, queued, timed out, unblocked', async () => {
    const r = await runC('test/c/posix/sigwaitinfo.c', lib);
    expect(r.stdout).toBe(lib === 'ngpt' ? NGPT : POSIX);
    expect(r.exitCode).toBe(0);
  });
});
