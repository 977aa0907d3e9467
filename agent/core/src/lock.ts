import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { agentError } from './errors.js';

export const LOCK_FILE = 'agent.pid';

export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid recorded by a running agent for this data folder, if that process is alive. */
export function runningAgentPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, LOCK_FILE), 'utf8').trim());
    return isProcessAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One agent process per data folder: two would both stream the same outbox. A lock left by a
 * process that died (SIGKILL, power loss) is taken over.
 */
const heldHere = new Set<string>();

export function acquireLock(dataDir: string): () => void {
  const file = join(dataDir, LOCK_FILE);
  if (heldHere.has(file)) throw agentError('E_AGENT_RUNNING', `This process already runs an agent on ${dataDir}.`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      heldHere.add(file);
      return () => {
        heldHere.delete(file);
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
        } catch {
          // Already gone.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock naming this very pid is stale (a previous process that had the same pid, as in a container).
      const owner = runningAgentPid(dataDir);
      if (owner !== undefined && owner !== process.pid) throw agentError('E_AGENT_RUNNING', `pid ${owner} holds ${file}.`);
      unlinkSync(file);
    }
  }
  throw agentError('E_AGENT_RUNNING', `Could not take ${file}.`);
}
