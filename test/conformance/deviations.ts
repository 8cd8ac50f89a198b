/**
 * deviations.ts — the catalogue of where a library is meant to differ from the conformance
 * suite (DESIGN.md section 9: "that list is the catalogue of deviations the lab exists to
 * show").
 *
 * Every check of the suite has a key: a DESIGN.md rule number (3, 12, 28, ...) or a named
 * check ('example:signals', 'posix:join-self', ...; the suite's test titles print the key).
 * An entry here changes what the suite expects of one library for one key:
 *   - expect 'differs' (the default): the check still runs and must FAIL — the deviation is
 *     part of the library's design, and the test breaks if it ever disappears silently;
 *   - expect 'skip': the check does not apply to the library at all (say why).
 * `reason` is shown in the test title: name the rule and the mechanism, e.g. "rule 21: each
 * thread is a process with its own pid".
 *
 * Owners: each library's engineer keeps that library's entries.
 */

export interface Deviation {
  /** Library name (--lib). */
  lib: string;
  /** DESIGN.md rule number, or a named check of the suite. */
  rule: number | string;
  /** Why this library differs (shown in the test title). */
  reason: string;
  /** 'differs' (default): run the check and expect it to fail; 'skip': do not run it. */
  expect?: 'differs' | 'skip';
}

