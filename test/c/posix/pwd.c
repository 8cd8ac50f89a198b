/*
 * pwd.c — <pwd.h> from C: getpwuid(getuid()) names the lab's user, getpwnam("root") is uid 0,
 * getpwent walks /etc/passwd, the _r forms say ERANGE for a small buffer and give NULL (and 0)
 * for no such user.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
	struct passwd *pw = getpwuid(getuid());
	printf("me: %s uid %d gid %d dir %s shell %s\n", pw ? pw->pw_name : "?", pw ? (int)pw->pw_uid : -1, pw ? (int)pw->pw_gid : -1, pw ? pw->pw_dir : "?", pw ? pw->pw_shell : "?");
	pw = getpwnam("root");
	printf("root: uid %d dir %s\n", pw ? (int)pw->pw_uid : -1, pw ? pw->pw_dir : "?");
	printf("nobody: %s\n", getpwnam("nobody") ? "found" : "NULL");
	setpwent();
	while ((pw = getpwent()) != NULL) printf("entry %s\n", pw->pw_name);
	endpwent();
	struct passwd p, *res = &p;
	char small[8], big[256];
	int e = getpwnam_r("student", &p, small, sizeof small, &res);
	printf("small buffer: %s, result NULL %d\n", e == ERANGE ? "ERANGE" : "?", res == NULL);
	e = getpwuid_r(4242, &p, big, sizeof big, &res);
	printf("uid 4242: %d, result NULL %d\n", e, res == NULL);
	e = getpwuid_r(0, &p, big, sizeof big, &res);
	printf("uid 0 by _r: %d %s\n", e, res ? res->pw_name : "?");
	return 0;
}
