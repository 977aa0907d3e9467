import { copyFileSync, existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { matchUrl, type CompiledCatalog } from '@sluice/shared';
import type { BrowserProfile } from './sources.js';

/** Visits read from one history file per pass; the newest win when there are more. */
export const MAX_HISTORY_ROWS = 50_000;
/** History files larger than this are not copied. */
export const MAX_HISTORY_FILE_BYTES = 512 * 1024 * 1024;

/** Chromium stores times as microseconds since 1601-01-01 UTC. */
const CHROMIUM_EPOCH_OFFSET_US = 11_644_473_600_000_000n;

export interface SiteVisits {
  readonly host: string;
  readonly domain: string;
  readonly app: string | undefined;
  readonly vendor: string;
  readonly visitCount: number;
  /** Newest visit, in milliseconds since the Unix epoch. */
  readonly lastVisitTime: number;
}

export interface HistoryRead {
  readonly sites: SiteVisits[];
  /** The newest visit time read (ms), to start from next time. */
  readonly watermark: number;
  readonly rows: number;
}

function chromiumTime(ms: number): bigint {
  return BigInt(Math.max(0, Math.trunc(ms))) * 1000n + CHROMIUM_EPOCH_OFFSET_US;
}

/**
 * Reads visits newer than `sinceMs` from a COPY of a browser history database: the browser keeps
 * the live file locked and may write to it while we read. The copy (with its WAL, when there is
 * one) lives in `workDir` only for the read. Only hosts that the catalog knows as AI are kept;
 * paths, queries and titles are never returned. Throws when the file is not a readable history.
 */
export function readHistory(profile: BrowserProfile, sinceMs: number, workDir: string, catalog: CompiledCatalog): HistoryRead {
  const size = statSync(profile.path).size;
  if (size > MAX_HISTORY_FILE_BYTES) throw new Error(`history file is larger than ${MAX_HISTORY_FILE_BYTES} bytes`);
  const copy = join(workDir, `history-copy-${process.pid}.sqlite`);
  const cleanup = (): void => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${copy}${suffix}`, { force: true });
  };
  cleanup();
  try {
    copyFileSync(profile.path, copy);
    if (existsSync(`${profile.path}-wal`)) copyFileSync(`${profile.path}-wal`, `${copy}-wal`);
    const db = new Database(copy, { fileMustExist: true });
    try {
      db.pragma('query_only = ON');
      const rows =
        profile.kind === 'chromium'
          ? (db
              .prepare(
                `SELECT u.url AS url, v.visit_time AS t FROM visits v JOIN urls u ON u.id = v.url
                 WHERE v.visit_time > ? ORDER BY v.visit_time DESC LIMIT ?`,
              )
              .safeIntegers(true)
              .all(chromiumTime(sinceMs), MAX_HISTORY_ROWS) as { url: unknown; t: bigint }[]).map((r) => ({
              url: r.url,
              ms: Number((r.t - CHROMIUM_EPOCH_OFFSET_US) / 1000n),
            }))
          : (db
              .prepare(
                `SELECT p.url AS url, v.visit_date AS t FROM moz_historyvisits v JOIN moz_places p ON p.id = v.place_id
                 WHERE v.visit_date > ? ORDER BY v.visit_date DESC LIMIT ?`,
              )
              .safeIntegers(true)
              .all(BigInt(Math.max(0, Math.trunc(sinceMs))) * 1000n, MAX_HISTORY_ROWS) as { url: unknown; t: bigint }[]).map((r) => ({
              url: r.url,
              ms: Number(r.t / 1000n),
            }));
      const sites = new Map<string, { host: string; domain: string; app: string | undefined; vendor: string; visitCount: number; lastVisitTime: number }>();
      let watermark = sinceMs;
      for (const row of rows) {
        if (row.ms > watermark) watermark = row.ms;
        if (typeof row.url !== 'string') continue;
        const hit = matchUrl(row.url.slice(0, 8192), catalog);
        if (!hit) continue;
        const site = sites.get(hit.host);
        if (site) {
          site.visitCount += 1;
          if (row.ms > site.lastVisitTime) site.lastVisitTime = row.ms;
        } else if (sites.size < 1_000) {
          sites.set(hit.host, { host: hit.host, domain: hit.domain, app: hit.app, vendor: hit.vendor, visitCount: 1, lastVisitTime: row.ms });
        }
      }
      return { sites: [...sites.values()], watermark, rows: rows.length };
    } finally {
      db.close();
    }
  } finally {
    cleanup();
  }
}
