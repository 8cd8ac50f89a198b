// Full buffering's size and where it splits (glibc's _IO_new_file_xsputn): argv[1] lines of 100
// bytes, then fork; what each process flushes at exit is what was unflushed at the fork. Into a
// pipe: 20 lines stay whole in the 4096-byte buffer (both print them); 41 lines fill it, 4096
// bytes go out, 4 stay (both print them).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 20;
    char line[101];
    memset(line, 'a', 99);
    line[99] = '\n';
    line[100] = 0;
    for (int i = 0; i < n; i++) fputs(line, stdout);
    if (fork() == 0) {
        printf("child\n");
        return 0;
    }
    wait(NULL);
    printf("parent\n");
    return 0;
}
