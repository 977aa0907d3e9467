import type { FindFn, RawMatch, ScanState } from '../types.js';

/**
 * One regular-expression pass shared by the identifiers written in upper-case letters and digits
 * (Italian fiscal code, Indian PAN, IBAN, US Medicare MBI). V8 runs one alternation of four
 * bounded shapes at about the cost of one of them, so the four detectors share it per scan; each
 * takes the matches of its own group.
 */
const UPPER_IDS =
  /(?<![A-Za-z0-9\-])(?:([A-Z]{6}[0-9LMNP-V]{2}[ABCDEHLMPRST][0-9LMNP-V]{2}[A-Z][0-9LMNP-V]{3}[A-Z])|([A-Z]{5}\d{4}[A-Z])|([A-Z]{2}\d{2}(?:[ \-]?[A-Z0-9]){11,32})|([1-9][AC-HJKMNP-RT-Y][0-9AC-HJKMNP-RT-Y]\d(-?)[AC-HJKMNP-RT-Y][0-9AC-HJKMNP-RT-Y]\d\5[AC-HJKMNP-RT-Y]{2}\d{2}))(?![A-Za-z0-9]|-[A-Za-z0-9])/dg;

export type UpperIdKind = 'fiscal' | 'pan' | 'iban' | 'mbi';
const GROUP: Readonly<Record<UpperIdKind, number>> = { fiscal: 1, pan: 2, iban: 3, mbi: 4 };

const UPPER_IDS_AT = new RegExp(UPPER_IDS.source, 'dy');

function record(out: RawMatch[][], m: RegExpExecArray): void {
  for (let g = 1; g <= 4; g++) {
    const span = m.indices?.[g];
    if (span) {
      out[g]?.push({ start: span[0], end: span[1] });
      return;
    }
  }
}

function upperIdPass(text: string): RawMatch[][] {
  const out: RawMatch[][] = [[], [], [], [], []];
  UPPER_IDS.lastIndex = 0;
  for (let m = UPPER_IDS.exec(text); m !== null; m = UPPER_IDS.exec(text)) record(out, m);
  return out;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** No letter, digit or dash before `i`: where the shapes may start. */
function startsWord(text: string, i: number): boolean {
  if (i === 0) return true;
  const c = text.charCodeAt(i - 1);
  return !((c >= 48 && c <= 57) || isUpper(c) || (c >= 97 && c <= 122) || c === 45);
}

/** Offsets of the first digit in a fiscal code (after 6, 7, 9, 10, 12, 13 or 14 letters), a PAN (5) or an IBAN (2), as bits. */
const FIRST_DIGIT_OFFSETS = [2, 5, 6, 7, 9, 10, 12, 13, 14].reduce((bits, offset) => bits | (1 << offset), 0);

/**
 * The same pass from the runs of digits the prefilter recorded. Every shape has a digit: an MBI
 * starts with one; a PAN, an IBAN and a fiscal code have a run of upper-case letters (at most 14)
 * before their first digit, starting a word. Those starts are the only places the expression is
 * tried, in order, resuming after each match as the global search does. A fiscal code whose seven
 * digits are all replaced by letters (omocodia of the 128th homonym) has no digit and is not found.
 */
function upperIdPassFromRuns(text: string, runs: Int32Array, candidates: Int32Array): RawMatch[][] {
  const out: RawMatch[][] = [[], [], [], [], []];
  let resume = 0;
  const tryAt = (p: number): void => {
    if (p < resume) return;
    UPPER_IDS_AT.lastIndex = p;
    const m = UPPER_IDS_AT.exec(text);
    if (!m) return;
    record(out, m);
    resume = p + m[0].length;
  };
  const count = candidates.length | 0;
  for (let c = 0; c < count; c++) {
    // The units around each run ruled out nearly every one without a read of the text (see
    // ScanState.digitRunCandidates): left are runs with an upper-case letter before them (bit 2)
    // and lone digits 1-9 with one after them (bit 4).
    const entry = candidates[c] as number;
    if ((entry & 6) === 0) continue;
    const q = runs[entry >>> 3] as number;
    if ((entry & 2) !== 0) {
      let p = q - 1;
      while (p > 0 && q - p <= 14 && isUpper(text.charCodeAt(p - 1))) p--;
      if (((FIRST_DIGIT_OFFSETS >> (q - p)) & 1) === 1 && q - p <= 14 && startsWord(text, p)) tryAt(p);
    } else if (startsWord(text, q)) {
      // An MBI: one digit (1-9), then a letter.
      tryAt(q);
    }
  }
  return out;
}

/** The finder of one of the four kinds, over the shared pass (computed alone when no state is given). */
export function upperIdFinder(kind: UpperIdKind): FindFn {
  return (text: string, from: number, to: number, state?: ScanState) => {
    const pass = (): RawMatch[][] => {
      const runs = state?.digitRuns?.();
      const candidates = runs && state?.digitRunCandidates?.();
      return runs && candidates ? upperIdPassFromRuns(text, runs, candidates) : upperIdPass(text);
    };
    const all = state ? state.memo('upper-ids', pass) : pass();
    const mine = all[GROUP[kind]] ?? [];
    return from === 0 && to === text.length ? mine : mine.filter((m) => m.start >= from && m.end <= to);
  };
}
