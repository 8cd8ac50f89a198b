/*
 * <errno.h> — Linux's error numbers (x86-64, as glibc's <errno.h> gives them: EINTR 4, EAGAIN
 * 11, EBUSY 16, EDEADLK 35, ETIMEDOUT 110, ENOTSUP == EOPNOTSUPP 95), and errno per thread.
 *
 * Replaces wasi-libc's <errno.h> (whose numbers are WASI's: EINTR 27 ...); wasi-libc's header
 * is never read (its guard _ERRNO_H is taken here). Every error a C program sees is in these
 * numbers: pthread_* results and errno from the lab's calls (the host passes the kernel's and
 * libraries' Linux numbers through), and errno set inside wasi-libc's own compiled code
 * (strtol's ERANGE, malloc's ENOMEM, stdio's write errors), which writes WASI numbers into
 * wasi-libc's own `errno` variable: __lab_errno() below moves such a number into the program's
 * errno, translated, whenever the program looks (clib/runtime/errno.c), and the host does the
 * same whenever a thread leaves C (clib/host/activation.ts). strerror, strerror_r, perror and
 * printf's %m print glibc's texts for these numbers (clib/runtime/errlist.c).
 *
 * Numbers: Linux's include/uapi/asm-generic/errno-base.h and errno.h (which x86 uses).
 */
#ifndef _ERRNO_H
#define _ERRNO_H

#ifdef __cplusplus
extern "C" {
#endif

/* The calling thread's errno (an lvalue, as glibc's (*__errno_location ())). */
int *__lab_errno(void);
#define errno (*__lab_errno())

#define EPERM             1
#define ENOENT            2
#define ESRCH             3
#define EINTR             4
#define EIO               5
#define ENXIO             6
#define E2BIG             7
#define ENOEXEC           8
#define EBADF             9
#define ECHILD           10
#define EAGAIN           11
#define ENOMEM           12
#define EACCES           13
#define EFAULT           14
#define ENOTBLK          15
#define EBUSY            16
#define EEXIST           17
#define EXDEV            18
#define ENODEV           19
#define ENOTDIR          20
#define EISDIR           21
#define EINVAL           22
#define ENFILE           23
#define EMFILE           24
#define ENOTTY           25
#define ETXTBSY          26
#define EFBIG            27
#define ENOSPC           28
#define ESPIPE           29
#define EROFS            30
#define EMLINK           31
#define EPIPE            32
#define EDOM             33
#define ERANGE           34
#define EDEADLK          35
#define ENAMETOOLONG     36
#define ENOLCK           37
#define ENOSYS           38
#define ENOTEMPTY        39
#define ELOOP            40
#define ENOMSG           42
#define EIDRM            43
#define ECHRNG           44
#define EL2NSYNC         45
#define EL3HLT           46
#define EL3RST           47
#define ELNRNG           48
#define EUNATCH          49
#define ENOCSI           50
#define EL2HLT           51
#define EBADE            52
#define EBADR            53
#define EXFULL           54
#define ENOANO           55
#define EBADRQC          56
#define EBADSLT          57
#define EBFONT           59
#define ENOSTR           60
#define ENODATA          61
#define ETIME            62
#define ENOSR            63
#define ENONET           64
#define ENOPKG           65
#define EREMOTE          66
#define ENOLINK          67
#define EADV             68
#define ESRMNT           69
#define ECOMM            70
#define EPROTO           71
#define EMULTIHOP        72
#define EDOTDOT          73
#define EBADMSG          74
#define EOVERFLOW        75
#define ENOTUNIQ         76
#define EBADFD           77
#define EREMCHG          78
#define ELIBACC          79
#define ELIBBAD          80
#define ELIBSCN          81
#define ELIBMAX          82
#define ELIBEXEC         83
#define EILSEQ           84
#define ERESTART         85
#define ESTRPIPE         86
#define EUSERS           87
#define ENOTSOCK         88
#define EDESTADDRREQ     89
#define EMSGSIZE         90
#define EPROTOTYPE       91
#define ENOPROTOOPT      92
#define EPROTONOSUPPORT  93
#define ESOCKTNOSUPPORT  94
#define EOPNOTSUPP       95
#define EPFNOSUPPORT     96
#define EAFNOSUPPORT     97
#define EADDRINUSE       98
#define EADDRNOTAVAIL    99
#define ENETDOWN        100
#define ENETUNREACH     101
#define ENETRESET       102
#define ECONNABORTED    103
#define ECONNRESET      104
#define ENOBUFS         105
#define EISCONN         106
#define ENOTCONN        107
#define ESHUTDOWN       108
#define ETOOMANYREFS    109
#define ETIMEDOUT       110
#define ECONNREFUSED    111
#define EHOSTDOWN       112
#define EHOSTUNREACH    113
#define EALREADY        114
#define EINPROGRESS     115
#define ESTALE          116
#define EUCLEAN         117
#define ENOTNAM         118
#define ENAVAIL         119
#define EISNAM          120
#define EREMOTEIO       121
#define EDQUOT          122
#define ENOMEDIUM       123
#define EMEDIUMTYPE     124
#define ECANCELED       125
#define ENOKEY          126
#define EKEYEXPIRED     127
#define EKEYREVOKED     128
#define EKEYREJECTED    129
#define EOWNERDEAD      130
#define ENOTRECOVERABLE 131
#define ERFKILL         132
#define EHWPOISON       133
#define EWOULDBLOCK     EAGAIN
#define EDEADLOCK       EDEADLK
#define ENOTSUP         EOPNOTSUPP

#ifdef _GNU_SOURCE
extern char *program_invocation_short_name, *program_invocation_name;
#endif

#ifdef __cplusplus
}
#endif

#endif
