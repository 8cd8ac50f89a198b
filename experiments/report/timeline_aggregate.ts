/**
 * timeline_aggregate.ts — the per-CPU busy histogram a timeline falls back to for a long run.
 *
 * Fed the sched_switch events, it adds each run interval's time to fixed-count buckets per
 * CPU, split into time spent by the program's tasks and by everything else (kernel threads,
 * init, the shell). The bucket width starts small and doubles (merging neighbours) whenever a
 * switch lands past the last bucket, so the run's length need not be known in advance and
 * memory stays `buckets × CPUs` numbers however long the run is. Busy time is additive, so the
 * merge loses nothing but resolution.
 */

export interface BusyBucket {
  cpu: number;
  start: number;
  end: number;
  /** Fraction of the bucket the CPU ran something, and the part of it the program ran. */
  busy: number;
  prog: number;
}

const FIRST_WIDTH_NS = 1000;

export class BusyHistogram {
  width = FIRST_WIDTH_NS;
  private prog: Float64Array[];
  private other: Float64Array[];
  /** What each CPU runs since when (pid 0: idle). */
  private pid: Int32Array;
  private since: Float64Array;

  constructor(readonly cpus: number, readonly buckets: number, private isProgram: (pid: number) => boolean) {
    this.prog = Array.from({ length: cpus }, () => new Float64Array(buckets));
    this.other = Array.from({ length: cpus }, () => new Float64Array(buckets));
    this.pid = new Int32Array(cpus);
    this.since = new Float64Array(cpus);
  }

  /** A sched_switch on `cpu` at `t` to `next` (0 = idle). */
  onSwitch(cpu: number, t: number, next: number): void {
    if (cpu >= this.cpus) return;
    this.close(cpu, t);
    this.pid[cpu] = next;
    this.since[cpu] = t;
  }

  /** Close every CPU's open interval at the end of the run. */
  finish(endNs: number): void {
    for (let c = 0; c < this.cpus; c++) { this.close(c, endNs); this.pid[c] = 0; this.since[c] = endNs; }
  }

  private close(cpu: number, t: number): void {
    const pid = this.pid[cpu];
    const from = this.since[cpu];
    if (pid === 0 || t <= from) return;
    while (t > this.buckets * this.width) this.coarsen();
    const into = this.isProgram(pid) ? this.prog[cpu] : this.other[cpu];
    const w = this.width;
    for (let i = Math.floor(from / w); i * w < t; i++) {
      const a = Math.max(from, i * w);
      const b = Math.min(t, (i + 1) * w);
      into[i] += b - a;
    }
  }

  /** Double the bucket width: bucket i takes old buckets 2i and 2i+1. */
  private coarsen(): void {
    for (const arr of [...this.prog, ...this.other]) {
      for (let i = 0; i < this.buckets; i++) {
        const a = 2 * i < this.buckets ? arr[2 * i] : 0;
        const b = 2 * i + 1 < this.buckets ? arr[2 * i + 1] : 0;
        arr[i] = a + b;
      }
    }
    this.width *= 2;
  }

  /** Non-empty buckets up to `endNs`, CPU by CPU. */
  rows(endNs: number): BusyBucket[] {
    const out: BusyBucket[] = [];
    const w = this.width;
    for (let c = 0; c < this.cpus; c++) {
      for (let i = 0; i < this.buckets && i * w < endNs; i++) {
        const len = Math.min(w, endNs - i * w);
        const p = this.prog[c][i];
        const o = this.other[c][i];
        if (p + o <= 0) continue;
        out.push({ cpu: c, start: i * w, end: i * w + len, busy: Math.min(1, (p + o) / len), prog: Math.min(1, p / len) });
      }
    }
    return out;
  }
}
