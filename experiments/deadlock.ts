/**
 * deadlock.ts — explain a run that stopped with nothing runnable: every program thread, its
 * state, and what it waits on (the system call and wait queue), like a debugger's thread list.
 */

import { type Kernel, stateLetter, syscallName } from '../kernel/index.js';

export function describeDeadlock(k: Kernel, firstUserPid: number): string {
  const lines = ['deadlock: no thread can run and no timer or I/O is pending'];
  for (const t of k.tasks.values()) {
    if (t.pid < firstUserPid || t.isKthread) continue;
    if (t.exitState !== 0) { lines.push(`  ${t.comm}[${t.pid}] zombie`); continue; }
    const call = t.sysNr >= 0 ? syscallName(k, t.sysNr) : 'user mode';
    const on = t.waitq ? ` on ${t.waitq.name}` : '';
    lines.push(`  thread ${t.pid} (${t.comm}, tgid ${t.tgid}) state ${stateLetter(t)} in ${call}${on}`);
  }
  return lines.join('\n');
}
