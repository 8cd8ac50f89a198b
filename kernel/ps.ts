/**
 * ps.ts — what procps shows: `ps ax` (one line per process) and `ps -eLf` (one per thread).
 *
 * Mirrors: fs/proc/array.c (the state letter: R S D T Z; /proc/PID/task/ for threads) as
 * procps formats it. Kernel threads are shown in brackets; NLWP counts a group's threads;
 * TIME is user+system CPU time. Everything is read from the task table at one instant.
 */

import type { Kernel } from './kernel.js';
import {
  Task, TASK_NEW, TASK_RUNNING, TASK_INTERRUPTIBLE, TASK_UNINTERRUPTIBLE, TASK_STOPPED, EXIT_ZOMBIE,
} from './task.js';

export interface PsRow {
  uid: string;
  pid: number;
  ppid: number;
  lwp: number;
  nlwp: number;
  stat: string;
  time: string;
  cmd: string;
  kthread: boolean;
  /** Process group, session, and the controlling terminal ('?' for none). */
  pgid: number;
  sid: number;
  tty: string;
}

export function stateLetter(t: Task): string {
  if (t.exitState === EXIT_ZOMBIE) return 'Z';
  switch (t.state) {
    case TASK_RUNNING: case TASK_NEW: return 'R';
    case TASK_INTERRUPTIBLE: return 'S';
    case TASK_UNINTERRUPTIBLE: return 'D';
    case TASK_STOPPED: return 'T';
    default: return 'X';
  }
}

function cputime(ns: number): string {
  const s = Math.floor(ns / 1e9);
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${hh}:${mm}:${ss}`;
}

function cmdOf(t: Task): string {
  if (t.isKthread) return `[${t.comm}]`;
  if (t.exitState === EXIT_ZOMBIE) return `[${t.comm}] <defunct>`;
  return (t.data && t.data.cmdline) || t.comm;
}

/** The user name of the effective uid, as /etc/passwd would give it (else the number). */
function uidOf(t: Task): string {
  const uid = t.cred.euid;
  return uid === 0 ? 'root' : uid === 1000 ? 'student' : String(uid);
}

function ids(leader: Task): { pgid: number; sid: number; tty: string } {
  const s = leader.signal!;
  return { pgid: s.pgrp, sid: s.session, tty: s.tty ?? '?' };
}

/** One row per thread (ps -eLf), in pid order of the group leaders then their threads. */
export function psThreads(k: Kernel): PsRow[] {
  const rows: PsRow[] = [];
  for (const leader of sortedLeaders(k)) {
    const threads = leader.signal!.threads.length ? leader.signal!.threads : [leader];
    for (const t of threads) {
      rows.push({
        uid: uidOf(t), pid: t.tgid, ppid: leader.realParent ? leader.realParent.tgid : 0,
        lwp: t.pid, nlwp: threads.length, stat: stateLetter(t) + (threads.length > 1 ? 'l' : ''),
        time: cputime(t.utime + t.stime), cmd: cmdOf(leader), kthread: t.isKthread, ...ids(leader),
      });
    }
  }
  return rows;
}

/** One row per process (ps ax): the leader's state, the group's summed CPU time. */
export function psProcesses(k: Kernel): PsRow[] {
  return sortedLeaders(k).map((leader) => {
    const threads = leader.signal!.threads;
    let time = leader.signal!.utime + leader.signal!.stime;
    for (const t of threads) time = time + t.utime + t.stime;
    return {
      uid: uidOf(leader), pid: leader.tgid, ppid: leader.realParent ? leader.realParent.tgid : 0,
      lwp: leader.pid, nlwp: threads.length, kthread: leader.isKthread,
      stat: groupState(leader) + (threads.length > 1 ? 'l' : ''), time: cputime(time), cmd: cmdOf(leader),
      ...ids(leader),
    };
  });
}

/** A group is R if any thread runs, else its leader's state (a zombie leader with live threads shows its threads'). */
function groupState(leader: Task): string {
  const threads = leader.signal!.threads;
  if (threads.some((t) => t.exitState === 0 && t.state === TASK_RUNNING)) return 'R';
  const live = threads.find((t) => t.exitState === 0);
  return stateLetter(leader.exitState === EXIT_ZOMBIE && live ? live : leader);
}

function sortedLeaders(k: Kernel): Task[] {
  const leaders: Task[] = [];
  for (const t of k.tasks.values()) if (t.isLeader) leaders.push(t);
  // A zombie leader is still in the table; threads of a group whose leader was reaped cannot exist.
  return leaders.sort((a, b) => a.pid - b.pid);
}

/** `ps ax` as text. */
export function formatPsAx(k: Kernel): string {
  const lines = ['  PID TTY      STAT   TIME COMMAND'];
  for (const r of psProcesses(k)) {
    lines.push(`${String(r.pid).padStart(5)} ${r.tty.padEnd(8)} ${r.stat.padEnd(4)} ${r.time.slice(3).padStart(6)} ${r.cmd}`);
  }
  return lines.join('\n');
}

/** `ps -eLf` as text: UID PID PPID LWP C NLWP STIME TTY TIME CMD. */
export function formatPsEf(k: Kernel, rows: PsRow[] = psThreads(k)): string {
  const lines = ['UID          PID    PPID     LWP  C NLWP STAT TTY          TIME CMD'];
  for (const r of rows) {
    lines.push(
      `${r.uid.padEnd(8)} ${String(r.pid).padStart(7)} ${String(r.ppid).padStart(7)} ${String(r.lwp).padStart(7)}  0 ${String(r.nlwp).padStart(4)} ${r.stat.padEnd(4)} ${r.tty.padEnd(5)}    ${r.time} ${r.cmd}`,
    );
  }
  return lines.join('\n');
}
