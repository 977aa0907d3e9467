import { clip } from './text.js';

/** Characters of a window title the parser reads; a tab title is never legitimately longer. */
export const MAX_TITLE_SCAN_CHARS = 1024;

export interface ParsedTitle {
  /** The browser named at the end of the title, when there is one. */
  readonly browser: string | undefined;
  /** The page's own title, without the browser and profile suffixes. */
  readonly page: string;
  /**
   * Candidates for the site's name, most likely first: the whole page title, then the segments
   * after and before the usual separators ("Fix my regex - Claude" → "Claude").
   */
  readonly siteNames: readonly string[];
}

/** Suffixes browsers append to the active tab's title, longest first within each family. */
const BROWSER_SUFFIXES: readonly (readonly [RegExp, string])[] = [
  [/\s[-—–]\s(?:Google Chrome(?: Beta| Dev| Canary)?)$/u, 'Google Chrome'],
  [/\s[-—–]\s(?:Chromium)$/u, 'Chromium'],
  [/\s[-—–]\s(?:Mozilla Firefox(?: Private Browsing)?|Firefox Developer Edition|Firefox Nightly|Firefox)$/u, 'Mozilla Firefox'],
  [/\s[-—–]\s(?:Microsoft\u200b?\s?Edge(?: Beta| Dev| Canary)?)$/u, 'Microsoft Edge'],
  [/\s[-—–]\s(?:Brave)$/u, 'Brave'],
  [/\s[-—–]\s(?:Opera(?: GX)?)$/u, 'Opera'],
  [/\s[-—–]\s(?:Vivaldi)$/u, 'Vivaldi'],
  [/\s[-—–]\s(?:Safari)$/u, 'Safari'],
  [/\s[-—–]\s(?:Arc)$/u, 'Arc'],
  [/\s[-—–]\s(?:Zen Browser|LibreWolf|Waterfox|Yandex(?: Browser)?)$/u, 'Other'],
];

const SEPARATORS = /\s+[-—–|·•:]\s+/u;

/**
 * Splits a browser window title such as "ChatGPT - Google Chrome" into the browser and the page's
 * site name. Edge's "and N more pages" and profile names are removed. Reads at most the first
 * MAX_TITLE_SCAN_CHARS characters, so a hostile title costs nothing extra.
 */
export function parseWindowTitle(title: string): ParsedTitle {
  let page = clip(title, MAX_TITLE_SCAN_CHARS).replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  let browser: string | undefined;
  for (const [pattern, name] of BROWSER_SUFFIXES) {
    const m = pattern.exec(page);
    if (m) {
      browser = name;
      page = page.slice(0, m.index).trim();
      break;
    }
  }
  if (browser) {
    // Chrome/Edge add " - Profile 1" or " - Work" before their name: drop a short final segment
    // only when something else remains, since it cannot be told apart from a site name otherwise.
    page = page
      .replace(/\s[-—–]\s(?:Personal|Work|Profile \d+)$/u, '')
      .replace(/\s+and\s+\d+\s+more\s+pages?$/i, '')
      .trim();
  }
  const siteNames: string[] = [];
  const push = (s: string | undefined): void => {
    const v = (s ?? '').trim();
    if (v.length > 0 && v.length <= 128 && !siteNames.includes(v)) siteNames.push(v);
  };
  push(page);
  const parts = page.split(SEPARATORS);
  if (parts.length > 1) {
    push(parts[parts.length - 1]);
    push(parts[0]);
    if (parts.length > 2) push(parts[parts.length - 2]);
  }
  // "(3) ChatGPT" style unread counters.
  push(page.replace(/^\(\d+\)\s*/, ''));
  return { browser, page: clip(page, 256), siteNames: siteNames.slice(0, 6) };
}
