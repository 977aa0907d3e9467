export { runCli, usageText, SLUICE_VERSION } from './main.js';
export type { Command, CommandIO } from './command.js';
