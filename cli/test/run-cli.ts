import { PassThrough, Readable } from 'node:stream';
import { runCli, type CommandIO } from '../src/index.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** What the command reads on stdin. */
  readonly input?: string | Buffer | Readable;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/** Runs the CLI in-process with captured stdout and stderr, as the shell would run `sluice …`. */
export async function runCommand(argv: string[], options: CliRunOptions = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const input = options.input ?? '';
  const stdin = input instanceof Readable ? input : Readable.from([typeof input === 'string' ? Buffer.from(input) : input]);
  const io: CommandIO = { stdin, stdout, stderr, env: options.env ?? {}, cwd: options.cwd ?? process.cwd() };
  const code = await runCli(argv, io);
  return { code, stdout: out, stderr: err };
}
