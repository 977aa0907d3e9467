import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { ListeningSocket, SocketSource } from '@sluice/agent-core';

const LISTEN = '0A';

/** A hex address of /proc/net/tcp: IPv4 as one little-endian word, IPv6 as four. */
export function decodeAddress(hex: string): string | undefined {
  if (hex.length === 8) {
    const n = Number.parseInt(hex, 16);
    if (!Number.isFinite(n)) return undefined;
    return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff].join('.');
  }
  if (hex.length === 32) {
    const bytes: number[] = [];
    for (let w = 0; w < 4; w += 1) {
      const word = hex.slice(w * 8, w * 8 + 8);
      for (let b = 3; b >= 0; b -= 1) bytes.push(Number.parseInt(word.slice(b * 2, b * 2 + 2), 16));
    }
    if (bytes.some((b) => !Number.isFinite(b))) return undefined;
    if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return `::ffff:${bytes.slice(12).join('.')}`;
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
    const text = groups.join(':');
    // Shorten the longest run of zero groups the usual way.
    const runs = [...text.matchAll(/(?:^|:)0(?::0)+(?::|$)/g)].sort((a, b) => b[0].length - a[0].length);
    const run = runs[0];
    if (!run || run.index === undefined) return text;
    return `${text.slice(0, run.index)}::${text.slice(run.index + run[0].length)}`;
  }
  return undefined;
}

export interface NetTcpRow {
  readonly address: string;
  readonly port: number;
  readonly inode: number;
  readonly family: 4 | 6;
}

/** Rows of /proc/net/tcp or tcp6 in the LISTEN state. */
export function parseNetTcp(text: string, family: 4 | 6): NetTcpRow[] {
  const out: NetTcpRow[] = [];
  for (const line of text.split('\n').slice(1, 100_001)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || f[3] !== LISTEN) continue;
    const [hexAddr, hexPort] = (f[1] ?? '').split(':');
    const address = hexAddr ? decodeAddress(hexAddr) : undefined;
    const port = Number.parseInt(hexPort ?? '', 16);
    const inode = Number(f[9]);
    if (address === undefined || !Number.isInteger(port) || port <= 0 || !Number.isSafeInteger(inode)) continue;
    out.push({ address, port, inode, family });
  }
  return out;
}

/** Calls between two full reads of every descriptor link. */
export const FULL_RESCAN_CALLS = 12;

/**
 * Listening TCP sockets from /proc/net/tcp{,6}, attributed to the processes asked about by the socket
 * inodes among their file descriptors. Generating /proc/net/tcp walks the kernel's whole socket
 * table (milliseconds on a busy host), so it is read only when the socket descriptors of the
 * processes asked about have changed since the last call; otherwise the last answer is returned.
 */
export function createLinuxSocketSource(options: { proc?: string } = {}): SocketSource {
  const proc = options.proc ?? '/proc';
  let lastKey: string | undefined;
  let last: ListeningSocket[] = [];

  /** Per process: its descriptor names at the last look, and the socket inodes among them. */
  const seen = new Map<number, { fds: string; inodes: number[] }>();
  let calls = 0;

  /**
   * Socket inodes of each process (at most 65,536 descriptors per process). Links are read again
   * only when a process's list of descriptor numbers changed, or on every FULL_RESCAN_CALLS-th call.
   */
  function socketInodes(pids: readonly number[]): Map<number, number> {
    const full = calls % FULL_RESCAN_CALLS === 0;
    calls += 1;
    const owner = new Map<number, number>();
    for (const pid of pids) {
      let fds: string[];
      try {
        fds = readdirSync(`${proc}/${pid}/fd`).slice(0, 65_536);
      } catch {
        seen.delete(pid);
        continue;
      }
      const key = fds.join(',');
      let known = seen.get(pid);
      if (full || known?.fds !== key) {
        const inodes: number[] = [];
        for (const fd of fds) {
          let link: string;
          try {
            link = readlinkSync(`${proc}/${pid}/fd/${fd}`);
          } catch {
            continue;
          }
          if (link.startsWith('socket:[')) inodes.push(Number(link.slice(8, -1)));
        }
        known = { fds: key, inodes };
        seen.set(pid, known);
      }
      for (const inode of known.inodes) owner.set(inode, pid);
    }
    const wanted = new Set(pids);
    for (const pid of seen.keys()) if (!wanted.has(pid)) seen.delete(pid);
    return owner;
  }

  return {
    async listening(pids) {
      const owner = socketInodes([...pids].sort((a, b) => a - b));
      const key = [...owner].map(([inode, pid]) => `${pid}:${inode}`).join(',');
      if (key === lastKey) return last;
      const rows: NetTcpRow[] = [];
      for (const [file, family] of [['tcp', 4], ['tcp6', 6]] as const) {
        try {
          rows.push(...parseNetTcp(readFileSync(`${proc}/net/${file}`, 'utf8'), family));
        } catch {
          // IPv6 disabled, or no /proc/net
        }
      }
      lastKey = key;
      last = rows.map((r): ListeningSocket => {
        const pid = owner.get(r.inode);
        return { port: r.port, address: r.address, family: r.family, ...(pid !== undefined ? { pid } : {}) };
      });
      return last;
    },
  };
}
