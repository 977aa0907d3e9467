import type { ProcessEntry } from '@sluice/agent-core';

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

/** `lstart` of BSD ps: `Mon Nov 23 09:41:07 2026`, local time. */
export function parseLstart(text: string): number {
  const m = /^\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})$/.exec(text.trim());
  if (!m) return 0;
  const month = MONTHS[m[1] ?? ''];
  if (month === undefined) return 0;
  return new Date(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])).getTime();
}

export interface PsRow extends ProcessEntry {
  readonly uid: number;
  /** macOS `comm` is the executable path for most processes. */
  readonly comm: string;
}

/**
 * Parses `ps -axww -o pid=,ppid=,uid=,lstart=,comm=`: three numbers, the 24-character start time,
 * then the command (which may hold spaces: `/Applications/LM Studio.app/…`).
 */
export function parsePsList(text: string): PsRow[] {
  const out: PsRow[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\w{3}\s+\w{3}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}\s+\d{4})\s+(.+)$/.exec(line);
    if (!m) continue;
    const comm = (m[5] ?? '').trim();
    const name = comm.includes('/') ? comm.slice(comm.lastIndexOf('/') + 1) : comm;
    out.push({ pid: Number(m[1]), ppid: Number(m[2]), uid: Number(m[3]), startTime: parseLstart(m[4] ?? ''), comm, name: name.slice(0, 256) });
  }
  return out;
}

/** `ps -ww -o args= -p PID`: the whole command line as one string (macOS gives no argv boundaries). */
export function parsePsArgs(text: string): string[] | undefined {
  const line = text.split('\n')[0]?.trim();
  return line ? [line] : undefined;
}
