/**
 * libc_proc.ts — the process-level calls every library inherits: process groups and sessions
 * (and, as they are added, credentials, resource usage, priorities, execve and sigaltstack).
 *
 * Mirrors: glibc's sysdeps/unix/sysv/linux wrappers for setpgid, getpgid, getpgrp, setsid and
 * getsid — each is one system call, -1 and errno on failure (INLINE_SYSCALL).
 *
 * LibcBase (libc_base.ts) extends this class; a library overrides a call where it changes it.
 */

import { sys, type Req, type Sim } from '../../kernel/index.js';

export abstract class LibcProc {
  /** INLINE_SYSCALL: make the call; a negative errno becomes -1 with errno set (LibcBase). */
  protected abstract sc(req: Req): Sim<number>;

  // ---- process groups and sessions ----
  *setpgid(pid: number, pgid: number): Sim<number> { return yield* this.sc(sys.setpgid(pid, pgid)); }
  *getpgid(pid: number): Sim<number> { return yield* this.sc(sys.getpgid(pid)); }
  *getpgrp(): Sim<number> { return yield* this.sc(sys.getpgrp()); }
  *setsid(): Sim<number> { return yield* this.sc(sys.setsid()); }
  *getsid(pid: number): Sim<number> { return yield* this.sc(sys.getsid(pid)); }
}
