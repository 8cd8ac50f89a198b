/**
 * syscalls_io.ts — table entries for pipes, poll/select, sleeping and timers, and the slow
 * device (their handlers live in pipe.ts, poll.ts, time.ts and dev_slow.ts).
 */

import type { SyscallEntry } from './syscalls.js';

export const EXTRA_SYSCALLS: SyscallEntry[] = [];