export const DEVIATIONS: Deviation[] = [
  // Seeded from DESIGN.md's rules when the suite was written; each library's owner reviews them.
  { lib: 'linuxthreads', rule: 3, reason: 'rule 21: each thread is a process with its own pid, and its getppid is the manager' },
  { lib: 'linuxthreads', rule: 13, reason: 'rule 25: kill() on the process\'s pid reaches only the main thread, which blocks the signal' },
  { lib: 'linuxthreads', rule: 'example:signals', reason: 'rule 25: kill(getpid()) reaches only the main thread, which blocks SIGUSR1' },
  { lib: 'linuxthreads', rule: 'example:fork_wait', reason: 'rule 21: the forking thread is a process of its own, so it is the child\'s parent' },
  // LinuxThreads, reviewed by its owner: the rules below break for the same reason (each
  // thread is a one-task process, rule 21); their entries wait for the suite's checks. Rule 15
  // is not listed: a fatal signal kills one thread and the manager then sends it to every other
  // thread (rule 23), so the process does die of it — a little later.
  { lib: 'linuxthreads', rule: 12, reason: 'rule 25: kill(pid) naming a thread reaches that thread\'s own one-task process, never its siblings' },
  { lib: 'linuxthreads', rule: 16, reason: 'rule 25: SIGSTOP stops only the thread whose pid it names (no group stop); SIGCONT resumes only it' },
  { lib: 'linuxthreads', rule: 18, reason: 'rule 25: a signal pending on a thread that blocks it is never handed to another thread' },
  { lib: 'ngpt', rule: 'example:ids-tids', reason: 'rule 31: user threads share a few native tasks, so gettid names the native' },
  { lib: 'green', rule: 'lab:handler-waits-for-woken', reason: 'rule 34: one native — while a handler runs on it no other user thread can, so a handler that waits for another thread spins until the time limit (as under GNU Pth)' },
  { lib: 'green', rule: 'example:ids-tids', reason: 'rule 34: every thread runs in the one native task, so gettid is the same for all' },
  // The C examples (issue 12): a race needs two threads running at once, or a preemption.
  { lib: 'green', rule: 'example:race', reason: 'rule 34: one native task runs one green thread at a time, never preempted, so each loop runs to completion and no update is lost' },
  // Issue 16's calls (test/conformance/calls.test.ts).
  { lib: 'linuxthreads', rule: 'atexit-in-last-thread', reason: 'rule 24: join.c\'s __pthread_do_exit makes main wait for the others, then main itself calls exit(0) (glibc ≥ 2.2; before, it called _exit and skipped atexit)' },
  { lib: 'linuxthreads', rule: 'posix:sigwait-disposition', reason: 'FAQ J.4, signals.c __pthread_sigwait: a no-op handler is installed for each waited signal that had none, and never removed' },
  { lib: 'ngpt', rule: 'posix:sem-timedwait', reason: 'NGPT 2.2.1\'s semaphore.c stubs sem_timedwait out: it always fails with ENOSYS' },
  // Process-level calls (issue 16 part C; test/conformance/process.test.ts).
  { lib: 'linuxthreads', rule: 'proc:pgrp-shared', reason: 'pthreads(7): threads do not share a process group — each thread is a process, and setpgid(0, 0) in one moves only that thread' },
  { lib: 'linuxthreads', rule: 'proc:kill-pgrp', reason: 'linuxthreads/README KNOWN BUGS, signals 4: a signal sent to the process group reaches every thread (each is a process of the group), so the handler runs once per thread' },
  { lib: 'linuxthreads', rule: 'proc:exec-thread', reason: 'pthreads(7): execve in a thread keeps that thread\'s pid — __pthread_kill_other_threads_np has the manager kill the others, main included, whose status 0 the parent reaps' },
  { lib: 'linuxthreads', rule: 'proc:setuid-threads', reason: 'pthreads(7): threads do not share user and group ids — setuid is one thread\'s (one process\'s) system call and LinuxThreads does not broadcast it' },
  { lib: 'ngpt', rule: 'proc:setuid-threads', reason: 'NGPT 2.2.1 does not wrap setuid: it changes the ids of the calling native only, so user threads on the other natives keep the old ones' },
  { lib: 'linuxthreads', rule: 'proc:fcntl-locks-shared', reason: 'rule 21: a thread is a process of its own (its own tgid), and the kernel\'s record-lock owner is the descriptor table with the thread group (Linux 2.4–2.6.8\'s posix_same_owner) — so a thread\'s fcntl lock conflicts with main\'s and its close releases only its own' },
  { lib: 'ngpt', rule: 'posix:pselect-atomic', reason: 'NGPT 2.2.1 maps pselect to Pth\'s pth_pselect (pth_high.c): sigprocmask, select, sigprocmask — the unblocked signal is handled before the wait, which then runs its whole time' },
  { lib: 'green', rule: 'posix:pselect-atomic', reason: 'GNU Pth\'s pth_pselect (pth_high.c) is sigprocmask, pth_select, sigprocmask: not atomic — the unblocked signal is handled before the wait, which then times out' },
  { lib: 'linuxthreads', rule: 'proc:itimer-shared', reason: 'pthreads(7): threads do not share interval timers — ITIMER_VIRTUAL/PROF count the CPU time of the calling thread\'s own one-task process, so another thread\'s spinning never fires main\'s (test/c/itimer_cpu.test.ts)' },
  { lib: 'linuxthreads', rule: 'proc:getrusage', reason: 'pthreads(7): times and getrusage are per thread — RUSAGE_SELF is the calling thread\'s own one-task process' },
  { lib: 'ngpt', rule: 'proc:rusage-thread', reason: 'rule 31: RUSAGE_THREAD is a kernel task\'s, and the kernel sees natives: it counts every user thread the native ran' },
  { lib: 'green', rule: 'proc:rusage-thread', reason: 'rule 34: RUSAGE_THREAD counts the one native, which runs every user thread' },
  { lib: 'nptl', rule: 'proc:nice-shared', reason: 'pthreads(7): NPTL\'s remaining nonconformance — threads do not share a nice value; setpriority is per task in the kernel and NPTL does not broadcast it' },
  { lib: 'linuxthreads', rule: 'proc:nice-shared', reason: 'pthreads(7): threads do not share a common nice value (each thread is a process)' },
  { lib: 'ngpt', rule: 'proc:nice-shared', reason: 'nice is a system call on the calling native: it renices every user thread on that native and none on the others' },
  { lib: 'ngpt', rule: 'proc:sigaltstack-thread', reason: 'the alternate stack is a kernel task\'s: user threads on one native (all of them on one CPU) share it, and NGPT does not switch it per thread' },
  { lib: 'green', rule: 'proc:sigaltstack-thread', reason: 'rule 34: the alternate stack is the one native\'s, shared by every user thread' },
  { lib: 'linuxthreads', rule: 'proc:si-code', reason: 'rule 25: pthread_kill is kill(2) of the thread\'s own pid (linuxthreads/signals.c), so the handler sees SI_USER, not SI_TKILL' },
  // The C library's era (era.test.ts; label 'nptl+glibc=2.36' is NPTL with --lib-opt glibc=2.36,
  // which conforms). Owner: numbers (issue 17).
  { lib: 'nptl', rule: 'posix:kill-exited', reason: 'glibc before 2.34 (the 2.3 era, NPTL\'s default): pthread_kill.c answers ESRCH once the kernel has cleared the tid word; glibc=2.36 returns 0 (pthread_kill.c of 2.34: the id is valid until joined)' },
  { lib: 'linuxthreads', rule: 'posix:kill-exited', reason: 'linuxthreads/signals.c pthread_kill: invalid_handle() holds once pthread_exit has set p_terminated, so ESRCH' },
  // The outside tester's cases (outside.test.ts), each checked against the library's own source.
  { lib: 'linuxthreads', rule: 'posix:sem-wait-eintr', reason: 'linuxthreads/semaphore.c __new_sem_wait: suspend() waits for the restart signal in a loop, so a handler runs and the wait goes on — sem_wait never fails with EINTR' },
  { lib: 'ngpt', rule: 'posix:sem-wait-eintr', reason: 'NGPT 2.2.1 semaphore.c waits in pthread_cond_wait, which a handler does not end with EINTR (a spurious wake-up, and the value is 0 again)' },
  { lib: 'green', rule: 'posix:sem-wait-eintr', reason: 'NGPT\'s semaphore.c (a condition wait) serves green too, so a handler does not end sem_wait with EINTR' },
  { lib: 'linuxthreads', rule: 'posix:sigmask-how', reason: 'linuxthreads/signals.c pthread_sigmask adds the restart signal (32) to every SIG_SETMASK and never lets SIG_UNBLOCK remove it, so the old set reports it' },
  { lib: 'ngpt', rule: 'posix:rt-signals-queue', reason: 'Pth\'s pth_raise keeps a signal for a blocked user thread in the thread\'s sigpending set: thread-directed real-time signals do not queue' },
  { lib: 'green', rule: 'posix:rt-signals-queue', reason: 'rule 34: as Pth, a signal raised for a thread that blocks it is one bit of its sigpending set, so real-time signals do not queue' },
  { lib: 'ngpt', rule: 'posix:cancel-sigsuspend', reason: 'rule 33: sigsuspend is not wrapped (pth_syscall.c passes it to the kernel): the native sleeps in it, and a deferred cancellation cannot interrupt the kernel — a deadlock on one CPU' },
  { lib: 'green', rule: 'posix:cancel-sigsuspend', reason: 'rule 34: sigsuspend is not wrapped, so the process\'s one native sleeps in it and the cancelling thread never runs again' },
  // The outside tester's second round (outside-signals.test.ts), each checked against the source.
  { lib: 'linuxthreads', rule: 'posix:ign-discards-pending', reason: 'rule 25: a signal sent to a thread is pending on that thread\'s own process, and the kernel\'s do_sigaction flushes SIG_IGN\'d signals only from the caller\'s thread group' },
  { lib: 'ngpt', rule: 'posix:ign-discards-pending', reason: 'pth_raise keeps a signal for a thread that blocks it in the thread\'s own sigpending; NGPT\'s sigaction (pth_syscall.c __sigaction) goes straight to the kernel, which never sees those' },
  { lib: 'green', rule: 'posix:ign-discards-pending', reason: 'as GNU Pth: a signal raised for a thread that blocks it is a bit of that thread\'s sigpending, which sigaction(SIG_IGN) does not clear' },
  { lib: 'linuxthreads', rule: 'posix:alarm-process', reason: 'pthreads(7): threads do not share interval timers — alarm() arms the calling thread\'s own process, and SIGALRM goes to it (lost once it has ended)' },
  { lib: 'ngpt', rule: 'posix:waitpid-eintr', reason: 'pth_high.c pth_waitpid polls with WNOHANG and waits 250 ms in pth_wait(PTH_EVENT_TIME): a handler ends only that round, so waitpid never fails with EINTR' },
  { lib: 'green', rule: 'posix:waitpid-eintr', reason: 'GNU Pth\'s pth_waitpid: WNOHANG polls between pth_wait timeouts, so a handler never makes waitpid fail with EINTR' },
  { lib: 'ngpt', rule: 'posix:key-recreate-null', reason: 'pth_data.c pth_key_delete only marks the slot free: a key created in it shows each thread\'s old value (and the old values get the new destructor)' },
  { lib: 'green', rule: 'posix:key-recreate-null', reason: 'GNU Pth\'s pth_key_delete only marks the slot free, so a recreated key shows the old values' },
  { lib: 'ngpt', rule: 'posix:exit-keeps-mutex', reason: 'pth_lib.c pth_thread_cleanup: pth_exit releases every mutex the thread still holds (pth_mutex_releaseall), recursive ones fully' },
  { lib: 'green', rule: 'posix:exit-keeps-mutex', reason: 'GNU Pth\'s pth_thread_cleanup calls pth_mutex_releaseall: a thread that ends frees the mutexes it holds' },
  { lib: 'ngpt', rule: 'posix:once-waits', reason: 'NGPT 2.2.1 pthread.c pthread_once marks the control done before running the init routine, so a second caller returns at once, before the routine has completed' },
  { lib: 'green', rule: 'posix:once-waits', reason: 'GNU Pth 2.0 pthread.c pthread_once sets the control only after the routine returns: a caller that comes while it waits runs it a second time and waits for nothing' },
  { lib: 'linuxthreads', rule: 'posix:cond-wait-not-owner', reason: 'linuxthreads/condvar.c (since 2000) checks the owner of a recursive or error-checking mutex and answers EINVAL, not EPERM' },
  { lib: 'ngpt', rule: 'posix:cond-wait-not-owner', reason: 'NGPT pthread.c: pth_cond_await refuses a mutex the caller does not own, and pthread_cond_wait turns that into EINVAL' },
  { lib: 'green', rule: 'posix:cond-wait-not-owner', reason: 'GNU Pth\'s pth_cond_await checks no owner: the release fails quietly, the thread waits, times out and then takes the mutex' },
  { lib: 'ngpt', rule: 'posix:cond-cancel-keeps-signal', reason: 'pth_sync.c pth_cond_await acts on a pending cancellation only after the wait, with the mutex retaken — the signal that woke the thread leaves with it and no other waiter is woken' },
  { lib: 'green', rule: 'posix:cond-cancel-keeps-signal', reason: 'GNU Pth\'s pth_wait acts on a cancellation only once the condition event woke the thread, and pth_cond_cleanup_handler just fixes the waiter count: the cancelled waiter takes the signal with it' },
  // sigqueue, sigwaitinfo, sigtimedwait (outside-sigqueue.test.ts).
  { lib: 'ngpt', rule: 'posix:sigwaitinfo', reason: 'pth_syscall.c __sigwaitinfo is pth_sigwait: it fills in only si_signo and returns pth_sigwait\'s 0 instead of the signal number' },
  { lib: 'ngpt', rule: 'posix:sigwaitinfo-eintr', reason: 'sigwaitinfo is pth_sigwait, a PTH_EVENT_SIGS wait that a handler does not end: it never fails with EINTR' },
  { lib: 'ngpt', rule: 'posix:sigtimedwait-raised', reason: 'raise is pth_raise: the signal waits in the thread\'s user-level sigpending, and sigtimedwait (not wrapped) asks the kernel, which never sees it' },
  { lib: 'linuxthreads', rule: 'posix:sigwait-full-set', reason: 'only LinuxThreads\' own sigwait skips its restart and cancel signals; sigwaitinfo is the kernel\'s (glibc filters NPTL\'s SIGCANCEL only), so a wait on every signal takes the cancel signal and the cancellation is lost' },
  // Reader-writer and spin locks (rwlock.test.ts), each checked against the library's own source.
  { lib: 'linuxthreads', rule: 'glibc:rwlock-edeadlk', reason: 'linuxthreads/rwlock.c has no EDEADLK: the writer asking again (to write or to read) enqueues itself and suspends, waiting for itself for ever' },
  { lib: 'green', rule: 'glibc:rwlock-edeadlk', reason: 'GNU Pth 2.0.7 pth_sync.c: the rwlock is two recursive pth mutexes, so the writer asking again just counts a recursion and gets the lock (0)' },
  { lib: 'ngpt', rule: 'posix:rwlock-unlock-order', reason: 'NGPT 2.2.1 pth_sync.c: rw_mutex_rw belongs to the first reader and pth_mutex_release refuses other threads, so a later reader that leaves last gets EPERM and the lock stays read-held' },
  { lib: 'ngpt', rule: 'posix:rwlock-timed', reason: 'NGPT 2.2.1 has no pthread_rwlock_timedrdlock/timedwrlock (commented out in libpthread.Versions): ENOSYS' },
  { lib: 'green', rule: 'posix:rwlock-timed', reason: 'GNU Pth 2.0.7\'s pthread.c has no pthread_rwlock_timedrdlock/timedwrlock: ENOSYS' },
  { lib: 'linuxthreads', rule: 'glibc:join-twice', reason: 'join.c: pthread_join only asks the manager to free the thread (REQ_FREE down its pipe); until the manager runs, the handle is valid and a second join or a detach finds the terminated thread (0) — the lab\'s scheduler does not preempt the joiner for the woken manager, so it always wins this race' },
  { lib: 'ngpt', rule: 'posix:mutex-timedlock', reason: 'NGPT 2.2.1 has no pthread_mutex_timedlock (commented out in libpthread.Versions): ENOSYS' },
  { lib: 'green', rule: 'posix:mutex-timedlock', reason: 'GNU Pth 2.0.7\'s pthread.c has no pthread_mutex_timedlock: ENOSYS' },
  { lib: 'ngpt', rule: 'glibc:rwlock-prefer-writer', reason: 'NGPT 2.2.1\'s rwlock has no kinds (pth_rwlock over two mutexes): readers are always let in while a writer waits' },
  { lib: 'green', rule: 'glibc:rwlock-prefer-writer', reason: 'GNU Pth\'s pth_rwlock has no kinds: a reader gets in whenever readers hold the lock, writers waiting or not' },
  // CPU affinity and the concurrency hint (test/conformance/affinity.test.ts).
  { lib: 'ngpt', rule: 'affinity:pthread', reason: 'rule 31: a user thread has no kernel task of its own, and NGPT 2.2.1 has no pthread_setaffinity_np/getaffinity_np (glibc added them to NPTL in 2.3.3): ENOSYS; sched_setaffinity(0) pins the native the caller happens to run on' },
  { lib: 'ngpt', rule: 'affinity:attr', reason: 'rule 31: no kernel task per user thread and no affinity attribute in NGPT 2.2.1: pthread_create with one fails with ENOSYS' },
  { lib: 'green', rule: 'affinity:pthread', reason: 'rule 34: every user thread runs in the one native and GNU Pth has no pthread_setaffinity_np: ENOSYS; sched_setaffinity(0) pins the whole process' },
  { lib: 'green', rule: 'affinity:attr', reason: 'rule 34: one native for all threads and no affinity attribute in GNU Pth: pthread_create with one fails with ENOSYS' },
  { lib: 'linuxthreads', rule: 'affinity:inherit', reason: 'rule 21: the manager clones every thread, so a new thread inherits the manager\'s mask (its creator\'s when main first called pthread_create), not the mask its creator set since' },
  { lib: 'linuxthreads', rule: 'posix:setconcurrency', reason: 'linuxthreads/pthread.c __pthread_setconcurrency stores any level, negative too: "We don\'t do anything unless we have found a useful interpretation"' },
  { lib: 'ngpt', rule: 'posix:setconcurrency', reason: 'NGPT 2.2.1 pthread.c pthread_setconcurrency stores any level unchecked (GNU Pth 2.0.7 added the EINVAL for a negative one)' },
  // Real-time scheduling policies (test/conformance/sched.test.ts; kernel/sched_rt.ts).
  { lib: 'ngpt', rule: 'sched:explicit', reason: 'rule 32: NGPT 2.2.1 records an explicit policy in the pth attribute and schedules user threads by its own priorities on natives the kernel sees as SCHED_OTHER; its pthread_attr_setschedparam writes through a null pointer (SIGSEGV), so no priority can be given either' },
  { lib: 'ngpt', rule: 'sched:explicit-eperm', reason: 'rule 32: the explicit policy is only recorded (no system call), so an unprivileged SCHED_FIFO attribute is not refused — and setting its priority faults (pthread_attr_setschedparam, NGPT 2.2.1)' },
  { lib: 'ngpt', rule: 'sched:pthread', reason: 'NGPT 2.2.1 pthread.c: pthread_setschedparam "only support[s] SCHED_OTHER" (ENOSYS for FIFO/RR), pthread_getschedparam always answers SCHED_OTHER and leaves the parameters unwritten; no pthread_setschedprio' },
  { lib: 'green', rule: 'sched:explicit', reason: 'rule 34: GNU Pth 2.0.7 pthread.c answers every scheduling attribute with ENOSYS ("not supported"), so pthread_create with one fails; one native, never given a policy' },
  { lib: 'green', rule: 'sched:explicit-eperm', reason: 'rule 34: GNU Pth 2.0.7 refuses the scheduling attributes themselves with ENOSYS, before any permission matters' },
  { lib: 'green', rule: 'sched:pthread', reason: 'rule 34: GNU Pth 2.0.7 pthread.c: pthread_setschedparam and pthread_getschedparam are ENOSYS, and there is no pthread_setschedprio' },
  // Robust mutexes (test/conformance/robust.test.ts, test/c/robust.test.ts): glibc 2.4 and Linux
  // 2.6.17's robust futex list; NPTL with --lib-opt glibc=2.36 has them.
  { lib: 'linuxthreads', rule: 'posix:robust-mutex', reason: 'LinuxThreads never had robust mutexes (they came with NPTL in glibc 2.4, on Linux 2.6.17\'s robust futex list): pthread_mutexattr_setrobust is ENOSYS and an owner\'s death leaves the mutex locked' },
  { lib: 'nptl', rule: 'posix:robust-mutex', reason: 'glibc 2.3 (NPTL\'s default era) had no robust mutexes (nptl/pthread_mutexattr_setrobust.c is 2.4\'s): ENOSYS; --lib-opt glibc=2.36 has them' },
  { lib: 'ngpt', rule: 'posix:robust-mutex', reason: 'NGPT 2.2.1 has no robust mutexes (no pthread_mutexattr_setrobust; a user thread has no kernel task whose exit the kernel\'s robust list could report): ENOSYS' },
  { lib: 'green', rule: 'posix:robust-mutex', reason: 'GNU Pth 2.0.7 has no robust mutexes (pthread.c has no pthread_mutexattr_setrobust): ENOSYS' },
  // Mutex priority protocols (test/conformance/prio_protocol.test.ts, test/c/prio_protocol.test.ts):
  // PTHREAD_PRIO_INHERIT / _PROTECT came with glibc 2.4/2.5 and Linux 2.6.18's PI futexes; NPTL
  // with --lib-opt glibc=2.36 has them.
  { lib: 'linuxthreads', rule: 'posix:prio-protocol', reason: 'LinuxThreads never had the priority protocols (glibc 2.3.6\'s linuxthreads defines _POSIX_THREAD_PRIO_INHERIT and _PRIO_PROTECT as -1 and has no pthread_mutexattr_setprotocol): every call is ENOSYS' },
  { lib: 'nptl', rule: 'posix:prio-protocol', reason: 'glibc 2.3 (NPTL\'s default era) had no priority protocols (_POSIX_THREAD_PRIO_INHERIT/_PROTECT -1 in 2.3.6; pthread_mutexattr_setprotocol.c is 2.4\'s, tpp.c 2.5\'s): ENOSYS; --lib-opt glibc=2.36 has them' },
  { lib: 'ngpt', rule: 'posix:prio-protocol', reason: 'NGPT 2.2.1 has no priority protocols (a user thread has no kernel priority to boost; its pthread layer is GNU Pth\'s): ENOSYS' },
  { lib: 'green', rule: 'posix:prio-protocol', reason: 'GNU Pth 2.0.7 has no priority protocols (pthread.c answers the protocol and ceiling calls as not supported): ENOSYS' },
  // glibc's _np thread calls (test/conformance/thread_np.test.ts).
  { lib: 'linuxthreads', rule: 'np:setname', reason: 'rule 21: each thread is a process of its own, so /proc/self/task/ holds only the caller and another thread cannot be named (ENOENT; its comm file refuses writers from another thread group); a thread can still name itself' },
  { lib: 'ngpt', rule: 'np:setname', reason: 'rule 31: a user thread has no kernel task, hence no comm; NGPT 2.2.1 had only Pth\'s pthread_attr_setname_np (pthread_setname_np came with glibc 2.12): ENOSYS' },
  { lib: 'green', rule: 'np:setname', reason: 'rule 34: every thread runs in the one native task, so there is no per-thread comm (and GNU Pth had no pthread_setname_np): ENOSYS' },
  { lib: 'linuxthreads', rule: 'np:tryjoin', reason: 'glibc\'s LinuxThreads never had pthread_tryjoin_np or pthread_timedjoin_np (they came with NPTL in 2.3.3): ENOSYS' },
  { lib: 'ngpt', rule: 'np:tryjoin', reason: 'NGPT 2.2.1 has no pthread_tryjoin_np or pthread_timedjoin_np (glibc added them with NPTL in 2.3.3): ENOSYS' },
  { lib: 'green', rule: 'np:tryjoin', reason: 'GNU Pth has no pthread_tryjoin_np or pthread_timedjoin_np: ENOSYS' },
  { lib: 'ngpt', rule: 'np:cpuclock', reason: 'rule 31: the kernel accounts CPU time to natives, not user threads, and NGPT 2.2.1 left pthread_getcpuclockid out (commented out in its libpthread.Versions): ENOSYS' },
  { lib: 'green', rule: 'np:cpuclock', reason: 'rule 34: the kernel sees one native for all threads, so there is no per-thread CPU clock (GNU Pth has no pthread_getcpuclockid): ENOSYS' },
  { lib: 'ngpt', rule: 'example:affinity', reason: 'rule 31: user threads have no kernel task to pin; NGPT 2.2.1 has no affinity attribute, so pthread_create fails with ENOSYS' },
  { lib: 'green', rule: 'example:affinity', reason: 'rule 34: one native runs every thread; GNU Pth has no affinity attribute, so pthread_create fails with ENOSYS' },
  // Memory shared between processes (test/conformance/pshared.test.ts, the C ping-pong test/c/posix/pshared.c).
  // SIGEV_THREAD timers (clib/runtime/timer.c; test/conformance/timer_thread.test.ts).
  { lib: 'linuxthreads', rule: 'posix:timer-sigev-thread', reason: 'a kernel timer cannot signal a LinuxThreads thread, each a process of its own (good_sigevent\'s same-thread-group check), so glibc 2.3\'s librt ran SIGEV_THREAD timers on user-space timer threads of its own, which the lab does not model: ENOSYS' },
  { lib: 'ngpt', rule: 'posix:timer-sigev-thread', reason: 'NGPT 2.2.1 had no timer_create (clib/runtime/timer.c): SIGEV_THREAD, a librt service over the thread library, is ENOSYS; the kernel\'s SIGEV_SIGNAL/SIGEV_NONE/SIGEV_THREAD_ID timers work' },
  { lib: 'green', rule: 'posix:timer-sigev-thread', reason: 'GNU Pth 2.0.7 had no timer_create (clib/runtime/timer.c): SIGEV_THREAD, a librt service over the thread library, is ENOSYS; the kernel\'s SIGEV_SIGNAL/SIGEV_NONE/SIGEV_THREAD_ID timers work' },
  { lib: 'linuxthreads', rule: 'posix:pshared-mutex-cond', reason: 'linuxthreads/mutex.c and condvar.c (glibc 2.3.6): pthread_mutexattr_setpshared/condattr_setpshared(PTHREAD_PROCESS_SHARED) is ENOSYS — "it is not possible to shared a conditional variable" (waiting is sigsuspend for a restart signal sent by pid)' },
  { lib: 'linuxthreads', rule: 'posix:sem-init-pshared', reason: 'linuxthreads/semaphore.c __new_sem_init: a pshared semaphore is ENOSYS' },
  { lib: 'linuxthreads', rule: 'posix:pshared-barrier', reason: 'linuxthreads/barrier.c pthread_barrierattr_setpshared: PTHREAD_PROCESS_SHARED is ENOSYS' },
  { lib: 'linuxthreads', rule: 'posix:sem-open', reason: 'linuxthreads/semaphore.c: sem_open, sem_close and sem_unlink are ENOSYS stubs' },
  { lib: 'ngpt', rule: 'posix:pshared-mutex-cond', reason: 'NGPT 2.2.1 shares mutexes and condvars through a futex-based shared area (pth_sync.c pth_alloc_shared_mutex); the lab\'s NGPT keeps user-level mutexes per process and does not model that area: setpshared(PTHREAD_PROCESS_SHARED) is ENOSYS (the lab\'s simplification, not NGPT\'s)' },
  { lib: 'ngpt', rule: 'posix:sem-init-pshared', reason: 'NGPT 2.2.1 semaphore.c makes a pshared semaphore of pshared mutex + condvar, which the lab\'s NGPT does not model (see posix:pshared-mutex-cond): ENOSYS' },
  { lib: 'ngpt', rule: 'posix:pshared-barrier', reason: 'NGPT 2.2.1 has no barriers (the lab\'s are on its mutex + condvar, which it cannot share here): setpshared is ENOSYS' },
  { lib: 'ngpt', rule: 'posix:sem-open', reason: 'NGPT 2.2.1 semaphore.c: sem_open, sem_close and sem_unlink are ENOSYS stubs' },
  { lib: 'green', rule: 'posix:pshared-mutex-cond', reason: 'GNU Pth 2.0.7 pthread.c: pthread_mutexattr_setpshared and condattr_setpshared are ENOSYS ("not supported"): one process\'s user-level threads only' },
  { lib: 'green', rule: 'posix:sem-init-pshared', reason: 'GNU Pth has no semaphores; the lab\'s (NGPT\'s semaphore.c over Pth\'s mutex + condvar) cannot be shared: ENOSYS' },
  { lib: 'green', rule: 'posix:pshared-barrier', reason: 'GNU Pth has no process-shared objects (setpshared is ENOSYS)' },
  { lib: 'green', rule: 'posix:sem-open', reason: 'GNU Pth has no semaphores, named or not: sem_open, sem_close and sem_unlink are ENOSYS' },
  { lib: 'linuxthreads', rule: 'example:prodcons_fork', reason: 'linuxthreads/semaphore.c: sem_open is an ENOSYS stub, so the program stops at once' },
  { lib: 'ngpt', rule: 'example:prodcons_fork', reason: 'NGPT 2.2.1 semaphore.c: sem_open is an ENOSYS stub, so the program stops at once' },
  { lib: 'green', rule: 'example:prodcons_fork', reason: 'GNU Pth has no sem_open (ENOSYS), so the program stops at once' },
  // System V IPC (test/conformance/ipc.test.ts; kernel/ipc/sem.ts exit_sem, fork.ts copy_semundo).
  { lib: 'linuxthreads', rule: 'ipc:semundo-thread', reason: 'rule 21: the manager clones threads without CLONE_SYSVSEM (NPTL passes it, rule 26), so each thread has its own SEM_UNDO list, applied by the kernel when that thread exits — not when the process does' },
  { lib: 'green', rule: 'ipc:msgrcv-blocks-task', reason: 'rule 34: GNU Pth wraps no System V IPC call, so a thread blocked in msgrcv blocks the one native and every other thread of the process' },
];

/** The entry for (lib, rule), if any. */
export function deviation(lib: string, rule: number | string): Deviation | undefined {
  return DEVIATIONS.find((d) => d.lib === lib && d.rule === rule);
}
