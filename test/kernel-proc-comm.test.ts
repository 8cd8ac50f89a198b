/**
 * kernel-proc-comm.test.ts — /proc/<pid>/task/<tid>/comm (kernel/proc_comm.ts after
 * fs/proc/base.c comm_show/comm_write): a thread's name read and written as a file.
 */

import { describe, it, expect } from 'vitest';
import { sys } from '../kernel/usys.js';
import { EINVAL, ENOENT, O_RDWR, O_RDONLY, O_CLOEXEC } from '../kernel/uapi.js';
import { runMain, spawnThread, joinThread, me, wait } from './kernel-process-helpers.js';

function* readComm(path: string): Generator<any, string | number, any> {
  const fd = (yield sys.open(path, O_RDONLY)) as number;
  if (fd < 0) return fd;
  const s = (yield sys.read(fd, 64)) as string;
  const eof = (yield sys.read(fd, 64)) as string;
  yield sys.close(fd);
  return s + (eof === '' ? '' : '?');
}

describe('/proc/<pid>/task/<tid>/comm (proc_comm.ts)', () => {
  it('reads a thread\'s name with a newline; a thread of the same group renames another (15 bytes kept)', () => {
    const r: unknown[] = [];
    runMain(function* (k) {
      const pid = me(k).tgid;
      let go = false;
      const th = yield* spawnThread(function* () { while (!go) yield sys.nanosleep(100_000); return 0; });
      r.push(yield* readComm(`/proc/self/task/${th.tid}/comm`));
      const fd = (yield sys.open(`/proc/${pid}/task/${th.tid}/comm`, O_RDWR)) as number;
      r.push(yield sys.write(fd, 'a-very-long-thread-name'));
      yield sys.close(fd);
      r.push(k.findTask(th.tid)!.comm);
      r.push(yield* readComm('/proc/thread-self/comm'));
      r.push(yield* readComm(`/proc/self/task/${pid + 1000}/comm`));
      r.push(yield* readComm('/proc/self/status'));
      go = true;
      yield* joinThread(th);
      return 0;
    });
    expect(r).toEqual(['prog\n', 23, 'a-very-long-thr', 'prog\n', -ENOENT, -ENOENT]);
  });

  it('a task of another thread group cannot rename it (EINVAL), nor find it under its own pid\'s task/ (ENOENT)', () => {
    const r: unknown[] = [];
    runMain(function* (k) {
      const parent = me(k).tgid;
      const child = (yield sys.fork(function* () {
        const fd = (yield sys.open(`/proc/${parent}/task/${parent}/comm`, O_RDWR)) as number;
        const w = (yield sys.write(fd, 'hijack')) as number;
        const other = (yield sys.open(`/proc/self/task/${parent}/comm`, O_RDONLY)) as number;
        return (w === -EINVAL ? 1 : 0) + (other === -ENOENT ? 2 : 0);
      })) as number;
      const [, st] = yield* wait(child);
      r.push((st >> 8) & 0xff, me(k).comm);
      return 0;
    });
    expect(r).toEqual([3, 'prog']);
  });

  it('O_CLOEXEC makes its descriptor close-on-exec, as any open', () => {
    const r: boolean[] = [];
    runMain(function* (k) {
      const a = (yield sys.open('/proc/self/comm', O_RDONLY | O_CLOEXEC)) as number;
      const b = (yield sys.open('/proc/self/comm', O_RDONLY)) as number;
      r.push(me(k).files!.cloexec[a], me(k).files!.cloexec[b]);
      return 0;
    });
    expect(r).toEqual([true, false]);
  });
});
