/*
 * <errno.h> — wasi-libc's: errno is per thread in the lab (each C thread sees its own), and
 * its values are wasi-libc's (EINTR, EAGAIN, EDEADLK ... have WASI numbers, which strerror
 * and perror understand). The lab translates the kernel's Linux error numbers into them, so
 * compare errno and pthread_* results with the names, never with Linux's numbers.
 */
#include_next <errno.h>
