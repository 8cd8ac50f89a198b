// fork copies the process: globals, heap and stack are the child's own; objects keep their state.
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int global = 1;
static sem_t sem;
static pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
    int local = 2;
    char *heap = malloc(32);
    strcpy(heap, "parent's heap");
    sem_init(&sem, 0, 3);
    pthread_mutex_lock(&held);
    pid_t pid = fork();
    if (pid == 0) {
        int v = -1;
        sem_getvalue(&sem, &v);
        int r = pthread_mutex_unlock(&held); /* the forking thread held it: the child's thread does */
        global += 10;
        local += 20;
        strcpy(heap, "child's heap");
        printf("child: global %d local %d heap \"%s\" sem %d unlock %d\n", global, local, heap, v, r);
        exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    sem_post(&sem);
    int v = -1;
    sem_getvalue(&sem, &v);
    printf("parent: global %d local %d heap \"%s\" sem %d, child exited %d\n", global, local, heap, v, WEXITSTATUS(st));
    return 0;
}
