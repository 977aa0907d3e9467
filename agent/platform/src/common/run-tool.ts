import { spawn } from 'node:child_process';

export interface RunToolOptions {
  /** Written to the tool's standard input, then closed. */
  readonly input?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** The tool is killed after this long. Default 10 s. */
  readonly timeoutMs?: number;
}

/**
 * Runs a tool whose output does not matter (a notification, a clipboard write) without a shell;
 * resolves when it exits with 0, rejects otherwise or when it cannot start.
 */
export function runTool(file: string, args: readonly string[], options: RunToolOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], { stdio: ['pipe', 'ignore', 'ignore'], windowsHide: true, ...(options.env ? { env: options.env } : {}) });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 10_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${file} exited with ${code ?? signal}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

export interface ToolOutput {
  readonly data: Buffer;
  /** True when the tool had more to say than the bound. */
  readonly truncated: boolean;
  readonly code: number | null;
}

/**
 * Runs a tool and keeps at most `maxBytes` of its standard output, stopping it once the bound is
 * passed or the time is up (the caller's choice: PowerShell alone takes longer to start than xclip
 * takes to answer). Clipboard reads on every OS go through here.
 */
export function readTool(file: string, args: readonly string[], options: { maxBytes: number; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string }): Promise<ToolOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], { stdio: ['pipe', 'pipe', 'ignore'], windowsHide: true, ...(options.env ? { env: options.env } : {}) });
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 10_000);
    child.stdout.on('data', (chunk: Buffer) => {
      if (truncated) return;
      const room = options.maxBytes - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        size = options.maxBytes;
        truncated = true;
        child.kill('SIGKILL');
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ data: Buffer.concat(chunks, size), truncated, code });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
