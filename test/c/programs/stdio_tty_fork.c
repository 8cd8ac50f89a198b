// printf then fork: on a terminal stdout is line-buffered and "hello" is printed once; into a
// pipe or a file it is fully buffered (4096 bytes, st_blksize) and both processes flush it.
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    printf("hello\n");
    fprintf(stderr, "stderr: unbuffered, out at once\n");
    if (fork() == 0) {
        printf("child\n");
        return 0;
    }
    wait(NULL);
    printf("parent\n");
    return 0;
}
