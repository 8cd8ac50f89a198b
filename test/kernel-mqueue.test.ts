/**
 * kernel-mqueue.test.ts — POSIX message queues (kernel/ipc/mqueue.ts) on raw tasks: highest
 * priority first and FIFO within one, the defaults (10 messages of 8192 bytes) and a user's
 * limits, EEXIST/ENOENT/EACCES/EINVAL at open, O_NONBLOCK's EAGAIN, EMSGSIZE, the timed receive's
 * ETIMEDOUT, a full queue blocking its sender, mq_getsetattr, mq_notify's signal (SI_MESGQ,
 * once, only when the queue becomes non-empty; EBUSY for a second process; SIGEV_THREAD's
 * thread-directed form), poll on the
 * descriptor, the descriptor being close-on-exec, unlink while open, SA_RESTART restarting a
 * blocked receive (-ERESTARTSYS), and the QSIZE line a read gives.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import {
  O_CREAT, O_EXCL, O_RDONLY, O_WRONLY, O_RDWR, O_NONBLOCK, EEXIST, ENOENT, EACCES, EINVAL, EAGAIN, EMSGSIZE, ETIMEDOUT, EBUSY,
  EBADF, EINTR, SIGUSR1, SIGEV_SIGNAL, SIGEV_THREAD, SI_MESGQ, SA_RESTART, POLLIN, POLLOUT, F_GETFD,
} from '../kernel/uapi.js';
import { run, thread, catchSig, sleep, takers, MS } from './kernel-ipc-helpers.js';
import type { Sim } from '../kernel/req.js';
import type { SigInfo } from '../kernel/task.js';

function* open(name: string, flags: number, attr: { mq_maxmsg: number; mq_msgsize: number } | null = null): Sim<number> {
  return (yield sys.mq_open(name, flags, 0o600, attr)) as number;
}
function* recv(fd: number, len = 8192, timeout: number | null = null): Sim<string> {
  const out: { value?: string } = {}, prio: { value?: number } = {};
  const r = (yield sys.mq_timedreceive(fd, out, len, prio, timeout)) as number;
  return r < 0 ? `err${-r}` : `${prio.value}:${out.value}`;
}

describe('POSIX message queues', () => {
  it('highest priority first, FIFO within a priority; the default attributes are 10 and 8192', () => {
    const got: unknown[] = [];
    run(function* () {
      const fd = yield* open('q', O_CREAT | O_RDWR);
      for (const [p, s] of [[1, 'a'], [5, 'b'], [1, 'c'], [5, 'd'], [0, 'e']] as [number, string][]) yield sys.mq_timedsend(fd, s, p, null);
      const attr: { value?: unknown } = {};
      yield sys.mq_getsetattr(fd, null, attr);
      got.push(attr.value);
      for (let i = 0; i < 5; i++) got.push(yield* recv(fd));
      return 0;
    });
    expect(got).toEqual([{ mq_flags: 0, mq_maxmsg: 10, mq_msgsize: 8192, mq_curmsgs: 5 }, '5:b', '5:d', '1:a', '1:c', '0:e']);
  });

  it('open: EEXIST, ENOENT, EINVAL for attributes past a user\'s limits or O_WRONLY|O_RDWR, EACCES by the mode; unlink while open keeps the queue', () => {
    const r: number[] = [];
    run(function* () {
      const fd = yield* open('x', O_CREAT | O_EXCL | O_RDWR);
      r.push(yield* open('x', O_CREAT | O_EXCL | O_RDWR), yield* open('nope', O_RDONLY));
      r.push(yield* open('y', O_CREAT | O_RDWR, { mq_maxmsg: 11, mq_msgsize: 10 }), yield* open('y', O_CREAT | O_RDWR, { mq_maxmsg: 5, mq_msgsize: 8193 }));
      r.push(yield* open('y', O_CREAT | O_RDWR, { mq_maxmsg: 0, mq_msgsize: 10 }), yield* open('x', O_WRONLY | O_RDWR));
      r.push((yield sys.mq_open('ro', O_CREAT | O_RDWR, 0o400, null)) as number >= 0 ? 1 : 0, yield* open('ro', O_WRONLY));
      r.push((yield sys.fcntl(fd, F_GETFD)) as number); // FD_CLOEXEC
      r.push((yield sys.mq_unlink('x')) as number, (yield sys.mq_unlink('x')) as number);
      yield sys.mq_timedsend(fd, 'still', 0, null);
      r.push((yield* recv(fd)) === '0:still' ? 1 : 0);
      return 0;
    });
    expect(r).toEqual([-EEXIST, -ENOENT, -EINVAL, -EINVAL, -EINVAL, -EINVAL, 1, -EACCES, 1, 0, -ENOENT, 1]);
  });

  it('O_NONBLOCK: EAGAIN on an empty or full queue; EMSGSIZE for a long message or a short buffer; EBADF on the wrong end', () => {
    const r: (number | string)[] = [];
    run(function* () {
      const fd = yield* open('nb', O_CREAT | O_RDWR | O_NONBLOCK, { mq_maxmsg: 2, mq_msgsize: 4 });
      r.push(yield* recv(fd, 4));
      r.push((yield sys.mq_timedsend(fd, '12345', 0, null)) as number, yield* recv(fd, 3));
      yield sys.mq_timedsend(fd, 'a', 0, null);
      yield sys.mq_timedsend(fd, 'b', 0, null);
      r.push((yield sys.mq_timedsend(fd, 'c', 0, null)) as number);
      const ro = yield* open('nb', O_RDONLY);
      r.push((yield sys.mq_timedsend(ro, 'c', 0, null)) as number, (yield sys.mq_timedsend(fd, 'c', 32768, null)) as number);
      return 0;
    });
    expect(r).toEqual([`err${EAGAIN}`, -EMSGSIZE, `err${EMSGSIZE}`, -EAGAIN, -EBADF, -EINVAL]);
  });

  it('mq_timedreceive times out with ETIMEDOUT; a full queue blocks the sender until a receive makes room', () => {
    const log: string[] = [];
    run(function* (k) {
      const fd = yield* open('t', O_CREAT | O_RDWR, { mq_maxmsg: 1, mq_msgsize: 16 });
      const t0 = k.now;
      log.push(yield* recv(fd, 16, 5 * MS), `${k.now - t0 >= 5 * MS}`);
      yield sys.mq_timedsend(fd, 'one', 1, null);
      yield* thread(function* () { yield sys.mq_timedsend(fd, 'two', 2, null); log.push('sent two'); return 0; });
      yield* sleep(MS);
      log.push(yield* recv(fd, 16));
      yield* sleep(MS);
      log.push(yield* recv(fd, 16));
      return 0;
    });
    expect(log).toEqual([`err${ETIMEDOUT}`, 'true', '1:one', 'sent two', '2:two']);
  });

  it('mq_notify: a signal with SI_MESGQ when the queue becomes non-empty, once; EBUSY for another process', () => {
    const infos: string[] = [];
    run(function* () {
      yield* catchSig(SIGUSR1, function* (_sig: number, info: SigInfo) { infos.push(`${info.code === SI_MESGQ} ${info.value}`); } as never);
      const fd = yield* open('n', O_CREAT | O_RDWR);
      infos.push(`reg ${(yield sys.mq_notify(fd, { notify: SIGEV_SIGNAL, signo: SIGUSR1, value: 77 })) as number}`);
      const pid = (yield sys.fork(function* () {
        const r = (yield sys.mq_notify(fd, { notify: SIGEV_SIGNAL, signo: SIGUSR1 })) as number;
        yield sys.mq_timedsend(fd, 'hi', 0, null);
        return -r;
      })) as number;
      const st = { value: 0 };
      yield sys.wait4(pid, st, 0);
      infos.push(`child ${st.value >> 8}`);
      yield* sleep(MS);
      yield sys.mq_timedsend(fd, 'again', 0, null); // not empty before: no notification (and none registered)
      yield* sleep(MS);
      return 0;
    });
    expect(infos).toEqual(['reg 0', 'true 77', `child ${EBUSY}`]); // the handler runs while the parent waits for the child
  });

  it('SIGEV_THREAD (the lab\'s stand-in for glibc\'s netlink helper): the signal goes to the named thread alone; a thread of another process is EBADF', () => {
    let helper = 0;
    const got: number[] = [];
    const r = run(function* () {
      yield* catchSig(SIGUSR1, function* () {});
      const fd = yield* open('th', O_CREAT | O_RDWR);
      helper = yield* thread(function* () { yield sys.pause(); return 0; });
      got.push((yield sys.mq_notify(fd, { notify: SIGEV_THREAD, signo: SIGUSR1, value: 5, tid: 1 })) as number);
      got.push((yield sys.mq_notify(fd, { notify: SIGEV_THREAD, signo: SIGUSR1, value: 5, tid: helper })) as number);
      yield* sleep(MS);
      yield sys.mq_timedsend(fd, 'x', 0, null);
      yield* sleep(MS);
      return 0;
    });
    expect(got).toEqual([-EBADF, 0]);
    expect(takers(r, SIGUSR1)).toEqual([helper]);
  });

  it('poll sees POLLIN and POLLOUT; a read gives the QSIZE line; SA_RESTART restarts a blocked receive', () => {
    const got: unknown[] = [];
    run(function* () {
      yield* catchSig(SIGUSR1, function* () {}, SA_RESTART);
      const fd = yield* open('p', O_CREAT | O_RDWR, { mq_maxmsg: 1, mq_msgsize: 8 });
      const fds = [{ fd, events: POLLIN | POLLOUT, revents: 0 }];
      yield sys.poll(fds, 0);
      got.push(fds[0].revents);
      const t = yield* thread(function* () { got.push(yield* recv(fd, 8)); return 0; });
      yield* sleep(MS);
      yield sys.tgkill((yield sys.getpid()) as number, t, SIGUSR1);
      yield* sleep(MS);
      yield sys.mq_timedsend(fd, 'abc', 3, null);
      yield* sleep(MS);
      yield sys.mq_timedsend(fd, 'xyz', 1, null);
      yield sys.poll(fds, 0);
      got.push(fds[0].revents, (yield sys.read(fd, 200)) as string);
      return 0;
    });
    expect(got).toEqual([POLLOUT, '3:abc', POLLIN, 'QSIZE:3          NOTIFY:0     SIGNO:0     NOTIFY_PID:0     \n']);
    expect(EINTR).toBe(4);
  });
});
