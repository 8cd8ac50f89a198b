// A heap of argv[1] MiB, then fork: the child reads the parent's heap from its copy.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    size_t n = (size_t)atoi(argv[1]) << 20;
    char *p = malloc(n);
    memset(p, 1, n);
    pid_t c = fork();
    if (c == 0) exit(p[n - 1]);
    int st;
    waitpid(c, &st, 0);
    printf("child saw the parent's heap: %d\n", WEXITSTATUS(st));
    return p[0] != 1;
}
