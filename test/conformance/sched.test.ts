/**
 * sched.test.ts — real-time scheduling policies through the thread libraries, on every library:
 * sched_setscheduler and friends (the C library's system calls), pthread_create with
 * PTHREAD_EXPLICIT_SCHED, pthread_setschedparam/getschedparam/setschedprio on a running thread,
 * and the order a SCHED_FIFO thread runs in. Keys 'sched:*'; deviations.ts says where NGPT and
 * green differ (their sources: NGPT 2.2.1 pthread.c, GNU Pth 2.0.7 pthread.c) and why.
 */

import { describe, expect, it } from 'vitest';
import {
  EPERM, ENOSYS, EINVAL, SCHED_OTHER, SCHED_FIFO, SCHED_RR, PTHREAD_EXPLICIT_SCHED, PTHREAD_INHERIT_SCHED,
  type Libc, type Ref, type SchedParam,
} from '../../libs/api.js';
import { libraryNames, type Program } from '../../libs/index.js';
import '../../libs/all.js';
import { check, run, lines } from './helpers.js';

/** Run as a set-user-ID-root program (CAP_SYS_NICE), or as the student. */
function out(lib: string, main: Program, root = true): string[] {
  const r = run(lib, main, root ? { setuid: 0 } : {});
  expect(r.outcome, r.deadlock ?? r.dmesg.join('\n')).toBe('exited');
  return lines(r);
}

/** The calling thread's kernel policy and priority, as "policy/prio". */
function* mine(l: Libc): Generator<any, string, any> {
  const p: Ref<SchedParam> = { value: { sched_priority: -1 } };
  const pol = yield* l.sched_getscheduler(0);
  yield* l.sched_getparam(0, p);
  return `${pol}/${p.value.sched_priority}`;
}

/** sched_* on the caller: set FIFO 10, read back, the RR interval, lower to OTHER. */
const selfCalls: Program = function* (libc) {
  const a = yield* libc.sched_setscheduler(0, SCHED_FIFO, { sched_priority: 10 });
  const now = yield* mine(libc);
  const iv: Ref<number> = { value: -1 };
  yield* libc.sched_setscheduler(0, SCHED_RR, { sched_priority: 3 });
  yield* libc.sched_rr_get_interval(0, iv);
  const b = yield* libc.sched_setparam(0, { sched_priority: 0 });
  const e = libc.errno;
  yield* libc.sched_setscheduler(0, SCHED_OTHER, { sched_priority: 0 });
  yield* libc.printf('%d %s rr=%dms setparam0=%d/%d back=%s\n', a, now, iv.value / 1e6, b, e, yield* mine(libc));
  return 0;
};

/** pthread_create with PTHREAD_EXPLICIT_SCHED SCHED_FIFO 20 from a SCHED_FIFO 10 creator on one CPU: the child runs first. */
const explicit: Program = function* (libc) {
  const log: string[] = [];
  yield* libc.sched_setscheduler(0, SCHED_FIFO, { sched_priority: 10 });
  const t = yield* libc.pthread_create(function* (l: Libc) { log.push(`child ${yield* mine(l)}`); return 0; }, null,
    { inheritsched: PTHREAD_EXPLICIT_SCHED, schedpolicy: SCHED_FIFO, schedparam: { sched_priority: 20 } });
  log.push(`creator ${t > 0 ? 'ok' : t}`);
  if (t > 0) yield* libc.pthread_join(t);
  yield* libc.printf('%s\n', log.join(', '));
  return 0;
};

/** The same, unprivileged: pthread_create fails with EPERM and the start routine never runs. */
const explicitEperm: Program = function* (libc) {
  let ran = false;
  const t = yield* libc.pthread_create(function* () { ran = true; return 0; }, null,
    { inheritsched: PTHREAD_EXPLICIT_SCHED, schedpolicy: SCHED_FIFO, schedparam: { sched_priority: 20 } });
  yield* libc.usleep(1000);
  yield* libc.printf('create=%d ran=%s\n', t, ran);
  return 0;
};

