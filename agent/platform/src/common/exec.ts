import { execFile } from 'node:child_process';

export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Most bytes kept from a tool's output; a longer output is an error, never a memory spike. */
export const MAX_TOOL_OUTPUT_BYTES = 32 * 1024 * 1024;

/**
 * Runs a tool with a timeout and an output cap, without a shell. Resolves with the exit code (a
 * non-zero code is an answer, not an error: `codesign` exits 1 for unsigned files); rejects only
 * when the tool cannot be started, times out or floods its output.
 */
export function run(file: string, args: readonly string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      { timeout: options.timeoutMs ?? 10_000, maxBuffer: MAX_TOOL_OUTPUT_BYTES, windowsHide: true, encoding: 'utf8', ...(options.env ? { env: options.env } : {}) },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}
