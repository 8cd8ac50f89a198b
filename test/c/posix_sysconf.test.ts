/**
 * posix_sysconf.test.ts — sysconf/fpathconf/pathconf from C as glibc answers them on Linux
 * (clib/runtime/sysconf.c), on every library: the limits computed from the resource limits
 * (_SC_ARG_MAX from RLIMIT_STACK, _SC_OPEN_MAX, _SC_CHILD_MAX, _SC_SIGQUEUE_MAX) and the fixed
 * ones TLPI's syslim/t_sysconf.c and t_fpathconf.c print (wasi-libc answered -1 or its own).
 * The expected text is what gcc + glibc print on Linux for test/c/posix/sysconf_limits.c.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const PROG = 'test/c/posix/sysconf_limits.c';

beforeAll(async () => { await cprog(PROG); }, 600_000);

describe.each(LIBS)('C on %s: sysconf and fpathconf limits', (lib) => {
  it('answers glibc on Linux gives (rlimit-derived and fixed limits, PIPE_BUF, LINK_MAX)', async () => {
    const r = await runC(PROG, lib);
    expect(r.stdout).toBe(
      'ARG_MAX stack 8M 2097152, 100K 131072, unlimited 6291456\n' +
      'OPEN_MAX 256 CHILD_MAX 50 SIGQUEUE_MAX 77\n' +
      'NGROUPS_MAX 65536 RTSIG_MAX 32 SEM_VALUE_MAX 2147483647\n' +
      'THREAD_KEYS_MAX 1024 THREAD_DESTRUCTOR_ITERATIONS 4 STREAM_MAX 16 TZNAME_MAX -1\n' +
      'LINE_MAX 2048 HOST_NAME_MAX 64 GETPW_R_SIZE_MAX 1024 MQ_PRIO_MAX 32768\n' +
      'pipe: PIPE_BUF 4096 LINK_MAX 127; closed: -1 EBADF; pathconf("") -1 ENOENT\n');
    expect(r.exitCode).toBe(0);
  });
});

const SYSINFO = 'test/c/posix/sysinfo.c';

describe.each(LIBS)('C on %s: sysinfo(2) and the physical-page counts', (lib) => {
  it('fills struct sysinfo and answers _SC_PHYS_PAGES/_SC_AVPHYS_PAGES from it, as glibc (they were negative)', async () => {
    const r = await runC(SYSINFO, lib);
    expect(r.stdout).toBe(
      'sysinfo 0 mem_unit>=1 1 totalram>0 1 freeram<=totalram 1 freeswap<=totalswap 1 procs>=1 1 uptime>=1 1\n' +
      'phys>0 1 phys==get_phys_pages 1 0<avphys<=phys 1 phys==totalram/page 1\n' +
      'uptime advances by 2 or 3 1\n');
    expect(r.exitCode).toBe(0);
  }, 180_000);
});

const OPTIONS = 'test/c/posix/sysconf_options.c';

describe.each(LIBS)('C on %s: POSIX options', (lib) => {
  it('sysconf and the _POSIX_ macros answer as glibc 2.36 (prioritized and synchronized I/O, aio, memlock ...)', async () => {
    await cprog(OPTIONS);
    const r = await runC(OPTIONS, lib);
    expect(r.stdout).toBe(
      '_SC_PRIORITIZED_IO 200809\n' +
      '_SC_SYNCHRONIZED_IO 200809\n' +
      '_SC_FSYNC 200809\n' +
      '_SC_MAPPED_FILES 200809\n' +
      '_SC_MEMLOCK 200809\n' +
      '_SC_MEMLOCK_RANGE 200809\n' +
      '_SC_MEMORY_PROTECTION 200809\n' +
      '_SC_SHARED_MEMORY_OBJECTS 200809\n' +
      '_SC_REALTIME_SIGNALS 200809\n' +
      '_SC_TIMERS 200809\n' +
      '_SC_SEMAPHORES 200809\n' +
      '_SC_MESSAGE_PASSING 200809\n' +
      '_SC_ASYNCHRONOUS_IO 200809\n' +
      '_SC_AIO_LISTIO_MAX -1\n' +
      '_SC_AIO_MAX -1\n' +
      '_SC_AIO_PRIO_DELTA_MAX 20\n' +
      '_SC_SPORADIC_SERVER -1\n' +
      '_SC_THREAD_SPORADIC_SERVER -1\n' +
      '_SC_THREADS 200809\n' +
      '_SC_THREAD_PROCESS_SHARED 200809\n' +
      '_SC_MONOTONIC_CLOCK 200809\n' +
      '_SC_CPUTIME 200809\n' +
      '_SC_THREAD_CPUTIME 200809\n' +
      '_SC_SPAWN 200809\n' +
      '_SC_TIMEOUTS 200809\n' +
      '_POSIX_PRIORITIZED_IO 200809\n' +
      '_POSIX_SYNCHRONIZED_IO 200809\n' +
      '_POSIX_MEMLOCK 200809\n' +
      '_POSIX_MEMLOCK_RANGE 200809\n' +
      '_POSIX_ASYNCHRONOUS_IO 200809\n' +
      '_POSIX_SEMAPHORES 200809\n' +
      '_POSIX_SHARED_MEMORY_OBJECTS 200809\n' +
      '_POSIX_MAPPED_FILES 200809\n' +
      '_POSIX_SPORADIC_SERVER -1\n' +
      '_POSIX_THREAD_SPORADIC_SERVER -1\n');
  }, 180_000);
});
