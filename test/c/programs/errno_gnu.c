// With _GNU_SOURCE, glibc's <string.h> gives the GNU strerror_r: it returns the message (the
// table's own string, or "Unknown error N" written into the buffer).
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    char buf[64] = "untouched";
    char *s = strerror_r(ETIMEDOUT, buf, sizeof buf);
    printf("strerror_r(ETIMEDOUT): %s (%s), buf %s\n", s, s == buf ? "in buf" : "not in buf", buf);
    s = strerror_r(1234, buf, sizeof buf);
    printf("strerror_r(1234): %s (%s)\n", s, s == buf ? "in buf" : "not in buf");
    return 0;
}
