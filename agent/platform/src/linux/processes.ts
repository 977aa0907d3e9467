import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync } from 'node:fs';
import type { ProcessDetails, ProcessEntry, ProcessSource } from '@sluice/agent-core';

/** Clock ticks per second of /proc times (USER_HZ): 100 on every Linux architecture Node supports. */
export const USER_HZ = 100;
/** Bytes of /proc/PID/cmdline read; the matcher reads no more than this. */
export const MAX_CMDLINE_BYTES = 128 * 1024;
/** Samples between two full reads of every process's stat file (one minute at the default 5 s). */
export const FULL_REFRESH_SAMPLES = 12;
/** The kernel's thread daemon; its children are kernel threads with no executable. */
const KTHREADD = 2;

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Parses /proc/PID/stat. The name sits between the first `(` and the LAST `)`, since a process may
 * call itself anything, parentheses and spaces included.
 */
export function parseStat(text: string, bootTimeMs: number): Omit<ProcessEntry, 'pid'> | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const fields = text.slice(close + 2).split(' ');
  const ppid = Number(fields[1]);
  const startTicks = Number(fields[19]);
  if (!Number.isInteger(ppid) || !Number.isFinite(startTicks)) return undefined;
  return { ppid, name: text.slice(open + 1, close).slice(0, 64), startTime: Math.round(bootTimeMs + (startTicks * 1000) / USER_HZ) };
}

/** Splits /proc/PID/cmdline (NUL-separated, possibly rewritten by the process into one string). */
export function parseCmdline(bytes: Uint8Array): string[] {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end -= 1;
  if (end === 0) return [];
  return utf8.decode(bytes.subarray(0, end)).split('\0');
}

export function bootTimeMs(procStat: string): number {
  const m = /^btime (\d+)$/m.exec(procStat);
  return m?.[1] ? Number(m[1]) * 1000 : 0;
}

/** Reads at most `max` bytes of a file; /proc files report size 0, so read until EOF. */
export function readBounded(path: string, max: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(max, 64 * 1024));
    const parts: Buffer[] = [];
    let total = 0;
    while (total < max) {
      const n = readSync(fd, buffer, 0, Math.min(buffer.length, max - total), null);
      if (n <= 0) break;
      parts.push(Buffer.from(buffer.subarray(0, n)));
      total += n;
    }
    return Buffer.concat(parts);
  } finally {
    closeSync(fd);
  }
}

export interface LinuxProcessOptions {
  /** Root of the proc file system; tests point it at a fixture tree. */
  readonly proc?: string;
  readonly passwd?: string;
}

/**
 * Processes from /proc, without spawning anything: one small read of `stat` per process at each
 * sample, and `exe`, `cmdline` and `status` only for processes not seen before. Processes that exit
 * between the listing and the read, and entries this user may not read, are skipped quietly.
 */
export function createLinuxProcessSource(options: LinuxProcessOptions = {}): ProcessSource {
  const proc = options.proc ?? '/proc';
  const passwdFile = options.passwd ?? '/etc/passwd';
  let boot: number | undefined;
  const known = new Map<number, ProcessEntry>();
  let samples = 0;
  let users: Map<number, string> | undefined;
  let usersReadAt = 0;

  function userName(uid: number): string | undefined {
    const now = Date.now();
    if (!users || (!users.has(uid) && now - usersReadAt > 60_000)) {
      users = new Map();
      usersReadAt = now;
      try {
        for (const line of readFileSync(passwdFile, 'utf8').split('\n').slice(0, 100_000)) {
          const [name, , id] = line.split(':');
          if (name && id !== undefined && /^\d+$/.test(id)) users.set(Number(id), name.slice(0, 256));
        }
      } catch {
        // no passwd file: numeric ids only
      }
    }
    return users.get(uid) ?? String(uid);
  }

  return {
    async list() {
      boot ??= bootTimeMs(readFileSync(`${proc}/stat`, 'utf8'));
      // Reading every stat file is most of a sample's cost; a known pid's entry is reused and all are
      // read again every FULL_REFRESH_SAMPLES, which bounds how long a reused pid can go unnoticed.
      const full = samples % FULL_REFRESH_SAMPLES === 0;
      samples += 1;
      const out: ProcessEntry[] = [];
      const present = new Set<number>();
      for (const name of readdirSync(proc)) {
        const c = name.charCodeAt(0);
        if (c < 48 || c > 57) continue;
        const pid = Number(name);
        if (!Number.isSafeInteger(pid) || pid === KTHREADD) continue;
        present.add(pid);
        const cached = full ? undefined : known.get(pid);
        if (cached) {
          if (cached.ppid !== KTHREADD) out.push(cached);
          continue;
        }
        let text: string;
        try {
          text = readFileSync(`${proc}/${name}/stat`, 'utf8');
        } catch {
          continue;
        }
        const parsed = parseStat(text, boot);
        if (!parsed) continue;
        const entry = { pid, ...parsed };
        known.set(pid, entry);
        if (parsed.ppid !== KTHREADD) out.push(entry);
      }
      for (const pid of known.keys()) if (!present.has(pid)) known.delete(pid);
      return out;
    },

    async details(pid) {
      const base = `${proc}/${pid}`;
      let exe: string | undefined;
      let cmdline: string[] | undefined;
      let user: string | undefined;
      let readable = false;
      try {
        exe = readlinkSync(`${base}/exe`);
        readable = true;
      } catch {
        // kernel thread, exited, or another user's process without the privilege
      }
      try {
        cmdline = parseCmdline(readBounded(`${base}/cmdline`, MAX_CMDLINE_BYTES));
        readable = true;
      } catch {
        // exited or not permitted
      }
      try {
        const status = readFileSync(`${base}/status`, 'utf8');
        const uid = /^Uid:\s+(\d+)/m.exec(status)?.[1];
        if (uid !== undefined) user = userName(Number(uid));
        readable = true;
      } catch {
        // exited
      }
      if (!readable) return undefined;
      const details: ProcessDetails = { ...(exe ? { exe } : {}), ...(cmdline && cmdline.length > 0 ? { cmdline } : {}), ...(user ? { user } : {}) };
      return details;
    },
  };
}
