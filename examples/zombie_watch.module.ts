// A kernel module: a kernel thread that walks the task list every 2 s and reports zombies (load it with: threadlab run --module examples/zombie_watch.module.ts examples/zombie.ts).
import type { KernelApi, KernelModule } from '../kernel/index.js';

let watcher = 0;

/** The kernel thread: scan, report, sleep 2 s, until kthread_stop. */
function* watch(api: KernelApi, periodMs: number) {
  while (!api.kthread_should_stop()) {
    let zombies = 0;
    for (const p of api.for_each_process()) {
      if (p.exit_state !== api.EXIT_ZOMBIE) continue;
      zombies++;
      api.printk(`pid ${p.pid} (${p.comm}) is a zombie; parent ${p.parent_pid} has not waited for it`);
    }
    api.printk(`scan at jiffy ${api.jiffies}: ${zombies} zombie(s)`);
    yield api.schedule_timeout(api.msecs_to_jiffies(periodMs));
  }
  return 0;
}

const zombieWatch: KernelModule = {
  name: 'zombie_watch',
  description: 'reports zombie processes every 2 seconds',
  init(api) {
    const t = api.kthread_run(watch, 2000, 'zombie_watch');
    if (typeof t === 'number') return t;
    watcher = t.pid;
    api.printk(`loaded; kernel thread ${t.pid} started`);
    return 0;
  },
  exit(api) {
    api.kthread_stop(watcher);
    api.printk('unloaded');
  },
};

export default zombieWatch;
