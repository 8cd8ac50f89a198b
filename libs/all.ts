/**
 * all.ts — importing this registers every thread library, in the order the lab lists them.
 * Each library adds one import + registerLibrary line here.
 */

import { registerLibrary } from './index.js';
import { nptl } from './nptl/index.js';
import { linuxthreads } from './linuxthreads/index.js';
import { ngpt } from './ngpt/index.js';
import { green } from './green/index.js';

registerLibrary(nptl);
registerLibrary(linuxthreads);
registerLibrary(ngpt);
registerLibrary(green);

export { registerLibrary };
