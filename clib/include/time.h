/*
 * <time.h> — wasi-libc's. The clocks read the simulated kernel's virtual time
 * (CLOCK_MONOTONIC counts from boot; CLOCK_REALTIME is the same plus a fixed epoch, so runs are
 * reproducible); nanosleep and sleep sleep in the kernel and can be interrupted by a signal.
 */
#include_next <time.h>
