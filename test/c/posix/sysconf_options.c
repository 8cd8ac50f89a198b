/* sysconf_options.c — the POSIX options glibc 2.36 reports on Linux (sysconf and <unistd.h>'s _POSIX_ macros). */
#include <stdio.h>
#include <unistd.h>
#define P(x) printf(#x " %ld\n", sysconf(x))
int main(void) {
P(_SC_PRIORITIZED_IO); P(_SC_SYNCHRONIZED_IO); P(_SC_FSYNC); P(_SC_MAPPED_FILES); P(_SC_MEMLOCK); P(_SC_MEMLOCK_RANGE);
P(_SC_MEMORY_PROTECTION); P(_SC_SHARED_MEMORY_OBJECTS); P(_SC_REALTIME_SIGNALS); P(_SC_TIMERS); P(_SC_SEMAPHORES);
P(_SC_MESSAGE_PASSING); P(_SC_ASYNCHRONOUS_IO); P(_SC_AIO_LISTIO_MAX); P(_SC_AIO_MAX); P(_SC_AIO_PRIO_DELTA_MAX);
P(_SC_THREADS); P(_SC_THREAD_PROCESS_SHARED); P(_SC_MONOTONIC_CLOCK); P(_SC_CPUTIME); P(_SC_THREAD_CPUTIME); P(_SC_SPAWN); P(_SC_TIMEOUTS);
#ifdef _POSIX_PRIORITIZED_IO
printf("_POSIX_PRIORITIZED_IO %ld\n", (long)_POSIX_PRIORITIZED_IO);
#endif
#ifdef _POSIX_SYNCHRONIZED_IO
printf("_POSIX_SYNCHRONIZED_IO %ld\n", (long)_POSIX_SYNCHRONIZED_IO);
#endif
#ifdef _POSIX_MEMLOCK
printf("_POSIX_MEMLOCK %ld\n", (long)_POSIX_MEMLOCK);
#endif
#ifdef _POSIX_MEMLOCK_RANGE
printf("_POSIX_MEMLOCK_RANGE %ld\n", (long)_POSIX_MEMLOCK_RANGE);
#endif
#ifdef _POSIX_ASYNCHRONOUS_IO
printf("_POSIX_ASYNCHRONOUS_IO %ld\n", (long)_POSIX_ASYNCHRONOUS_IO);
#endif
#ifdef _POSIX_SEMAPHORES
printf("_POSIX_SEMAPHORES %ld\n", (long)_POSIX_SEMAPHORES);
#endif
#ifdef _POSIX_SHARED_MEMORY_OBJECTS
printf("_POSIX_SHARED_MEMORY_OBJECTS %ld\n", (long)_POSIX_SHARED_MEMORY_OBJECTS);
#endif
#ifdef _POSIX_MAPPED_FILES
printf("_POSIX_MAPPED_FILES %ld\n", (long)_POSIX_MAPPED_FILES);
#endif
return 0; }
