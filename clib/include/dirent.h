/*
 * <dirent.h> — wasi-libc's declarations and struct dirent (d_ino, d_type, d_name), with
 * Linux's d_type values (DT_DIR 4, DT_REG 8; wasi-libc numbers them as WASI's file types).
 * opendir, fdopendir, readdir, rewinddir, telldir, seekdir, dirfd, closedir and scandir read
 * the lab kernel's directories with getdents64 (clib/runtime/dir.c).
 */
#ifndef _THREADLAB_DIRENT_H
#define _THREADLAB_DIRENT_H
#include_next <dirent.h>

#undef DT_UNKNOWN
#undef DT_FIFO
#undef DT_CHR
#undef DT_DIR
#undef DT_BLK
#undef DT_REG
#undef DT_LNK
#undef DT_SOCK
#undef IFTODT
#undef DTTOIF
#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_BLK 6
#define DT_REG 8
#define DT_LNK 10
#define DT_SOCK 12
#define IFTODT(x) ((x) >> 12 & 017)
#define DTTOIF(x) ((x) << 12)

#endif
