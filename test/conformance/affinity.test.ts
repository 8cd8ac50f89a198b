/**
 * affinity.test.ts — CPU affinity and the concurrency hint on every library: sched_setaffinity
 * / sched_getaffinity / sched_getcpu (the C library's calls on a kernel task),
 * pthread_setaffinity_np / pthread_getaffinity_np and the affinity attribute (one thread's
 * task: NPTL's tid, LinuxThreads' pid; ENOSYS under NGPT and green, whose user threads have no
 * task of their own), inheritance by new threads, and pthread_setconcurrency. Keys are
 * 'affinity:*' and 'posix:setconcurrency'; deviations.ts says where a library differs and why.
 */

import { describe, expect, it } from 'vitest';
import {
  EINVAL, ESRCH, ENOSYS, cpuset, CPU_COUNT, CPU_ISSET, type Libc, type Ref,
} from '../../libs/api.js';
import { libraryNames, type Program } from '../../libs/index.js';
import '../../libs/all.js';
import { check, run, lines } from './helpers.js';

function out(lib: string, main: Program, cpus = 2): string[] {
  const r = run(lib, main, { cpus });
  expect(r.outcome, r.deadlock ?? r.dmesg.join('\n')).toBe('exited');
  return lines(r);
}

/** sched_setaffinity(0) on the caller: its CPU, its mask, and the errors. */
const selfPin: Program = function* (libc) {
  const m: Ref<bigint> = { value: 0n };
  yield* libc.sched_getaffinity(0, m);
  yield* libc.printf('all=%s\n', m.value.toString(2));
  yield* libc.printf('set=%d\n', yield* libc.sched_setaffinity(0, cpuset(1)));
  yield* libc.compute(100_000);
  yield* libc.printf('cpu=%d\n', yield* libc.sched_getcpu());
  yield* libc.sched_getaffinity(0, m);
  yield* libc.printf('mask=%s count=%d\n', m.value.toString(2), CPU_COUNT(m.value));
  const e1 = yield* libc.sched_setaffinity(0, cpuset(5));
  const err1 = libc.errno;
  const e2 = yield* libc.sched_setaffinity(99999, cpuset(0));
  yield* libc.printf('errors %d %d %d %d\n', e1, err1, e2, libc.errno);
  return 0;
};

/** pthread_setaffinity_np on another thread, and pthread_getaffinity_np. */
const pinThread: Program = function* (libc) {
  let go = false;
  const seen: number[] = [];
  const t = yield* libc.pthread_create(function* (l: Libc) {
    while (!go) yield* l.usleep(100);
    for (let i = 0; i < 5; i++) { yield* l.compute(200_000); seen.push(yield* l.sched_getcpu()); yield* l.usleep(50); }
    return 0;
  });
  const r = yield* libc.pthread_setaffinity_np(t, cpuset(1));
  const m: Ref<bigint> = { value: 0n };
  const g = yield* libc.pthread_getaffinity_np(t, m);
  go = true;
  yield* libc.pthread_join(t);
  yield* libc.printf('set=%d get=%d mask=%s cpus=%s\n', r, g, m.value.toString(2), [...new Set(seen)].join(','));
  return 0;
};

/** pthread_create with the affinity attribute; an attribute naming no online CPU. */
const attrPin: Program = function* (libc) {
  let where = -1;
  const bad = yield* libc.pthread_create(function* () { return 0; }, null, { affinity: cpuset(7) });
  const t = yield* libc.pthread_create(function* (l: Libc) {
    yield* l.compute(100_000);
    where = yield* l.sched_getcpu();
    return 0;
  }, null, { affinity: cpuset(1) });
  if (t > 0) yield* libc.pthread_join(t);
  yield* libc.printf('bad=%d ok=%s cpu=%d\n', bad, t > 0, where);
  return 0;
};

/**
 * A thread created after its creator pinned itself inherits the mask (clone copies it). Main
 * first creates and joins a thread (so LinuxThreads' manager exists before the pin), then pins
 * itself to CPU 1 and creates another, which reports its own task's mask.
 */
const inherit: Program = function* (libc) {
  const first = yield* libc.pthread_create(function* () { return 0; });
  yield* libc.pthread_join(first);
  yield* libc.sched_setaffinity(0, cpuset(1));
  const m: Ref<bigint> = { value: 0n };
  const t = yield* libc.pthread_create(function* (l: Libc) { yield* l.sched_getaffinity(0, m); return 0; });
  yield* libc.pthread_join(t);
  yield* libc.printf('child mask=%s cpu1=%s\n', m.value.toString(2), CPU_ISSET(1, m.value));
  return 0;
};

/** pthread_setconcurrency / pthread_getconcurrency. */
const concurrency: Program = function* (libc) {
  const before = yield* libc.pthread_getconcurrency();
  const a = yield* libc.pthread_setconcurrency(3);
  const got = yield* libc.pthread_getconcurrency();
  const b = yield* libc.pthread_setconcurrency(-1);
  const after = yield* libc.pthread_getconcurrency();
  yield* libc.printf('%d %d %d %d %d\n', before, a, got, b, after);
  return 0;
};

for (const lib of libraryNames()) {
  describe(`CPU affinity on ${lib}`, () => {
    check(lib, 'affinity:self', 'sched_setaffinity(0, {1}) moves the caller to CPU 1 at once; sched_getaffinity reads it back; EINVAL for no online CPU, ESRCH for no such pid', () => {
      expect(out(lib, selfPin)).toEqual(['all=11', 'set=0', 'cpu=1', 'mask=10 count=1', `errors -1 ${EINVAL} -1 ${ESRCH}`]);
    });
    check(lib, 'affinity:pthread', 'pthread_setaffinity_np pins another thread to CPU 1; pthread_getaffinity_np reads it back', () => {
      expect(out(lib, pinThread)).toEqual(['set=0 get=0 mask=10 cpus=1']);
    });
    check(lib, 'affinity:attr', 'the affinity attribute puts a new thread on CPU 1; one naming no online CPU makes pthread_create fail with EINVAL', () => {
      expect(out(lib, attrPin)).toEqual([`bad=${-EINVAL} ok=true cpu=1`]);
    });
    check(lib, 'affinity:inherit', 'a thread created after its creator pinned itself inherits the mask', () => {
      expect(out(lib, inherit)).toEqual(['child mask=10 cpu1=true']);
    });
    check(lib, 'posix:setconcurrency', 'pthread_setconcurrency stores the level pthread_getconcurrency returns; a negative level is EINVAL', () => {
      expect(out(lib, concurrency, 1)).toEqual([`0 0 3 ${EINVAL} 3`]);
    });
  });
}

describe('what the libraries without a task per thread answer', () => {
  it('NGPT and green: pthread_setaffinity_np and the attribute are ENOSYS; sched_setaffinity(0) pins the native', () => {
    for (const lib of ['ngpt', 'green']) {
      expect(out(lib, pinThread)[0]).toMatch(new RegExp(`^set=${ENOSYS} get=${ENOSYS} `));
      expect(out(lib, attrPin)).toEqual([`bad=${-ENOSYS} ok=false cpu=-1`]);
    }
  });
  it('NGPT 2.2.1 and LinuxThreads store a negative concurrency level; green (GNU Pth) refuses it', () => {
    expect(out('ngpt', concurrency, 1)).toEqual(['0 0 3 0 -1']);
    expect(out('linuxthreads', concurrency, 1)).toEqual(['0 0 3 0 -1']);
    expect(out('green', concurrency, 1)).toEqual([`0 0 3 ${EINVAL} 3`]);
  });
});
