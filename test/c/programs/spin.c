// A thread spins on a flag with no library call: "release" has another thread set it after some work; "never" does not.
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <threadlab.h>

static volatile int flag;

static void *spinner(void *arg) {
    (void)arg;
    while (!flag) {}
    return NULL;
}

int main(int argc, char **argv) {
    int release = argc > 1 && strcmp(argv[1], "release") == 0;
    pthread_t t;
    pthread_create(&t, NULL, spinner, NULL);
    if (release) {
        compute(2000000); /* 2 ms of work first: the spinner spins meanwhile */
        flag = 1;
    }
    pthread_join(t, NULL);
    printf("the spinner saw the flag\n");
    return 0;
}
