/*
 * mmap_fixed_dev_zero.c — MAP_FIXED over a mapping replaces it on the same pages (LTP mmap/3-1),
 * a mapping shows its last page whole (the file's bytes past the length asked for), and the
 * memory devices of drivers/char/mem.c: /dev/zero reads NULs and maps as anonymous memory
 * (LTP munmap/2-1), /dev/null swallows writes and reads end of file.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096

static int file_of(const char *name, char c) {
	static char buf[2 * PAGE];
	int fd = open(name, O_CREAT | O_RDWR | O_TRUNC, 0600);
	memset(buf, c, sizeof buf);
	write(fd, buf, sizeof buf);
	return fd;
}

static void fixed(void) {
	int a = file_of("a.dat", 'a'), b = file_of("b.dat", 'b');
	char *pa = mmap(NULL, PAGE + 2, PROT_READ | PROT_WRITE, MAP_SHARED, a, 0);
	printf("first: [%c] past the length [%c]\n", pa[0], pa[PAGE + 2]);
	char *pb = mmap(pa, PAGE + 1, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, b, 0);
	printf("fixed: same address %s, [%c] [%c]\n", pb == pa ? "yes" : "no", pb[0], pb[PAGE + 2]);
	pb[0] = 'B';
	munmap(pb, PAGE + 1);
	char c = 0;
	pread(b, &c, 1, 0);
	printf("store reached b.dat: [%c]\n", c);
	pread(a, &c, 1, 0);
	printf("a.dat untouched: [%c]\n", c);
	close(a);
	close(b);
}

static void devices(void) {
	char buf[8] = "xxxxxxx";
	int z = open("/dev/zero", O_RDWR);
	ssize_t n = read(z, buf, sizeof buf);
	printf("/dev/zero read %zd, all zero %s\n", n, buf[0] == 0 && buf[7] == 0 ? "yes" : "no");
	char *m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, z, 0);
	printf("/dev/zero mmap %s, zeroed %s\n", m == MAP_FAILED ? "failed" : "ok", m != MAP_FAILED && m[0] == 0 && m[PAGE - 1] == 0 ? "yes" : "no");
	close(z);
	printf("munmap %d, again %d\n", munmap(m, PAGE), munmap(m, PAGE));
	int d = open("/dev/null", O_RDWR);
	printf("/dev/null write %zd, read %zd\n", write(d, "hello", 5), read(d, buf, sizeof buf));
	close(d);
}

int main(void) {
	fixed();
	devices();
	return 0;
}
