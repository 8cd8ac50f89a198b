// fork and waitpid from a thread (C): the child is a copy of the process with one thread (the forking one) and returns 0 from fork.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <threadlab.h>

static int shared = 1; /* a global: the child changes its own copy */

static void *forker(void *arg) {
    (void)arg;
    int local = 10; /* on this thread's stack, which the child's copy starts on */
    pid_t pid = fork();
    if (pid < 0) return (void *)-1L;
    if (pid == 0) {
        shared += 100;
        local += 5;
        printf("child: pid %d, parent %d, shared %d, local %d\n", getpid(), getppid(), shared, local);
        compute(20000);
        exit(7);
    }
    int st;
    pid_t r = waitpid(pid, &st, 0);
    printf("thread: waitpid reaped the child (%s): %s; the parent still has shared %d, local %d\n",
           r == pid ? "ok" : "wrong pid", WIFEXITED(st) ? "exited" : "killed", shared, local);
    return (void *)(long)WEXITSTATUS(st);
}

int main(void) {
    printf("parent: pid %d\n", getpid());
    pthread_t t;
    pthread_create(&t, NULL, forker, NULL);
    void *ret;
    pthread_join(t, &ret);
    printf("main: the thread returned %ld\n", (long)ret);
    return 0;
}
