/*
 * <sys/sysinfo.h> — glibc's CPU counts (misc/sys/sysinfo.h): get_nprocs and get_nprocs_conf
 * answer the run's CPUs (--cpus), as sysconf(_SC_NPROCESSORS_ONLN/_CONF) does
 * (clib/runtime/sysconf.c). struct sysinfo and sysinfo() are not provided.
 */
#ifndef _LAB_SYS_SYSINFO_H
#define _LAB_SYS_SYSINFO_H
#ifdef __cplusplus
extern "C" {
#endif
int get_nprocs(void);
int get_nprocs_conf(void);
#ifdef __cplusplus
}
#endif
#endif
