import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A long-running helper process that reports changes as one line each (`wl-paste --watch`, the
 * macOS pasteboard helper in JXA, the Windows clipboard helper in PowerShell). Lines are parsed by
 * the caller; a line longer than the bound is dropped whole, so a hostile window title cannot grow
 * memory. When the helper exits it is started again after a delay that doubles up to a cap, and
 * `close()` stops it for good.
 */

export interface LineHelperOptions {
  readonly file: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** Called for each complete line, without its line end. */
  readonly onLine: (line: string) => void;
  /** Called with the helper's last stderr output (bounded) when it exits; for logs and availability. */
  readonly onExit?: (code: number | null, stderr: string) => void;
  /** Longest line kept; longer ones are dropped. Default 64 KiB. */
  readonly maxLineBytes?: number;
  /** First restart delay; doubles after each exit that comes sooner than `healthyAfterMs`. Default 1 s. */
  readonly restartDelayMs?: number;
  /** Largest restart delay. Default 30 s. */
  readonly maxRestartDelayMs?: number;
  /** A helper that ran this long before it exited is restarted at the first delay again. Default 60 s. */
  readonly healthyAfterMs?: number;
}

export interface LineHelper {
  /** Starts the helper if it is not running. */
  start(): void;
  /** Stops it and every restart. */
  close(): void;
  readonly running: boolean;
}

const MAX_STDERR_CHARS = 2_000;

/** Splits a byte stream into lines, dropping any line longer than `maxBytes`. */
export function createLineSplitter(maxBytes: number, onLine: (line: string) => void): (chunk: Buffer) => void {
  let parts: Buffer[] = [];
  let size = 0;
  let overflow = false;
  return (chunk) => {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl < 0 ? chunk.length : nl;
      const piece = chunk.subarray(start, end);
      if (!overflow) {
        if (size + piece.length > maxBytes) {
          overflow = true;
          parts = [];
          size = 0;
        } else if (piece.length > 0) {
          parts.push(piece);
          size += piece.length;
        }
      }
      if (nl < 0) return;
      if (!overflow) {
        const line = Buffer.concat(parts, size).toString('utf8').replace(/\r$/, '');
        onLine(line);
      }
      parts = [];
      size = 0;
      overflow = false;
      start = nl + 1;
    }
  };
}

export function createLineHelper(options: LineHelperOptions): LineHelper {
  const maxLineBytes = options.maxLineBytes ?? 64 * 1024;
  const firstDelay = options.restartDelayMs ?? 1_000;
  const maxDelay = options.maxRestartDelayMs ?? 30_000;
  const healthyAfter = options.healthyAfterMs ?? 60_000;
  let child: ChildProcess | undefined;
  let closed = false;
  let delay = firstDelay;
  let timer: NodeJS.Timeout | undefined;

  function launch(): void {
    if (closed || child) return;
    const startedAt = Date.now();
    let stderr = '';
    const proc = spawn(options.file, [...options.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
      ...(options.env ? { env: options.env } : {}),
    });
    child = proc;
    const split = createLineSplitter(maxLineBytes, (line) => {
      try {
        options.onLine(line);
      } catch {
        // A consumer's failure must not stop the helper's stream.
      }
    });
    proc.stdout?.on('data', split);
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (text: string) => {
      stderr = (stderr + text).slice(-MAX_STDERR_CHARS);
    });
    let ended = false;
    const onEnd = (code: number | null) => {
      if (ended) return;
      ended = true;
      if (child === proc) child = undefined;
      options.onExit?.(code, stderr.trim());
      if (closed) return;
      delay = Date.now() - startedAt >= healthyAfter ? firstDelay : delay;
      timer = setTimeout(() => {
        timer = undefined;
        launch();
      }, delay);
      timer.unref?.();
      delay = Math.min(maxDelay, delay * 2);
    };
    proc.on('error', () => onEnd(null));
    proc.on('close', (code) => onEnd(code));
  }

  return {
    start: launch,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      const proc = child;
      child = undefined;
      if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill();
    },
    get running() {
      return child !== undefined;
    },
  };
}
