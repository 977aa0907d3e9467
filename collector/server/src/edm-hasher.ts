import { Worker } from 'node:worker_threads';
import { SluiceError, type EdmColumnInput } from '@sluice/shared';

/**
 * Builds an exact-data-match index on a thread of its own. A million values are seconds of HMAC
 * work; on the main thread that would stall every agent's acknowledgements. The thread runs
 * `createEdmIndex` from the built @sluice/shared, the code agents hash candidates with, and hands
 * back the index as JSON text with a count per column, so the main thread never parses it.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');
const shared = pathToFileURL(createRequire(workerData.from).resolve('@sluice/shared')).href;
import(shared).then(({ createEdmIndex }) => {
  const built = createEdmIndex(workerData.columns, workerData.salt);
  if (!built.ok) {
    parentPort.postMessage({ ok: false, code: built.error.code, message: built.error.message });
    return;
  }
  const counts = built.value.columns.map((c) => c.hashes.length);
  parentPort.postMessage({ ok: true, text: JSON.stringify(built.value), counts });
}).catch((error) => parentPort.postMessage({ ok: false, code: 'E_INTERNAL', message: String(error && error.message) }));
`;

export interface BuiltEdmIndex {
  /** The index as JSON text (`sluice.edm/v1`). */
  readonly text: string;
  /** Distinct values hashed, per column in input order. */
  readonly counts: readonly number[];
}

type WorkerReply = { ok: true; text: string; counts: number[] } | { ok: false; code: string; message: string };

/** Hashes the columns with the salt (hex) on a worker thread; resolves once the thread is gone. */
export function buildEdmIndexOffThread(columns: readonly EdmColumnInput[], saltHex: string): Promise<BuiltEdmIndex> {
  const plain = columns.map((c) => ({ name: c.name, kind: c.kind, values: [...c.values] }));
  // No inherited flags: a test runner's export conditions would point the thread at TypeScript sources.
  const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { from: import.meta.url, columns: plain, salt: saltHex } });
  return new Promise<BuiltEdmIndex>((resolve, reject) => {
    let reply: WorkerReply | undefined;
    worker.once('message', (message: WorkerReply) => {
      reply = message;
      void worker.terminate();
    });
    worker.once('error', (error) => reject(new SluiceError('E_INTERNAL', `Hashing the table failed: ${error.message}`)));
    worker.once('exit', () => {
      if (!reply) reject(new SluiceError('E_INTERNAL', 'Hashing the table stopped without an answer.'));
      else if (!reply.ok) reject(new SluiceError(reply.code, reply.message));
      else resolve({ text: reply.text, counts: reply.counts });
    });
  });
}
