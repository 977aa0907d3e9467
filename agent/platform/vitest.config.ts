import { mergeConfig } from 'vitest/config';
import base from '../../vitest.base.js';

/** Platform tests start real processes, X servers and probes: give them time on a loaded CI machine. */
export default mergeConfig(base, { test: { testTimeout: 60_000, hookTimeout: 30_000 } });
