/**
 * thread_db.ts — the debugging view every thread library offers: its threads as a debugger
 * shows them ("info threads"), what each one waits for, and who owns each mutex.
 *
 * Mirrors: glibc's libthread_db (nptl_db/, linuxthreads_db/): a library-specific module that a
 * debugger loads to list a program's threads (td_ta_thr_iter), to read a thread's state
 * (td_thr_get_info: ti_tid, ti_lid, ti_state) and a mutex's owner (__owner). The debugger
 * supplies a "proc service" (ps_pdread to read the inferior's memory, the LWPs it can see),
 * and the library module interprets its own data structures. Here `ProcService` is that
 * callback set, given by the lab (experiments/deadlock.ts) from the kernel's task table, and
 * each library's `debugThreads(ps)` reads its own descriptors — so the kernel view (which task
 * sleeps in which system call) and the library view (which thread waits for which mutex) meet.
 *
 * Also here: `DebugNames`, the stable names of synchronisation objects ("mutex#1", "cond#0",
 * "sem#0") given in creation order per run, so a report can say which object a thread waits on.
 *
 * Simplifies: no thread events, no register access; the view is read between two events of the
 * simulation (nothing runs while it is taken), so it needs no locking.
 */

/** One kernel task of the program, as the debugger sees it (an LWP). */
export interface LwpInfo {
  /** Its tid (the kernel pid of the task) and its thread group. */
  tid: number;
  tgid: number;
  /** The thread pointer the library installed (CLONE_SETTLS, set_tls): its descriptor. */
  tls: unknown;
  state: 'running' | 'ready' | 'blocked' | 'stopped' | 'zombie';
  /** The system call it sleeps in, with its salient argument ("read(fd 3)"), or null. */
  call: string | null;
  /** A timeout or timer will end its sleep by itself. */
  timed: boolean;
}

/** ps_prochandle: what the debugger lets the library module see of the program. */
export interface ProcService {
  /** Every live or zombie task of the program (all its processes), in pid order. */
  lwps(): LwpInfo[];
  /** ps_pdread: a word of the address space of task `tid` (0 if unreadable). */
  readWord(tid: number, addr: number): number;
}

/** What a thread waits for, in the library's terms. */
export type WaitKind =
  | 'mutex' | 'cond' | 'join' | 'sem' | 'barrier' | 'rwlock' | 'sleep' | 'io' | 'signal'
  | 'create' | 'exit' | 'kernel';

export interface ThreadWait {
  kind: WaitKind;
  /** The object: "mutex#1", "cond#0", "sem#0", "thread 1026", "fd 3", "read(fd 3)". */
  object: string;
  /**
   * Whom it waits for: a mutex's owner or the thread being joined, as the pthread_t the program
   * sees (null when nobody holds it, or the owner cannot be named).
   */
  holder: number | null;
  /** The holder as the library prints it ("0x8048010", "1026"), or what is known of it. */
  holderName: string | null;
  /** A timeout will end the wait by itself (a timed wait, a sleep). */
  timed: boolean;
  /** Anything else worth saying ("with mutex#0", "its native LWP 1237 sleeps in read"). */
  note?: string;
}

export type ThreadState = 'running' | 'ready' | 'blocked' | 'stopped' | 'exited';

/** One thread of the program, as "info threads" shows it. */
export interface ThreadDebug {
  /** The process it belongs to (the tgid of its task; a LinuxThreads thread's own pid). */
  pid: number;
  /** pthread_t as the program sees it, and as the library prints it. */
  thread: number;
  name: string;
  main: boolean;
  /** The kernel task running it (LWP); for M:N its native's tid; 0 when it has none. */
  lwp: number;
  state: ThreadState;
  /** What it waits for, if the library knows (else the LWP's system call tells). */
  wait: ThreadWait | null;
  /** A library-internal task (LinuxThreads' manager, NGPT's watchdog), not a program thread. */
  helper?: string;
}

/** The optional part of a LibraryInstance that a debugger (and the deadlock report) uses. */
export interface ThreadDbOps {
  /** Every thread of every process of the program (helpers included, marked). */
  debugThreads?(ps: ProcService): ThreadDebug[];
  /** Whether a task (known by its thread pointer) is one of the library's own helper tasks. */
  isHelperTask?(tls: unknown): boolean;
}

interface DebugName {
  kind: string;
  id: number;
}

/**
 * Names of synchronisation objects, in creation order per run: the first mutex made is
 * mutex#0. An object built inside another (a semaphore's mutex and condition variable) takes
 * the outer object's name, so a thread in sem_wait is reported as waiting on "sem#0".
 * A WeakMap: naming an object keeps nothing alive; initialisation pays one map store.
 */
export class DebugNames {
  private readonly names = new WeakMap<object, DebugName>();
  private readonly next = new Map<string, number>();

  /** Name a new object of `kind` (mutex, cond). */
  add(obj: object, kind: string): void {
    const id = this.next.get(kind) ?? 0;
    this.next.set(kind, id + 1);
    this.names.set(obj, { kind, id });
  }

  /**
   * `parts` were just made for a new object of `kind` (sem, barrier): they take its name, and
   * give back the numbers they took if nothing was named after them.
   */
  adopt(parts: object[], kind: string): void {
    for (const p of parts) {
      const old = this.names.get(p);
      if (old !== undefined && this.next.get(old.kind) === old.id + 1) this.next.set(old.kind, old.id);
    }
    const id = this.next.get(kind) ?? 0;
    this.next.set(kind, id + 1);
    for (const p of parts) this.names.set(p, { kind, id });
  }

  /** The kind an object is known by ('mutex', 'cond', 'sem', 'barrier'), or `fallback`. */
  kindOf(obj: object, fallback: string): string {
    return this.names.get(obj)?.kind ?? fallback;
  }

  /** "mutex#1"; an object never named gets "<fallback>#?". */
  of(obj: object, fallback: string): string {
    const n = this.names.get(obj);
    return n === undefined ? `${fallback}#?` : `${n.kind}#${n.id}`;
  }
}

/** A wait on a named object (mutex, condition variable, or what it belongs to). */
export function objectWait(names: DebugNames, obj: object, fallback: 'mutex' | 'cond' | 'sem' | 'rwlock', timed: boolean): ThreadWait {
  const kind = names.kindOf(obj, fallback) as WaitKind;
  return { kind, object: names.of(obj, fallback), holder: null, holderName: null, timed };
}

/** Index LWPs by tid. */
export function lwpsByTid(ps: ProcService): Map<number, LwpInfo> {
  const m = new Map<number, LwpInfo>();
  for (const l of ps.lwps()) m.set(l.tid, l);
  return m;
}

/** A thread's state from its LWP's (for 1:1 libraries). */
export function lwpState(l: LwpInfo | undefined): ThreadState {
  if (l === undefined || l.state === 'zombie') return 'exited';
  return l.state;
}
