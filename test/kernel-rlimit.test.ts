/**
 * kernel-rlimit.test.ts — getrlimit/setrlimit/prlimit64 (sys_rlimit.ts) on raw tasks: root
 * may raise a hard limit, but not RLIMIT_NOFILE's past nr_open; a forked child copies the
 * limits (later changes in the parent are not seen); RLIMIT_NOFILE bounds open descriptors.
 */
import { describe, expect, it } from 'vitest';
import { sys } from '../kernel/usys.js';
import { EMFILE, EPERM } from '../kernel/uapi.js';
import { RLIMIT_NOFILE, RLIMIT_CORE, NR_OPEN_MAX } from '../kernel/sys_rlimit.js';
import { run, me } from './kernel-ipc-helpers.js';
import { Cred } from '../kernel/cred.js';

describe('resource limits', () => {
  it('root raises a hard limit; NOFILE stops at nr_open; the child has a copy', () => {
    const got: unknown[] = [];
    run(function* (k) {
      got.push((yield sys.setrlimit(RLIMIT_NOFILE, { cur: 2048, max: 8192 })) as number); // the lab's user
      me(k).cred = Cred.of(0, 0); // root: CAP_SYS_RESOURCE
      got.push((yield sys.setrlimit(RLIMIT_NOFILE, { cur: 2048, max: 8192 })) as number);
      got.push((yield sys.setrlimit(RLIMIT_NOFILE, { cur: 1, max: NR_OPEN_MAX + 1 })) as number);
      got.push((yield sys.setrlimit(RLIMIT_CORE, { cur: 4096, max: Infinity })) as number);
      const child = (yield sys.fork(function* () {
        yield sys.nanosleep(10_000_000);
        const out: { value?: { cur: number; max: number } } = {};
        yield sys.getrlimit(RLIMIT_CORE, out);
        got.push(out.value);
        return 0;
      })) as number;
      yield sys.setrlimit(RLIMIT_CORE, { cur: 0, max: 0 });
      yield sys.wait4(child, null, 0);
      yield sys.setrlimit(RLIMIT_NOFILE, { cur: 5, max: 5 }); // 0-2 open: room for one pipe
      got.push((yield sys.pipe()) as unknown);
      got.push((yield sys.pipe()) as unknown);
      return 0;
    });
    expect(got.slice(0, 5)).toEqual([-EPERM, 0, -EPERM, 0, { cur: 4096, max: Infinity }]);
    expect(got[5]).not.toBe(-EMFILE);
    expect(got[6]).toBe(-EMFILE);
  });
});
