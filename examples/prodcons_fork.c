// Producer–consumer between processes (C): a parent produces into a ring buffer in a MAP_SHARED page, its fork child consumes, and two named semaphores (sem_open) count the free and full slots.
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <threadlab.h>
#include <unistd.h>

#define SLOTS 4
#define ITEMS 12

struct ring {
	int buf[SLOTS];
	int in, out;
	long sum;
};

int main(void) {
	struct ring *r = mmap(NULL, sizeof *r, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	sem_unlink("/free");
	sem_unlink("/full");
	sem_t *free_slots = sem_open("/free", O_CREAT | O_EXCL, 0600, SLOTS);
	sem_t *full_slots = sem_open("/full", O_CREAT | O_EXCL, 0600, 0);
	if (r == MAP_FAILED || free_slots == SEM_FAILED || full_slots == SEM_FAILED) {
		perror("prodcons_fork: sem_open");
		return 1;
	}
	pid_t pid = fork();
	if (pid == 0) { /* the consumer: takes what the parent put, in order */
		for (int i = 0; i < ITEMS; i++) {
			sem_wait(full_slots);
			int v = r->buf[r->out];
			r->out = (r->out + 1) % SLOTS;
			sem_post(free_slots);
			r->sum += v;
			compute(2000); /* 2 µs of work per item */
		}
		printf("consumer (pid %d): %d items, sum %ld\n", getpid(), ITEMS, r->sum);
		return 0;
	}
	for (int i = 1; i <= ITEMS; i++) { /* the producer */
		compute(1000);
		sem_wait(free_slots);
		r->buf[r->in] = i * i;
		r->in = (r->in + 1) % SLOTS;
		sem_post(full_slots);
	}
	int st;
	waitpid(pid, &st, 0);
	printf("producer (pid %d): the child exited with %d; the sum in the shared page is %ld\n", getpid(), WEXITSTATUS(st), r->sum);
	sem_close(free_slots);
	sem_close(full_slots);
	sem_unlink("/free");
	sem_unlink("/full");
	return 0;
}
