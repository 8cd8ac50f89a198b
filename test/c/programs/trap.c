// A wasm trap is a hardware fault: segv, fpe, ill, null or overflow (argv[1]) in a thread's C function.
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static int *volatile wild = (int *)0x7ffffff0;
static volatile int zero;
static const char *which;

static int *volatile nowhere;
static int bad_load(void) { return *wild; }
static int bad_divide(int x) { return x / zero; }
static int null_field(void) { return nowhere[3]; }
static int recurse(int n) {
    volatile char frame[512];
    frame[0] = (char)n;
    return recurse(n + 1) + frame[0];
}

static void *faulting_thread(void *arg) {
    (void)arg;
    printf("thread: about to fault (%s)\n", which);
    fflush(stdout);
    if (strcmp(which, "segv") == 0) return (void *)(long)bad_load();
    if (strcmp(which, "fpe") == 0) return (void *)(long)bad_divide(7);
    if (strcmp(which, "null") == 0) return (void *)(long)null_field();
    if (strcmp(which, "overflow") == 0) return (void *)(long)recurse(0);
    __builtin_trap();
}

int main(int argc, char **argv) {
    which = argc > 1 ? argv[1] : "segv";
    pthread_t t;
    pthread_create(&t, NULL, faulting_thread, NULL);
    pthread_join(t, NULL);
    printf("main: not reached\n");
    return 0;
}
