import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Runs SQLite's WAL checkpoints on a thread of their own. A checkpoint copies the WAL back into the
 * database file and syncs it; done inside a commit on the ingest thread (SQLite's automatic
 * checkpoint) it stalls every acknowledgement behind it for tens of milliseconds. A PASSIVE
 * checkpoint from another connection never blocks the writer, so the ingest thread only appends.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 2000');
let running = true;
const timer = setInterval(() => {
  if (!running) return;
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ type: 'checkpoint', busy: result.busy, log: result.log, checkpointed: result.checkpointed });
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: String(error && error.message) });
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  running = false;
  clearInterval(timer);
  db.close();
  parentPort.postMessage({ type: 'stopped' });
});
`;

export interface CheckpointResult {
  /** Frames in the WAL. */
  log: number;
  /** Frames copied back to the database so far. */
  checkpointed: number;
}

export interface Checkpointer {
  /** The most recent checkpoint's result, for metrics and tests. */
  readonly last: CheckpointResult | undefined;
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, intervalMs: number, onError: (message: string) => void): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, intervalMs, driver } });
  // The process may exit while a checkpoint thread still runs; close() stops it properly.
  worker.unref();
  let last: CheckpointResult | undefined;
  worker.on('message', (message: { type: string; log?: number; checkpointed?: number; message?: string }) => {
    if (message.type === 'checkpoint') last = { log: message.log ?? 0, checkpointed: message.checkpointed ?? 0 };
    else if (message.type === 'error') onError(message.message ?? 'checkpoint failed');
  });
  worker.on('error', (error) => onError(error.message));
  return {
    get last() {
      return last;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 2_000);
        worker.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        worker.on('message', (m: { type: string }) => {
          if (m.type === 'stopped') void worker.terminate();
        });
        worker.postMessage('stop');
      }),
  };
}
