/*
 * <threadlab.h> — the lab's own calls, the C spelling of libs/api.ts's lab calls.
 *
 *   compute(ns)            burn ns nanoseconds of user CPU time (preemptible), as if the thread
 *                          ran a loop that long; plain C code costs time by itself too (the lab
 *                          counts the WebAssembly instructions it executes), compute() is for
 *                          "work" you do not want to write.
 *   read_slow_device(n)    read n bytes from the simulated slow device /dev/slow (a disk read of
 *                          about 12 ms: the thread blocks in the kernel); returns the byte count
 *                          or -1 with errno set.
 */
#ifndef _THREADLAB_H
#define _THREADLAB_H

#ifdef __cplusplus
extern "C" {
#endif

void compute(long long ns);
int read_slow_device(int count);

#ifdef __cplusplus
}
#endif
#endif
