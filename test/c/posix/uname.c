// uname(2): what a program learns of the system. The system and the hardware are Linux's and
// x86-64's; the node name is gethostname's; the release is a dotted version (the lab's:
// 6.18.0-threadlab); the version begins with '#'. LTP's mmap/31-1 checks sysname.
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(void) {
    struct utsname u;
    memset(&u, 'x', sizeof u);
    if (uname(&u) != 0) { perror("uname"); return 1; }
    printf("sysname %s\n", u.sysname);
    printf("machine %s\n", u.machine);
    char host[256];
    int h = gethostname(host, sizeof host);
    printf("nodename is gethostname's: %s\n", h == 0 && strcmp(host, u.nodename) == 0 ? "yes" : "no");
    int dots = 0;
    for (const char *p = u.release; *p && *p != '-'; p++) dots += *p == '.';
    printf("release a dotted version: %s\n", isdigit((unsigned char)u.release[0]) && dots == 2 ? "yes" : "no");
    printf("version starts with #: %s\n", u.version[0] == '#' ? "yes" : "no");
    size_t longest = 0;
    const char *fields[] = { u.sysname, u.nodename, u.release, u.version, u.machine, u.domainname };
    for (int i = 0; i < 6; i++) { size_t n = strnlen(fields[i], sizeof u.sysname); if (n > longest) longest = n; }
    printf("every field NUL-terminated within 65 bytes: %s\n", longest < sizeof u.sysname ? "yes" : "no");
    printf("sizeof(struct utsname) %zu\n", sizeof u);
    return 0;
}
