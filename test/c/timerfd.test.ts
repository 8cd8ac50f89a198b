/**
 * timerfd.test.ts — timerfd_create/settime/gettime from C on every library
 * (test/c/posix/timerfd.c: a blocking read of the first expiry, a periodic timer's count of
 * the periods that passed, gettime and the old setting, TFD_NONBLOCK, an absolute
 * CLOCK_REALTIME time through poll, select, EINVAL). Every library prints what gcc + glibc
 * print on Linux (times rounded to 10 ms there).
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const PROG = 'test/c/posix/timerfd.c';

const EXPECTED = `new timer: value 0 interval 0
settime 100 ms, every 50: 0
read 8: 1 expiry after about 100 ms
275 ms later: 5 expiries
gettime: next within the period 1, interval 50
disarm: 0, old interval 50
disarmed: value 0 interval 0
TFD_NONBLOCK, not expired: -1 Resource temporarily unavailable
absolute CLOCK_REALTIME +50 ms: 0
poll 1 revents POLLIN, read 8: 1
select 1 readable 1
read into 4 bytes: -1 Invalid argument
timerfd_create(99): -1 Invalid argument
bad flags: -1 Invalid argument
settime on stdin: -1 Invalid argument
settime bad flags: -1 Invalid argument
tv_nsec 1e9: -1 Invalid argument
`;

beforeAll(async () => { await cprog(PROG); }, 600_000);

describe.each(LIBS)('C on %s: timerfd', (lib) => {
  it('prints what Linux prints', async () => {
    const r = await runC(PROG, lib);
    expect(r.stdout).toBe(EXPECTED);
    expect(r.exitCode).toBe(0);
  }, 120_000);
});
