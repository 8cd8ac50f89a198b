/**
 * posix_cond_destroy.test.ts — pthread_cond_destroy right after a broadcast, before the woken
 * waiters have run, returns 0 on every library and both NPTL eras (glibc's destroy waits for
 * woken waiters to leave; NPTL's 2.3 model said EBUSY — LTP pthread_cond_destroy/2-1).
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const PROG = 'test/c/posix/cond_destroy.c';

beforeAll(async () => { await cprog(PROG); }, 600_000);

describe.each(LIBS)('C on %s: pthread_cond_destroy', (lib) => {
  it('succeeds after a broadcast while the woken waiters have not yet left', async () => {
    const r = await runC(PROG, lib);
    expect(r.stdout).toBe('destroy after broadcast: 0\njoined\n');
    expect(r.exitCode).toBe(0);
  });
});

describe('C on nptl glibc=2.36: pthread_cond_destroy', () => {
  it('waits for the woken waiters (__wrefs) and returns 0', async () => {
    const r = await runC(PROG, 'nptl', [], { libOptions: { glibc: '2.36' } });
    expect(r.stdout).toBe('destroy after broadcast: 0\njoined\n');
  });
});
