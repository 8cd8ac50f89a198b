/*
 * <sys/sysinfo.h> — glibc's misc/sys/sysinfo.h: get_nprocs and get_nprocs_conf answer the
 * run's CPUs (--cpus), as sysconf(_SC_NPROCESSORS_ONLN/_CONF) does (clib/runtime/sysconf.c);
 * sysinfo(2) fills Linux's struct sysinfo (<linux/sysinfo.h>, a 32-bit long here as on i386)
 * from the lab's machine (kernel/sys_sysinfo.ts: 2 GiB, no swap, load averages sampled when
 * read); get_phys_pages and get_avphys_pages are its memory in pages, as glibc computes them.
 */
#ifndef _LAB_SYS_SYSINFO_H
#define _LAB_SYS_SYSINFO_H
#ifdef __cplusplus
extern "C" {
#endif
#define SI_LOAD_SHIFT 16
struct sysinfo {
	long uptime;             /* seconds since boot */
	unsigned long loads[3];  /* 1, 5 and 15 minute load averages, << SI_LOAD_SHIFT */
	unsigned long totalram;  /* total usable memory, in mem_unit bytes */
	unsigned long freeram;
	unsigned long sharedram;
	unsigned long bufferram;
	unsigned long totalswap;
	unsigned long freeswap;
	unsigned short procs;    /* tasks (threads included) */
	unsigned short pad;
	unsigned long totalhigh;
	unsigned long freehigh;
	unsigned int mem_unit;
	char _f[20 - 2 * sizeof(long) - sizeof(int)];
};
int sysinfo(struct sysinfo *);
int get_nprocs(void);
int get_nprocs_conf(void);
long get_phys_pages(void);
long get_avphys_pages(void);
#ifdef __cplusplus
}
#endif
#endif
