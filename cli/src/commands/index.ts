import type { Command } from '../command.js';

/** Every `sluice` command, in the order `sluice help` lists them. */
export const COMMANDS: readonly Command[] = [];
