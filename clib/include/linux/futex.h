/*
 * threadlab: <linux/futex.h> — the futex(2) operations syscall(SYS_futex, ...) takes in the lab
 * (clib/host/futex.ts, kernel/futex.ts), with Linux's values: FUTEX_WAIT, FUTEX_WAKE, the
 * requeue operations and the bitset forms, their _PRIVATE variants, FUTEX_CLOCK_REALTIME.
 * The operations the lab's kernel does not have (FUTEX_FD, FUTEX_WAKE_OP) and the PI family (the
 * kernel has it for the thread libraries, but the host's shadow words cannot follow a word the
 * kernel writes: clib/host/futex.ts) are left undefined, so a program that needs them fails to
 * compile rather than at run time.
 */
#ifndef _THREADLAB_LINUX_FUTEX_H
#define _THREADLAB_LINUX_FUTEX_H

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10

#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))

#define FUTEX_WAIT_PRIVATE (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#define FUTEX_REQUEUE_PRIVATE (FUTEX_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_CMP_REQUEUE_PRIVATE (FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAIT_BITSET_PRIVATE (FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_BITSET_PRIVATE (FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG)

/* The bitset that matches every waiter. */
#define FUTEX_BITSET_MATCH_ANY 0xffffffff

#endif
