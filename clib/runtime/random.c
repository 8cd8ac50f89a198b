/*
 * random.c — rand, srand, random, srandom and rand_r as glibc computes them, so a program's
 * "random" numbers are the ones it prints on Linux.
 *
 * Mirrors: glibc's stdlib/random.c and random_r.c (the default TYPE_3 generator: an additive
 * feedback generator over 31 words, x[i] = x[i-3] + x[i-31], the low bit dropped; srandom
 * fills the state with 16807 * x mod 2^31-1 and discards 310 outputs; seed 0 is taken as 1;
 * an unseeded generator is seeded with 1; rand() is random()) and stdlib/rand_r.c (three steps
 * of the ANSI C LCG, 11 + 10 + 10 bits).
 *
 * Why: wasi-libc's are musl's (a 64-bit LCG for rand, another rand_r), so srand(42); rand()
 * printed other numbers than on Linux, and a Monte Carlo estimate of pi with rand_r came out
 * different. The drand48 family is the same on both (POSIX fixes its LCG) and stays
 * wasi-libc's.
 *
 * Simplifies: initstate/setstate/random_r stay wasi-libc's (they do not share this state);
 * no lock — the lab never preempts inside the runtime's C code, so each call is atomic.
 */
#include <stdint.h>
#include <stdlib.h>

#define DEG 31
#define SEP 3

static int32_t state[DEG];
static int fptr = SEP, rptr = 0;
static int seeded = 0;

static int32_t next(void) {
	uint32_t val = (uint32_t)(state[fptr] += (uint32_t)state[rptr]);
	if (++fptr >= DEG) { fptr = 0; ++rptr; }
	else if (++rptr >= DEG) rptr = 0;
	return (int32_t)(val >> 1);
}

static void seed(unsigned s) {
	if (s == 0) s = 1;
	int32_t word = (int32_t)s;
	state[0] = word;
	for (int i = 1; i < DEG; ++i) {
		long hi = word / 127773, lo = word % 127773;
		word = (int32_t)(16807 * lo - 2836 * hi);
		if (word < 0) word += 2147483647;
		state[i] = word;
	}
	fptr = SEP;
	rptr = 0;
	for (int k = DEG * 10; --k >= 0;) (void)next();
	seeded = 1;
}

void __wrap_srandom(unsigned s) { seed(s); }
void __wrap_srand(unsigned s) { seed(s); }
long __wrap_random(void) {
	if (!seeded) seed(1);
	return next();
}
int __wrap_rand(void) { return (int)__wrap_random(); }

int __wrap_rand_r(unsigned *seedp) {
	unsigned n = *seedp;
	int result;
	n *= 1103515245; n += 12345;
	result = (unsigned)(n / 65536) % 2048;
	n *= 1103515245; n += 12345;
	result <<= 10;
	result ^= (unsigned)(n / 65536) % 1024;
	n *= 1103515245; n += 12345;
	result <<= 10;
	result ^= (unsigned)(n / 65536) % 1024;
	*seedp = n;
	return result;
}
