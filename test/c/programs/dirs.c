/*
 * dirs.c — directories from C: mkdir, chdir/getcwd, opendir/readdir (d_type with Linux's
 * DT_ values), telldir/seekdir/rewinddir, scandir with alphasort, stat of what is listed,
 * rmdir's ENOTEMPTY, the errors of opendir (ENOENT, ENOTDIR), chmod (EPERM on root's /tmp)
 * and umask.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void touch(const char *name, const char *text) {
	FILE *f = fopen(name, "w");
	fputs(text, f);
	fclose(f);
}

static int no_dots(const struct dirent *e) { return e->d_name[0] != '.'; }

int main(void) {
	mkdir("proj", 0755);
	touch("proj/zeta.c", "int z;\n");
	touch("proj/alpha.c", "int a;\n");
	mkdir("proj/src", 0755);
	touch("proj/README", "hello\n");

	DIR *d = opendir("proj");
	struct dirent *e;
	long second = -1;
	int i = 0;
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		char path[300];
		snprintf(path, sizeof path, "proj/%s", e->d_name);
		stat(path, &st);
		printf("%-8s %s %lld bytes\n", e->d_name, e->d_type == DT_DIR ? "dir " : e->d_type == DT_REG ? "file" : "?", (long long)(S_ISDIR(st.st_mode) ? 0 : st.st_size));
		if (i++ == 1) second = telldir(d);
	}
	seekdir(d, second);
	printf("after seekdir: %s\n", readdir(d)->d_name);
	rewinddir(d);
	printf("after rewinddir: %s, dirfd %s\n", readdir(d)->d_name, dirfd(d) >= 3 ? "ok" : "bad");
	closedir(d);

	struct dirent **list;
	int n = scandir("proj", &list, no_dots, alphasort);
	printf("scandir: %d:", n);
	for (int k = 0; k < n; k++) { printf(" %s", list[k]->d_name); free(list[k]); }
	printf("\n");
	free(list);

	printf("rmdir proj: %s\n", rmdir("proj") < 0 ? strerror(errno) : "removed?");
	printf("opendir missing: %s\n", opendir("nope") == NULL ? strerror(errno) : "opened?");
	printf("opendir a file: %s\n", opendir("proj/README") == NULL ? strerror(errno) : "opened?");
	struct stat st;
	chmod("proj/README", 0600);
	mode_t old = umask(077);
	touch("proj/private", "x");
	stat("proj/README", &st);
	printf("chmod 0600: mode %o; ", st.st_mode & 0777);
	stat("proj/private", &st);
	printf("umask 077 (was %o): new file mode %o; ", old, st.st_mode & 0777);
	printf("chmod /tmp: %s\n", chmod("/tmp", 0777) < 0 ? strerror(errno) : "changed?");
	chdir("proj/src");
	char cwd[100];
	printf("cwd %s\n", getcwd(cwd, sizeof cwd));
	return 0;
}
