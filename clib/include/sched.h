/*
 * <sched.h> — wasi-libc's, whose sched_yield() reaches the chosen library's sched_yield
 * (through the WASI sched_yield call the lab implements).
 */
#include_next <sched.h>
