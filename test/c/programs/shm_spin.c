// A fork child spins on a flag in a MAP_SHARED mapping until its parent sets it after 2 ms of work.
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <threadlab.h>

int main(void) {
    volatile int *flag = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pid_t pid = fork();
    if (pid == 0) {
        while (*flag == 0) {}
        printf("the child saw the flag\n");
        _exit(0);
    }
    compute(2000000);
    *flag = 1;
    waitpid(pid, NULL, 0);
    printf("the parent is done\n");
    return 0;
}
