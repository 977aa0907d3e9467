/** Bounds on a free-text query, so one request cannot make the index do unbounded work. */
const MAX_TERMS = 16;
const MAX_TERM_CHARS = 64;

/**
 * A free-text timeline query split into words: every word must appear, the last one as a prefix
 * (so results show up while an analyst is still typing). Backends turn it into their own syntax.
 */
export interface TextQuery {
  /** The words as typed (NFKC-normalized). */
  words: string[];
  /** The same words case- and accent-folded, as full-text indexes store them. */
  terms: string[];
}

function fold(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** Splits on anything that is not a letter or digit; undefined when no word remains. */
export function parseTextQuery(text: string): TextQuery | undefined {
  const words = text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, MAX_TERMS)
    .map((w) => w.slice(0, MAX_TERM_CHARS));
  if (words.length === 0) return undefined;
  return { words, terms: words.map(fold) };
}

/**
 * The FTS5 MATCH expression of a query. Each word is quoted, so FTS5 operators typed by a user
 * (`OR`, `NEAR`, `*`, `:`, parentheses) are searched for as text instead of being interpreted.
 */
export function fts5Match(query: TextQuery): string {
  return query.words.map((w, i) => `"${w}"${i === query.words.length - 1 ? '*' : ''}`).join(' ');
}
