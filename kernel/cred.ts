/**
 * cred.ts — a task's user and group ids.
 *
 * Mirrors: the credential fields of 2.6's task_struct (uid, euid, suid, fsuid and the gid
 * four), which became include/linux/cred.h's struct cred in 2.6.29. Each task has its own
 * (clone copies them); sys_cred.ts changes the caller's only.
 */

/** The ids of a task (2.6's task_struct fields, later struct cred). */
export class Cred {
  uid = 0; euid = 0; suid = 0; fsuid = 0;
  gid = 0; egid = 0; sgid = 0; fsgid = 0;

  /** A user's credentials: every id `uid` / `gid`. */
  static of(uid: number, gid: number): Cred {
    const c = new Cred();
    c.uid = c.euid = c.suid = c.fsuid = uid;
    c.gid = c.egid = c.sgid = c.fsgid = gid;
    return c;
  }

  /** The ids field by field (Object.assign is slower, and a clone makes one). */
  copy(): Cred {
    const c = new Cred();
    c.uid = this.uid; c.euid = this.euid; c.suid = this.suid; c.fsuid = this.fsuid;
    c.gid = this.gid; c.egid = this.egid; c.sgid = this.sgid; c.fsgid = this.fsgid;
    return c;
  }
}
