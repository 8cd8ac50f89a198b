// stdio buffering is C's: fork copies an unflushed buffer (printed twice), exit flushes, _exit does not.
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    printf("buffered ");                   /* no newline: stays in stdout's buffer */
    if (fork() == 0) {
        printf("child\n");                 /* the child's copy of the buffer, then its line */
        exit(0);
    }
    wait(NULL);
    printf("parent\n");
    printf("after the last newline");      /* unflushed */
    if (argc > 1) _exit(3);                /* _exit: the buffer is lost */
    return 4;                              /* returning from main calls exit: flushed */
}
