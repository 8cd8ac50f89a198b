/* exec_self.c — a program execs its own file, as LTP's sigaltstack/9-1 and textbook programs do:
 * by getcwd()/argv[0], by a relative path, by execvp of a name with a '/', and stat/access see
 * a regular executable file. Exec of a missing path, a data file, a file without x permission
 * and execvp of a bare name (PATH unset: glibc searches /bin:/usr/bin) fail as on Linux. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv) {
	char path[PATH_MAX], name[PATH_MAX];
	strcpy(name, argv[0]);
	char *base = basename(name);
	if (argc > 1) {
		printf("again: %s via %s\n", argv[1], argc > 2 ? argv[2] : "-");
		fflush(stdout);
		if (strcmp(argv[1], "abs") == 0) execl("./", base, "rel", NULL); /* a directory: EACCES */
		if (strcmp(argv[1], "abs") == 0) {
			printf("exec of ./: %s\n", strerror(errno));
			fflush(stdout);
			char rel[PATH_MAX];
			snprintf(rel, sizeof rel, "./%s", base);
			execl(rel, base, "rel", "execl", NULL);
		}
		if (strcmp(argv[1], "rel") == 0) {
			char rel[PATH_MAX];
			snprintf(rel, sizeof rel, "./%s", base);
			char *av[] = {base, "vp", "execvp", NULL};
			execvp(rel, av);
		}
		return 0;
	}
	if (getcwd(path, sizeof path) == NULL) return 1;
	strcat(path, "/");
	strcat(path, base);
	struct stat st;
	if (stat(path, &st) != 0) { printf("stat: %s\n", strerror(errno)); return 1; }
	printf("regular %d mode %o size>=0 %d access X_OK %d\n", S_ISREG(st.st_mode), st.st_mode & 07777, st.st_size >= 0, access(path, X_OK));
	execl("/no/such/prog", "x", NULL);
	printf("exec of a missing file: %s\n", strerror(errno));
	int fd = open("data.sh", O_CREAT | O_WRONLY | O_TRUNC, 0755);
	write(fd, "\x7f" "ELF-not-really", 14);
	close(fd);
	execl("./data.sh", "data.sh", NULL);
	printf("exec of a data file: %s\n", strerror(errno));
	chmod("data.sh", 0644);
	execl("./data.sh", "data.sh", NULL);
	printf("exec of a file without x: %s\n", strerror(errno));
	unlink("data.sh");
	execlp("no-such-program-xyz", "no-such-program-xyz", NULL);
	printf("execlp of a bare name: %s\n", strerror(errno));
	fflush(stdout);
	execl(path, base, "abs", "getcwd/argv[0]", NULL);
	printf("exec of %s failed: %s\n", path, strerror(errno));
	return 1;
}
