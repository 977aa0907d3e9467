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

function upperIdPass(text: string): RawMatch[][] {
  const out: RawMatch[][] = [[], [], [], [], []];
  UPPER_IDS.lastIndex = 0;
  for (let m = UPPER_IDS.exec(text); m !== null; m = UPPER_IDS.exec(text)) {
    for (let g = 1; g <= 4; g++) {
      const span = m.indices?.[g];
      if (span) {
        out[g]?.push({ start: span[0], end: span[1] });
        break;
      }
    }
  }
  return out;
}

/** The finder of one of the four kinds, over the shared pass (computed alone when no state is given). */
export function upperIdFinder(kind: UpperIdKind): FindFn {
  return (text: string, from: number, to: number, state?: ScanState) => {
    const all = state ? state.memo('upper-ids', () => upperIdPass(text)) : upperIdPass(text);
    const mine = all[GROUP[kind]] ?? [];
    return from === 0 && to === text.length ? mine : mine.filter((m) => m.start >= from && m.end <= to);
  };
}
