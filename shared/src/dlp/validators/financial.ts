import type { ValidatorResult } from '../types.js';
import { isAsciiAlnumCode } from '../text.js';

/** IBAN length per country, from the SWIFT IBAN registry. */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28,
  IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24,
  SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

/** ISO 13616 check: move the first four characters to the end, letters to 10..35, mod 97 = 1. */
export function ibanChecksumValid(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let r = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    if (c >= 48 && c <= 57) r = (r * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) r = (r * 100 + (c - 55)) % 97;
    else return false;
  }
  return r === 1;
}

/**
 * An IBAN written with or without group separators. The pattern may run past the end of the
 * IBAN into a following word; the country's length says where it really ends, and the character
 * after that end must not continue the token.
 */
export function validateIban(value: string): ValidatorResult {
  const country = value.slice(0, 2).toUpperCase();
  const length = IBAN_LENGTHS[country];
  if (length === undefined) return false;
  let compact = '';
  let end = -1;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (isAsciiAlnumCode(c)) {
      compact += value[i];
      if (compact.length === length) {
        end = i + 1;
        break;
      }
    }
  }
  if (end < 0) return false;
  if (end < value.length && isAsciiAlnumCode(value.charCodeAt(end))) return false;
  // IBANs are written in capitals; lower-case letters mean another kind of token.
  if (compact !== compact.toUpperCase()) return false;
  if (!ibanChecksumValid(compact)) return false;
  return end === value.length ? true : { start: 0, end };
}

/** Prefix ranges and lengths of card networks (ISO/IEC 7812 issuer identification numbers). */
const CARD_RANGES: readonly { readonly from: number; readonly to: number; readonly digits: number; readonly lengths: readonly number[] }[] = [
  { from: 4, to: 4, digits: 1, lengths: [13, 16, 19] }, // Visa
  { from: 51, to: 55, digits: 2, lengths: [16] }, // Mastercard
  { from: 2221, to: 2720, digits: 4, lengths: [16] }, // Mastercard 2-series
  { from: 34, to: 34, digits: 2, lengths: [15] }, // American Express
  { from: 37, to: 37, digits: 2, lengths: [15] },
  { from: 300, to: 305, digits: 3, lengths: [14, 16, 17, 18, 19] }, // Diners Club
  { from: 36, to: 36, digits: 2, lengths: [14, 15, 16, 17, 18, 19] },
  { from: 38, to: 39, digits: 2, lengths: [14, 15, 16, 17, 18, 19] },
  { from: 3528, to: 3589, digits: 4, lengths: [16, 17, 18, 19] }, // JCB
  { from: 6011, to: 6011, digits: 4, lengths: [16, 17, 18, 19] }, // Discover
  { from: 644, to: 649, digits: 3, lengths: [16, 17, 18, 19] },
  { from: 65, to: 65, digits: 2, lengths: [16, 17, 18, 19] },
  { from: 62, to: 62, digits: 2, lengths: [16, 17, 18, 19] }, // UnionPay
  { from: 50, to: 50, digits: 2, lengths: [12, 13, 14, 15, 16, 17, 18, 19] }, // Maestro, Dankort 5019
  { from: 56, to: 69, digits: 2, lengths: [12, 13, 14, 15, 16, 17, 18, 19] }, // Maestro and regional
  { from: 2200, to: 2204, digits: 4, lengths: [16, 17, 18, 19] }, // Mir
  { from: 81, to: 82, digits: 2, lengths: [16] }, // RuPay
  { from: 9792, to: 9792, digits: 4, lengths: [16] }, // Troy
  { from: 1, to: 1, digits: 1, lengths: [15] }, // UATP
];

/** A payment card number: a known network prefix with a length that network issues, and Luhn. */
export function creditCardValid(value: string): boolean {
  // One pass from the right over the digits, skipping the spaces and hyphens cards are written
  // with (a paste of thousands of cards checks each one): Luhn sum, digit count, and the leading
  // digits, without building the compact string.
  let n = 0;
  let sum = 0;
  let prefix4 = 0;
  let scale = 1;
  for (let i = value.length - 1; i >= 0; i--) {
    const c = value.charCodeAt(i);
    if (c === 32 || c === 45) continue;
    let d = c - 48;
    if (d < 0 || d > 9) return false;
    // The four leftmost digits so far: d goes in front, the rightmost drops once there are four.
    if (n < 4) {
      prefix4 += d * scale;
      scale *= 10;
    } else prefix4 = d * 1000 + Math.floor(prefix4 / 10);
    if ((n & 1) === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    n++;
  }
  // Luhn first: it is the cheapest test and rejects nine in ten random digit runs.
  if (n < 12 || n > 19 || sum % 10 !== 0) return false;
  for (const r of CARD_RANGES) {
    const prefix = Math.floor(prefix4 / 10 ** (4 - r.digits));
    if (prefix >= r.from && prefix <= r.to && r.lengths.includes(n)) return true;
  }
  return false;
}

/** ABA routing numbers are validated in checksums.ts; SWIFT/BIC has no check digit, only structure. */
export function swiftBicValid(value: string, isCountry: (code: string) => boolean): boolean {
  const v = value.toUpperCase();
  if (!/^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/.test(v)) return false;
  // Location code "0" in the second position marks a test BIC; "1" a passive participant. Both exist.
  return isCountry(v.slice(4, 6));
}
