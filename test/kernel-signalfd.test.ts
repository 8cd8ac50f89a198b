/**
 * kernel-signalfd.test.ts — signalfd.ts (fs/signalfd.c) on raw tasks: a read takes the reading
 * task's pending signals of its mask, private before shared (rule 14); a tgkill to another
 * thread (rule 12) is not seen; a blocked read and a poll are woken when a signal is queued
 * (signalfd_notify); SIGKILL/SIGSTOP leave the mask; EINVAL and EAGAIN.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import { EAGAIN, EINVAL, POLLIN, SIGUSR1, SIGUSR2, SIGKILL, SFD_NONBLOCK, SI_USER, SI_TKILL } from '../kernel/uapi.js';
import { run, thread, sleep, block, mask, MS } from './kernel-ipc-helpers.js';

/** signo/code of each 128-byte record. */
function records(r: unknown): string {
  if (typeof r !== 'string') return `err ${r}`;
  const out: string[] = [];
  for (let at = 0; at + 128 <= r.length; at += 128) {
    const u32 = (o: number) => (r.charCodeAt(at + o) | (r.charCodeAt(at + o + 1) << 8) | (r.charCodeAt(at + o + 2) << 16) | (r.charCodeAt(at + o + 3) << 24));
    out.push(`${u32(0)}/${u32(8)}`);
  }
  return out.join(' ');
}

describe('signalfd', () => {
  it('the reader\'s own pending signals first, then its process\'s; another thread\'s are not its own', () => {
    const got: unknown[] = [];
    run(function* () {
      yield* block(SIGUSR1, SIGUSR2);
      const fd = (yield sys.signalfd4(-1, mask(SIGUSR1, SIGUSR2, SIGKILL), SFD_NONBLOCK)) as number;
      const pid = (yield sys.getpid()) as number;
      const me = (yield sys.gettid()) as number;
      const tid = yield* thread(function* () {
        yield* sleep(10 * MS);
        const r = yield sys.read(fd, 512);
        got.push(`thread ${records(r)}`);
        return 0;
      });
      yield sys.kill(pid, SIGUSR2);        // shared
      yield sys.tgkill(pid, me, SIGUSR1);  // main's own
      yield sys.tgkill(pid, tid, SIGUSR1); // the thread's own
      got.push(`main ${records(yield sys.read(fd, 512))}`, yield sys.read(fd, 128), yield sys.read(fd, 64));
      yield* sleep(20 * MS);
      return 0;
    });
    expect(got).toEqual([`main ${SIGUSR1}/${SI_TKILL} ${SIGUSR2}/${SI_USER}`, -EAGAIN, -EINVAL, `thread ${SIGUSR1}/${SI_TKILL}`]);
  });

  it('a blocking read and a poll are woken when a signal of the mask is queued; bad flags and a non-signalfd are EINVAL', () => {
    const got: unknown[] = [];
    run(function* () {
      yield* block(SIGUSR1);
      const fd = (yield sys.signalfd4(-1, mask(SIGUSR1), 0)) as number;
      const pid = (yield sys.getpid()) as number;
      yield* thread(function* () { yield* sleep(5 * MS); yield sys.kill(pid, SIGUSR1); yield* sleep(5 * MS); yield sys.kill(pid, SIGUSR1); return 0; });
      got.push(records(yield sys.read(fd, 128)));
      const fds = [{ fd, events: POLLIN, revents: 0 }];
      got.push(yield sys.poll(fds, -1), fds[0].revents, records(yield sys.read(fd, 128)));
      got.push(yield sys.signalfd4(-1, mask(SIGUSR1), 0x10), yield sys.signalfd4(0, mask(SIGUSR1), 0), yield sys.signalfd4(fd, mask(SIGUSR2), 0));
      return 0;
    });
    expect(got).toEqual([`${SIGUSR1}/${SI_USER}`, 1, POLLIN, `${SIGUSR1}/${SI_USER}`, -EINVAL, -EINVAL, 3]);
  });
});
