import { mergeConfig } from 'vitest/config';
import base from '../../vitest.base.js';

/** The shell's pure parts, tested in plain Node: no Electron binary is needed (or available). */
export default mergeConfig(base, {});
