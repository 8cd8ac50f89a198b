/**
 * imports.ts — the import table of one process's instance: the lab's calls (clib/runtime/lab.h
 * declares them, by the same names) and the WASI calls (wasi.ts).
 */

import { LAB_MODULE, LAB_SYNC_MODULE, WASI_MODULE } from './abi.js';
import type { CProcess } from './process.js';
import { threadImports, threadSyncImports } from './threads.js';
import { syncImports } from './sync.js';
import { rwlockImports } from './rwlock.js';
import { signalImports, signalSyncImports } from './signals.js';
import { timerImports, timerSyncImports } from './timers.js';
import { rlimitImports } from './rlimit.js';
import { ioImports } from './io.js';
import { fsImports } from './fs.js';
import { forkImports } from './fork.js';
import { idImports } from './ids.js';
import { affinityImports } from './affinity.js';
import { threadNpImports } from './thread_np.js';
import { wasiImports } from './wasi.js';
import { cancelImports, cancelSyncImports } from './cancel.js';
import { shmemImports } from './shmem.js';
import { mlockImports } from './mlock.js';
import { futexImports } from './futex.js';
import { cloneImports } from './clone.js';
import { schedImports, schedSyncImports } from './sched.js';
import { ipcImports } from './ipc.js';
import { setjmpImports } from './setjmp.js';
import { ucontextImports, ucontextSyncImports } from './ucontext.js';
import { aioImports, aioSyncImports } from './aio.js';
import { socketImports } from './socket.js';

export function importTable(p: CProcess): WebAssembly.Imports {
  return {
    [LAB_MODULE]: {
      ...threadImports(p), ...syncImports(p), ...rwlockImports(p), ...signalImports(p), ...ioImports(p), ...fsImports(p), ...forkImports(p), ...idImports(p),
      ...cancelImports(p), ...timerImports(p), ...rlimitImports(p), ...affinityImports(p), ...threadNpImports(p), ...shmemImports(p), ...mlockImports(p), ...futexImports(p), ...cloneImports(p),
      ...schedImports(p), ...ipcImports(p), ...setjmpImports(p), ...ucontextImports(p), ...aioImports(p), ...socketImports(p),
    },
    [LAB_SYNC_MODULE]: { ...threadSyncImports(p), ...signalSyncImports(p), ...timerSyncImports(p), ...cancelSyncImports(p), ...schedSyncImports(p), ...ucontextSyncImports(p), ...aioSyncImports(p) },
    [WASI_MODULE]: wasiImports(p),
  };
}