/** pthread_setschedparam / getschedparam / setschedprio on a running thread. */
const onThread: Program = function* (libc) {
  let go = false;
  let seen = '';
  const t = yield* libc.pthread_create(function* (l: Libc) {
    while (!go) yield* l.usleep(100);
    seen = yield* mine(l);
    return 0;
  });
  const s = yield* libc.pthread_setschedparam(t, SCHED_RR, { sched_priority: 5 });
  const pol: Ref<number> = { value: -1 };
  const par: Ref<SchedParam> = { value: { sched_priority: -1 } };
  const g = yield* libc.pthread_getschedparam(t, pol, par);
  const p = yield* libc.pthread_setschedprio(t, 7);
  go = true;
  yield* libc.pthread_join(t);
  yield* libc.printf('set=%d get=%d %d/%d prio=%d thread saw %s\n', s, g, pol.value, par.value.sched_priority, p, seen);
  return 0;
};

for (const lib of libraryNames()) {
  describe(`real-time policies on ${lib}`, () => {
    check(lib, 'sched:self', 'sched_setscheduler/getscheduler/getparam/rr_get_interval on the caller (root)', () => {
      expect(out(lib, selfCalls)).toEqual([`0 ${SCHED_FIFO}/10 rr=100ms setparam0=-1/${EINVAL} back=${SCHED_OTHER}/0`]);
    });
    check(lib, 'sched:explicit', 'PTHREAD_EXPLICIT_SCHED SCHED_FIFO 20 from a FIFO 10 creator: the thread has the policy and runs before pthread_create returns', () => {
      expect(out(lib, explicit)).toEqual([`child ${SCHED_FIFO}/20, creator ok`]);
    });
    check(lib, 'sched:explicit-eperm', 'PTHREAD_EXPLICIT_SCHED SCHED_FIFO unprivileged: pthread_create fails with EPERM and the thread never runs', () => {
      expect(out(lib, explicitEperm, false)).toEqual([`create=${-EPERM} ran=false`]);
    });
    check(lib, 'sched:pthread', 'pthread_setschedparam(RR 5) on a running thread, pthread_getschedparam reads it, pthread_setschedprio(7)', () => {
      expect(out(lib, onThread)).toEqual([`set=0 get=0 ${SCHED_RR}/5 prio=0 thread saw ${SCHED_RR}/7`]);
    });
  });
}

describe('what NGPT and green answer instead (their sources)', () => {
  it('NGPT 2.2.1: pthread_setschedparam only takes SCHED_OTHER (ENOSYS) and getschedparam always says SCHED_OTHER; the attribute\'s policy is recorded, not applied; INHERIT_SCHED is ENOSYS', () => {
    expect(out('ngpt', onThread)).toEqual([`set=${ENOSYS} get=0 ${SCHED_OTHER}/-1 prio=${ENOSYS} thread saw ${SCHED_OTHER}/0`]);
    const r = run('ngpt', function* (libc) {
      const t = yield* libc.pthread_create(function* (l: Libc) { yield* l.printf('child %s\n', yield* mine(l)); return 0; }, null,
        { inheritsched: PTHREAD_EXPLICIT_SCHED, schedpolicy: SCHED_FIFO });
      yield* libc.pthread_join(t);
      yield* libc.printf('inherit %d\n', libc.pthread_attr_setsched('inheritsched', PTHREAD_INHERIT_SCHED));
      return 0;
    }, { setuid: 0 });
    expect(lines(r)).toEqual([`child ${SCHED_OTHER}/0`, `inherit ${ENOSYS}`]);
  });
  it('NGPT 2.2.1: pthread_attr_setschedparam writes through a null pointer — a program that sets a priority attribute dies of SIGSEGV', () => {
    const r = run('ngpt', explicit, { setuid: 0 });
    expect(r.statusText).toMatch(/SIGSEGV/);
    expect(r.dmesg.join('\n')).toMatch(/pthread_attr_setschedparam: null pointer dereference/);
  });
  it('GNU Pth 2.0.7: every scheduling attribute and pthread_setschedparam/getschedparam are ENOSYS', () => {
    expect(out('green', onThread)).toEqual([`set=${ENOSYS} get=${ENOSYS} -1/-1 prio=${ENOSYS} thread saw ${SCHED_OTHER}/0`]);
    expect(out('green', explicit)).toEqual([`creator ${-ENOSYS}`]);
  });
});
