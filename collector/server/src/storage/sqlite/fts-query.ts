/** Bounds on a free-text query, so one request cannot make the index do unbounded work. */
const MAX_TERMS = 16;
const MAX_TERM_CHARS = 64;

/**
 * Turns user text into an FTS5 query in which every word must appear, the last one as a prefix.
 * Each word is quoted, so FTS5 operators (`OR`, `NEAR`, `*`, `:`, parentheses) typed by a user are
 * searched for as text instead of being interpreted. Returns undefined when no word remains.
 */
export function ftsQuery(text: string): string | undefined {
  const words = text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, MAX_TERMS)
    .map((w) => w.slice(0, MAX_TERM_CHARS));
  if (words.length === 0) return undefined;
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}
