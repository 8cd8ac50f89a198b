/*
 * files.c — a C program that reads a data file and writes one, as textbook programs do:
 * fopen/fgets/fscanf on the seeded "data/numbers.txt", a result file with fprintf, open/read/
 * write/lseek/close with O_CREAT|O_TRUNC|O_APPEND|O_EXCL, stat/fstat/access, a file shared
 * with a forked child (one offset), unlink of an open file, tmpfile, mkstemp, remove, rename,
 * fseek/ftell/rewind, fread/fwrite, fdopen/fileno, dup2 onto stdout, pread/pwrite, truncate,
 * fsync, fdopen(fd, "a"), freopen onto stdin, and errno texts.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void check(int ok, const char *what) {
	if (!ok) { printf("FAILED: %s (%s)\n", what, strerror(errno)); exit(1); }
}

int main(void) {
	/* 1. read the seeded data file with stdio */
	FILE *in = fopen("data/numbers.txt", "r");
	check(in != NULL, "fopen data/numbers.txt");
	char title[64];
	check(fgets(title, sizeof title, in) != NULL, "fgets");
	title[strcspn(title, "\n")] = 0;
	long sum = 0; int n = 0, x;
	while (fscanf(in, "%d", &x) == 1) { sum += x; n++; }
	printf("%s: %d numbers, sum %ld, feof %d ferror %d\n", title, n, sum, feof(in) != 0, ferror(in) != 0);
	rewind(in);
	check(fgets(title, sizeof title, in) != NULL, "fgets after rewind");
	printf("after rewind ftell %ld\n", ftell(in));
	fclose(in);

	/* 2. errors, as Linux gives them */
	errno = 0;
	printf("missing: %s\n", fopen("nope.txt", "r") == NULL ? strerror(errno) : "opened?");
	printf("O_EXCL: %s\n", open("data/numbers.txt", O_CREAT | O_EXCL | O_WRONLY, 0644) < 0 ? strerror(errno) : "created?");
	printf("dir for writing: %s\n", open("data", O_WRONLY) < 0 ? strerror(errno) : "opened?");
	int ro = open("data/numbers.txt", O_RDONLY);
	printf("write to O_RDONLY: %s\n", write(ro, "x", 1) < 0 ? strerror(errno) : "wrote?");
	close(ro);
	printf("fopen(\"data/\", \"w\"): %s\n", fopen("data/", "w") == NULL ? strerror(errno) : "opened?");

	/* 3. write a result file with fprintf, read it back with open/read */
	FILE *out = fopen("result.txt", "w");
	check(out != NULL, "fopen result.txt");
	fprintf(out, "count=%d\nsum=%ld\n", n, sum);
	check(fclose(out) == 0, "fclose");
	struct stat st;
	check(stat("result.txt", &st) == 0, "stat");
	printf("result.txt: %lld bytes, regular %d, mode %o\n", (long long)st.st_size, S_ISREG(st.st_mode), st.st_mode & 0777);
	int fd = open("result.txt", O_RDWR | O_APPEND);
	check(fd >= 0, "open O_APPEND");
	check(write(fd, "mean=", 5) == 5, "append");
	dprintf(fd, "%ld\n", sum / n);
	check(lseek(fd, 0, SEEK_SET) == 0, "lseek");
	char buf[128];
	ssize_t got = read(fd, buf, sizeof buf - 1);
	buf[got > 0 ? got : 0] = 0;
	printf("read back %zd bytes: %s", got, buf);
	close(fd);

	/* 4. one offset shared with a forked child */
	fd = open("log.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	check(fd >= 0, "open log.txt");
	write(fd, "parent\n", 7);
	pid_t pid = fork();
	if (pid == 0) { write(fd, "child\n", 6); _exit(0); }
	waitpid(pid, NULL, 0);
	write(fd, "parent again\n", 13);
	printf("log offset after fork: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
	close(fd);

	/* 5. unlink of an open file; tmpfile; mkstemp; rename; remove */
	fd = open("gone.txt", O_CREAT | O_RDWR, 0600);
	write(fd, "still here", 10);
	check(unlink("gone.txt") == 0, "unlink");
	printf("after unlink: access %d, ", access("gone.txt", F_OK));
	lseek(fd, 0, SEEK_SET);
	got = read(fd, buf, 10);
	buf[got] = 0;
	struct stat fst;
	fstat(fd, &fst);
	printf("read \"%s\", nlink %d\n", buf, (int)fst.st_nlink);
	close(fd);
	FILE *t = tmpfile();
	check(t != NULL, "tmpfile");
	fwrite("0123456789", 1, 10, t);
	fseek(t, 4, SEEK_SET);
	char four[5] = {0};
	fread(four, 1, 4, t);
	printf("tmpfile: ftell %ld read %s\n", ftell(t), four);
	fclose(t);
	char name[] = "/tmp/scratchXXXXXX";
	int s = mkstemp(name);
	check(s >= 0 && strncmp(name, "/tmp/scratch", 12) == 0 && strcmp(name + 12, "XXXXXX") != 0, "mkstemp");
	FILE *sf = fdopen(s, "w");
	fprintf(sf, "scratch\n");
	fclose(sf);
	check(rename(name, "kept.txt") == 0, "rename");
	check(remove("kept.txt") == 0 && access("kept.txt", F_OK) == -1 && errno == ENOENT, "remove");
	check(mkdir("outdir", 0755) == 0 && remove("outdir") == 0, "mkdir + remove");

	/* 6. dup2 a file onto stdout */
	fflush(stdout);
	int saved = dup(1);
	fd = open("stdout.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	dup2(fd, 1);
	close(fd);
	printf("this line went to stdout.txt\n");
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	FILE *back = fopen("stdout.txt", "r");
	check(back != NULL && fgets(buf, sizeof buf, back) != NULL, "read stdout.txt");
	printf("stdout.txt (fd %d): %s", fileno(back), buf);
	fclose(back);
	char cwd[64];
	printf("cwd %s\n", getcwd(cwd, sizeof cwd));

	/* 7. pread/pwrite leave the offset; truncate; fsync; fdopen "a" appends */
	fd = open("data/numbers.txt", O_RDWR);
	char two[3] = {0};
	check(pread(fd, two, 2, 12) == 2 && lseek(fd, 0, SEEK_CUR) == 0, "pread");
	check(pwrite(fd, "99", 2, 12) == 2 && lseek(fd, 0, SEEK_CUR) == 0, "pwrite");
	printf("pread \"%s\", fsync %d, fsync(stdout) %s\n", two, fsync(fd), fsync(1) < 0 ? strerror(errno) : "ok?");
	check(pread(1, two, 1, 0) == -1 && errno == ESPIPE, "pread on the console: ESPIPE");
	close(fd);
	check(truncate("data/numbers.txt", 14) == 0, "truncate");
	fd = open("data/numbers.txt", O_WRONLY);
	FILE *ap = fdopen(fd, "a");
	fprintf(ap, "+\n");
	fclose(ap);
	in = fopen("data/numbers.txt", "r");
	got = fread(buf, 1, sizeof buf - 1, in);
	buf[got] = 0;
	fclose(in);
	printf("numbers.txt now %s", buf);

	/* 8. freopen a file onto stdin, as contest programs do */
	check(freopen("result.txt", "r", stdin) != NULL, "freopen");
	int count = 0;
	check(scanf("count=%d", &count) == 1, "scanf from the file");
	printf("stdin is result.txt: count %d, fileno %d\n", count, fileno(stdin));
	return 0;
}
