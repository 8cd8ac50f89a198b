/*
 * <sys/socket.h> — what the lab's sockets are: AF_UNIX socketpair(2) (SOCK_STREAM, SOCK_DGRAM,
 * SOCK_SEQPACKET, with SOCK_NONBLOCK / SOCK_CLOEXEC) and getsockopt/setsockopt at SOL_SOCKET
 * (SO_TYPE, SO_ERROR, SO_SNDBUF, SO_RCVBUF, SO_DOMAIN, SO_PROTOCOL), with Linux's values. The
 * kernel's kernel/af_unix.ts after net/unix/af_unix.c; read and write move the data (a datagram
 * at a time for SOCK_DGRAM). No named sockets, no networking: socket(), bind(), connect() ... are
 * not declared (wasi-libc's header, with WASI's numbers, is kept out).
 */
#ifndef _SYS_SOCKET_H
#define _SYS_SOCKET_H
#define __wasilibc___header_sys_socket_h
#ifdef __cplusplus
extern "C" {
#endif
#include <features.h>
#define __NEED_socklen_t
#define __NEED_sa_family_t
#define __NEED_size_t
#define __NEED_ssize_t
#include <bits/alltypes.h>

#define PF_UNIX 1
#define PF_LOCAL PF_UNIX
#define AF_UNIX PF_UNIX
#define AF_LOCAL PF_UNIX

#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_SEQPACKET 5
#define SOCK_NONBLOCK 04000
#define SOCK_CLOEXEC 02000000

#define SOL_SOCKET 1
#define SO_TYPE 3
#define SO_ERROR 4
#define SO_SNDBUF 7
#define SO_RCVBUF 8
#define SO_PROTOCOL 38
#define SO_DOMAIN 39

int socketpair(int, int, int, int [2]);
int getsockopt(int, int, int, void *__restrict, socklen_t *__restrict);
int setsockopt(int, int, int, const void *, socklen_t);

#ifdef __cplusplus
}
#endif
#endif
