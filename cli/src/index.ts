export { runCli, usageText } from './main.js';
export { SLUICE_VERSION } from './version.js';
export type { Command, CommandIO } from './command.js';
