/* C11 <threads.h> (ISO C 7.26): threads, mutexes, condition variables, call_once and
 * thread-specific storage, as a course using the standard's own thread API writes them. */
#include <stdio.h>
#include <threads.h>
#include <time.h>

static mtx_t lock;
static cnd_t changed;
static int arrived, inits;
static once_flag once = ONCE_FLAG_INIT;
static tss_t slot;

static void init(void) { inits++; }
static void release(void *p) { mtx_lock(&lock); printf("tss destructor for worker %d\n", *(int *)p); mtx_unlock(&lock); }

static int worker(void *arg) {
	int id = *(int *)arg;
	call_once(&once, init);
	tss_set(slot, arg);
	mtx_lock(&lock);
	arrived++;
	cnd_broadcast(&changed);
	while (arrived < 3) cnd_wait(&changed, &lock);
	mtx_unlock(&lock);
	if (*(int *)tss_get(slot) != id) printf("worker %d: tss_get is wrong\n", id);
	if (id == 2) thrd_exit(100 + id);
	return 10 + id;
}

static int try_it(void *m) { return mtx_trylock(m); }

int main(void) {
	thrd_t t[3];
	int ids[3] = {0, 1, 2};
	if (mtx_init(&lock, mtx_plain) != thrd_success || cnd_init(&changed) != thrd_success) return 1;
	if (tss_create(&slot, release) != thrd_success) return 1;
	for (int i = 0; i < 3; i++)
		if (thrd_create(&t[i], worker, &ids[i]) != thrd_success) return 1;
	for (int i = 0; i < 3; i++) {
		int res = -1;
		int r = thrd_join(t[i], &res);
		printf("join %d: %s, result %d\n", i, r == thrd_success ? "thrd_success" : "error", res);
	}
	printf("call_once ran %d time(s); thrd_equal(self, self) %d\n", inits, thrd_equal(thrd_current(), thrd_current()) != 0);

	mtx_t rec;
	mtx_init(&rec, mtx_plain | mtx_recursive);
	mtx_lock(&rec);
	printf("recursive relock: %d\n", mtx_lock(&rec));
	thrd_t other;
	int busy = -1;
	thrd_create(&other, try_it, &rec);
	thrd_join(other, &busy);
	printf("trylock from another thread: %s\n", busy == thrd_busy ? "thrd_busy" : "other");
	mtx_unlock(&rec), mtx_unlock(&rec);
	mtx_destroy(&rec);

	struct timespec past;
	timespec_get(&past, TIME_UTC);
	past.tv_sec -= 1;
	mtx_lock(&lock);
	printf("cnd_timedwait past its deadline: %s\n", cnd_timedwait(&changed, &lock, &past) == thrd_timedout ? "thrd_timedout" : "other");
	mtx_unlock(&lock);
	struct timespec ms = {0, 1000000};
	printf("thrd_sleep(1 ms): %d\n", thrd_sleep(&ms, NULL));
	tss_delete(slot);
	cnd_destroy(&changed);
	mtx_destroy(&lock);
	return 0;
}
