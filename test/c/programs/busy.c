// A thread that never leaves a loop with no library call and no fixpoint: the counter changes every turn, so only the host's watchdog can end the run.
#include <stdio.h>
static volatile long counter;
static void burn(void) {
    for (;;) counter++;
}
int main(void) {
    printf("burning\n");
    fflush(stdout);
    burn();
    return 0;
}
