/*
 * pwd.c — <pwd.h>: getpwnam, getpwuid, their _r forms, and getpwent/setpwent/endpwent, read
 * from /etc/passwd on the lab's file system (kernel/fs_ramfs.ts makes it at boot: root and
 * student), so getuid() names an entry.
 *
 * Mirrors glibc's nss_files backend (nss/nss_files/files-pwd.c): the file is read line by line,
 * each "name:passwd:uid:gid:gecos:dir:shell" split in place in the caller's buffer; the _r
 * forms return 0 with *result NULL when nothing matches, ERANGE when the buffer is too small,
 * an error number when the file cannot be read; getpwnam/getpwuid/getpwent use one static
 * entry (and buffer) that the next call overwrites.
 *
 * Simplifies: the file is read whole on every call (it is a few lines); no NSS configuration.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PASSWD_MAX 4096

/* The file's text (NUL-terminated) into buf; 0 or an error number. */
static int read_passwd(char *buf, size_t size) {
	int fd = open("/etc/passwd", O_RDONLY | O_CLOEXEC);
	if (fd < 0) return errno;
	size_t n = 0;
	ssize_t r;
	while (n + 1 < size && (r = read(fd, buf + n, size - 1 - n)) > 0) n += (size_t)r;
	close(fd);
	buf[n] = 0;
	return 0;
}

/* Split one line (already copied into the caller's buffer) into pw; 0 if malformed. */
static int parse(char *line, struct passwd *pw) {
	char *f[7];
	int i = 0;
	f[i++] = line;
	for (char *p = line; *p && i < 7; p++)
		if (*p == ':') { *p = 0; f[i++] = p + 1; }
	if (i < 7) return 0;
	pw->pw_name = f[0];
	pw->pw_passwd = f[1];
	pw->pw_uid = (uid_t)strtoul(f[2], 0, 10);
	pw->pw_gid = (gid_t)strtoul(f[3], 0, 10);
	pw->pw_gecos = f[4];
	pw->pw_dir = f[5];
	pw->pw_shell = f[6];
	return 1;
}

/* The index-th entry (index < 0: the first whose name or uid matches); 0 or an error number. */
static int lookup(const char *name, uid_t uid, int index, struct passwd *pw, char *buf, size_t len, struct passwd **res) {
	static char text[PASSWD_MAX];
	*res = 0;
	int e = read_passwd(text, sizeof text);
	if (e) return e;
	int k = 0;
	for (char *line = text; *line; k++) {
		char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		if (n + 1 > len) return ERANGE;
		memcpy(buf, line, n);
		buf[n] = 0;
		line += n + (end ? 1 : 0);
		if (!parse(buf, pw)) continue;
		if (index >= 0 ? k == index : name ? strcmp(pw->pw_name, name) == 0 : pw->pw_uid == uid) {
			*res = pw;
			return 0;
		}
	}
	return 0;
}

int getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t len, struct passwd **res) {
	return lookup(name, 0, -1, pw, buf, len, res);
}

int getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t len, struct passwd **res) {
	return lookup(0, uid, -1, pw, buf, len, res);
}

static struct passwd entry;
static char entry_buf[1024];

static struct passwd *result(int e, struct passwd *res) {
	if (e) errno = e;
	return res;
}

struct passwd *getpwnam(const char *name) {
	struct passwd *res;
	return result(getpwnam_r(name, &entry, entry_buf, sizeof entry_buf, &res), res);
}

struct passwd *getpwuid(uid_t uid) {
	struct passwd *res;
	return result(getpwuid_r(uid, &entry, entry_buf, sizeof entry_buf, &res), res);
}

static int next_entry;
void setpwent(void) { next_entry = 0; }
void endpwent(void) { next_entry = 0; }

struct passwd *getpwent(void) {
	struct passwd *res;
	int e = lookup(0, 0, next_entry, &entry, entry_buf, sizeof entry_buf, &res);
	if (res) next_entry++;
	return result(e, res);
}
