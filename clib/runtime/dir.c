/*
 * dir.c — directory streams on the lab kernel's file system: opendir, fdopendir, readdir,
 * rewinddir, telldir, seekdir, dirfd, closedir, fdclosedir, scandir.
 *
 * Mirrors: glibc's sysdeps/unix/sysv/linux/opendir.c and readdir.c — the stream holds the
 * descriptor (opened O_RDONLY|O_DIRECTORY|O_CLOEXEC) and a 32 KiB buffer that one getdents64
 * fills with as many entries as fit, handed out one readdir at a time; rewinddir and seekdir
 * seek the descriptor and drop the buffer; telldir is the position of the next entry. scandir
 * is glibc's (dirent/scandir-tail.c): filter, copy, qsort with the comparison.
 *
 * Why here: wasi-libc's opendir is in libc-bottom-half/sources/posix.c (a WASI preopen) and its
 * readdir reads WASI's fd_readdir; the lab defines every one of them (strong symbols), so
 * those members are never linked (fs.c says why). The host packs each entry as a 4-byte inode
 * number, a d_type byte and the NUL-terminated name (clib/host/fs.ts).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lab.h"

#define DIR_BUF 32768

struct _DIR {
	int fd;
	int len, at; /* bytes in buf, bytes consumed */
	long pos;    /* the directory position of the next entry */
	char buf[DIR_BUF];
	_Alignas(struct dirent) char ent[sizeof(struct dirent) + 256]; /* the struct dirent readdir returns */
};

DIR *fdopendir(int fd) {
	struct stat st;
	if (fstat(fd, &st) < 0) return 0;
	if (!S_ISDIR(st.st_mode)) { errno = ENOTDIR; return 0; }
	DIR *d = calloc(1, sizeof *d);
	if (!d) { errno = ENOMEM; return 0; }
	d->fd = fd;
	d->pos = lseek(fd, 0, SEEK_CUR);
	return d;
}

DIR *opendir(const char *path) {
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) return 0;
	DIR *d = fdopendir(fd);
	if (!d) close(fd);
	return d;
}

struct dirent *readdir(DIR *d) {
	if (d->at >= d->len) {
		int n = __lab_fs_getdents(d->fd, d->buf, DIR_BUF);
		if (n <= 0) return 0; /* the end (errno unchanged), or an error (errno set) */
		d->len = n;
		d->at = 0;
	}
	const unsigned char *p = (const unsigned char *)d->buf + d->at;
	struct dirent *e = (struct dirent *)d->ent;
	e->d_ino = p[0] | p[1] << 8 | p[2] << 16 | (unsigned)p[3] << 24;
	e->d_type = p[4];
	size_t n = strlen((const char *)p + 5);
	memcpy(e->d_name, p + 5, n + 1);
	d->at += 5 + n + 1;
	d->pos++;
	return e;
}

void seekdir(DIR *d, long pos) {
	lseek(d->fd, pos, SEEK_SET);
	d->len = d->at = 0;
	d->pos = pos;
}

void rewinddir(DIR *d) { seekdir(d, 0); }
long telldir(DIR *d) { return d->pos; }
int dirfd(DIR *d) { return d->fd; }

int fdclosedir(DIR *d) {
	int fd = d->fd;
	free(d);
	return fd;
}

int closedir(DIR *d) { return close(fdclosedir(d)); }

int scandir(const char *path, struct dirent ***list, int (*filter)(const struct dirent *),
            int (*compar)(const struct dirent **, const struct dirent **)) {
	DIR *d = opendir(path);
	if (!d) return -1;
	struct dirent **v = 0, *e;
	size_t n = 0, cap = 0;
	int saved = errno;
	errno = 0;
	while ((e = readdir(d)) != 0) {
		if (filter && !filter(e)) continue;
		if (n == cap) {
			struct dirent **w = realloc(v, (cap = cap ? 2 * cap : 16) * sizeof *v);
			if (!w) { errno = ENOMEM; break; }
			v = w;
		}
		size_t size = sizeof(struct dirent) + strlen(e->d_name) + 1;
		if (!(v[n] = malloc(size))) { errno = ENOMEM; break; }
		memcpy(v[n++], e, size);
	}
	closedir(d);
	if (errno) {
		while (n > 0) free(v[--n]);
		free(v);
		return -1;
	}
	errno = saved;
	if (compar) qsort(v, n, sizeof *v, (int (*)(const void *, const void *))compar);
	*list = v;
	return (int)n;
}
