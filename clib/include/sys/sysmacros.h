/*
 * <sys/sysmacros.h> — glibc's makedev, major and minor (bits/sysmacros.h's Linux encoding of a
 * dev_t: minor's low 8 bits, major's 12, then the rest of each), for mknod and st_rdev.
 */
#ifndef _LAB_SYS_SYSMACROS_H
#define _LAB_SYS_SYSMACROS_H
#define makedev(maj, min) \
	((((unsigned long long)(maj) & 0x00000fffULL) << 8) | (((unsigned long long)(maj) & 0xfffff000ULL) << 32) | \
	 (((unsigned long long)(min) & 0x000000ffULL) << 0) | (((unsigned long long)(min) & 0xffffff00ULL) << 12))
#define major(dev) ((unsigned int)((((unsigned long long)(dev) >> 32) & 0xfffff000) | (((unsigned long long)(dev) >> 8) & 0x00000fff)))
#define minor(dev) ((unsigned int)((((unsigned long long)(dev) >> 12) & 0xffffff00) | ((unsigned long long)(dev) & 0x000000ff)))
#endif
