import { COMMANDS } from './commands/index.js';
import { parseCommandArgs, UsageError, writeLine, type Command, type CommandIO } from './command.js';
import { SLUICE_VERSION } from './version.js';

function findCommand(argv: readonly string[]): { command: Command; rest: string[] } | undefined {
  let best: Command | undefined;
  for (const command of COMMANDS) {
    const matches = command.path.every((word, i) => argv[i] === word);
    if (matches && (!best || command.path.length > best.path.length)) best = command;
  }
  return best ? { command: best, rest: argv.slice(best.path.length) } : undefined;
}

export function usageText(commands: readonly Command[] = COMMANDS): string {
  const lines = ['Usage: sluice <command> [options]', '', 'Commands:'];
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  for (const c of commands) lines.push(`  ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  lines.push('', 'Run `sluice <command> --help` for the options of one command.');
  return lines.join('\n');
}

function commandHelp(command: Command): string {
  const lines = [command.summary, '', 'Usage:'];
  for (const u of command.usage) lines.push(`  sluice ${u}`);
  return lines.join('\n');
}

/** Runs one CLI invocation and resolves to its exit code: 0 success, 1 failure, 2 usage error. */
export async function runCli(argv: string[], io: CommandIO): Promise<number> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    writeLine(io.stdout, usageText());
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === '--version') {
    writeLine(io.stdout, SLUICE_VERSION);
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    writeLine(io.stderr, `sluice: unknown command "${argv.slice(0, 2).join(' ')}".\n`);
    writeLine(io.stderr, usageText());
    return 2;
  }
  const { command, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    writeLine(io.stdout, commandHelp(command));
    return 0;
  }
  try {
    const args = parseCommandArgs(command, rest);
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      writeLine(io.stderr, `sluice ${command.path.join(' ')}: ${error.message}\n`);
      writeLine(io.stderr, commandHelp(command));
      return 2;
    }
    const e = error as Error & { code?: string };
    writeLine(io.stderr, `sluice ${command.path.join(' ')}: ${e.code ? `${e.code}: ` : ''}${e.message}`);
    return 1;
  }
}
