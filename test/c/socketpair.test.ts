/**
 * socketpair.test.ts — AF_UNIX socketpair, getsockopt and setsockopt from C (kernel/af_unix.ts,
 * clib/runtime/socket.c) on every library; the output of gcc 12 + glibc 2.36 on Linux 6.x.
 */

import { describe, it, expect, beforeAll } from 'vitest';
import { libraryNames } from '../../libs/index.js';
import '../../libs/all.js';
import { runC, cprog } from './c-helpers.js';

const LIBS = libraryNames();
const PROG = 'test/c/posix/socketpair.c';

beforeAll(async () => { await cprog(PROG); }, 600_000);

const NATIVE = [
  'socketpair dgram 0 -',
  'SO_SNDBUF 212992 len 4',
  'SO_TYPE 2',
  'write a 5 -',
  'write b 6 -',
  'read 3 of a 3 -',
  'hel',
  'read b 6 -',
  'world!',
  'big datagrams before EAGAIN: 2 (Resource temporarily unavailable)',
  'poll POLLOUT 0',
  'read big 106496 -',
  'then small: 20 (Success)',
  'too big -1 Message too long',
  'getsockopt pipe -1 Socket operation on non-socket',
  'getsockopt 99 -1 Bad file descriptor',
  'getsockopt SO_bad -1 Protocol not available',
  'setsockopt SNDBUF 1000 0 -',
  'SO_SNDBUF 4608',
  'socketpair AF 2 -1 Operation not supported',
  'socketpair type 3 0 -',
  'socketpair proto 1 0 -',
  'socketpair stream 0 -',
  'FD_CLOEXEC 1',
  'read stream 6 -',
  'abcdef',
  'read eof 0 -',
  'write closed -1 Broken pipe',
  'after 50 ms the writer has sent 2',
  'read 106496 -',
  'read 106496 -',
  'joined: it sent 3',
  'read 106496 -',
  '',
].join('\n');

describe.each(LIBS)('C on %s: socketpair', (lib) => {
  // NGPT's and green's write is wrapped as Pth's pth_write: it polls for POLLOUT first and parks
  // the thread until poll says writable (rules 32/33). AF_UNIX says POLLOUT only while the
  // sender's unread bytes are at most a quarter of SO_SNDBUF (unix_writable), though a write
  // would go in below the whole of it: so the writer thread has sent one datagram, not two, when
  // main looks; once main has read both, it sends the third, as natively.
  const wrapped = lib === 'ngpt' || lib === 'green';
  it(wrapped ? 'as Linux, except that a wrapped write waits for POLLOUT (a quarter of SO_SNDBUF)' : 'datagrams, streams and socket options as Linux', async () => {
    const r = await runC(PROG, lib, [], { cpus: 2 });
    expect(r.stdout).toBe(wrapped ? NATIVE.replace('the writer has sent 2', 'the writer has sent 1') : NATIVE);
    expect(r.exitCode).toBe(0);
  }, 180_000);
});
