/**
 * Check-digit algorithms, each written from the format's published definition. Every function
 * takes the digits (or characters) of one candidate and is O(length).
 */

function digitAt(s: string, i: number): number {
  return s.charCodeAt(i) - 48;
}

function allDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const d = digitAt(s, i);
    if (d < 0 || d > 9) return false;
  }
  return s.length > 0;
}

/** Luhn mod 10 (ISO/IEC 7812): payment cards, Canadian SIN, US NPI. */
export function luhnValid(digits: string): boolean {
  if (!allDigits(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digitAt(digits, i);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Weighted sum of digits; `weights[i]` applies to `digits[i]`. */
function weighted(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += digitAt(digits, i) * (weights[i] ?? 0);
  return sum;
}

const VERHOEFF_D: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/** Verhoeff dihedral-group check (Indian Aadhaar). */
export function verhoeffValid(digits: string): boolean {
  if (!allDigits(digits)) return false;
  let c = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digitAt(digits, digits.length - 1 - i);
    c = VERHOEFF_D[c]?.[VERHOEFF_P[i % 8]?.[d] ?? 0] ?? 0;
  }
  return c === 0;
}

/** ABA routing transit number: weights 3-7-1 and a Federal Reserve prefix. */
export function abaRoutingValid(digits: string): boolean {
  if (digits.length !== 9 || !allDigits(digits)) return false;
  const prefix = Number(digits.slice(0, 2));
  const prefixOk = prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80;
  return prefixOk && weighted(digits, [3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 === 0;
}

/** UK NHS number: weights 10..2, check digit 11 - (sum mod 11), where 10 is never issued. */
export function nhsValid(digits: string): boolean {
  if (digits.length !== 10 || !allDigits(digits)) return false;
  let check = 11 - (weighted(digits, [10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11);
  if (check === 11) check = 0;
  return check !== 10 && check === digitAt(digits, 9);
}

/** Australian tax file number: weighted sum divisible by 11 (8- and 9-digit forms). */
export function auTfnValid(digits: string): boolean {
  if (!allDigits(digits)) return false;
  if (digits.length === 9) return weighted(digits, [1, 4, 3, 7, 5, 8, 6, 9, 10]) % 11 === 0;
  if (digits.length === 8) return weighted(digits, [10, 7, 8, 4, 6, 3, 5, 1]) % 11 === 0;
  return false;
}

/** Australian Medicare card: first digit 2-6, ninth digit checks the first eight; 10 or 11 digits. */
export function auMedicareValid(digits: string): boolean {
  if ((digits.length !== 10 && digits.length !== 11) || !allDigits(digits)) return false;
  const first = digitAt(digits, 0);
  if (first < 2 || first > 6) return false;
  return weighted(digits, [1, 3, 7, 9, 1, 3, 7, 9]) % 10 === digitAt(digits, 8);
}

/** Dutch BSN (burgerservicenummer): the "11-proof" with the last digit weighted -1. */
export function nlBsnValid(input: string): boolean {
  if ((input.length !== 8 && input.length !== 9) || !allDigits(input)) return false;
  const digits = input.padStart(9, '0');
  const sum = weighted(digits, [9, 8, 7, 6, 5, 4, 3, 2]) - digitAt(digits, 8);
  return sum > 0 && sum % 11 === 0;
}

/** German tax identification number (Steuer-ID): ISO 7064 MOD 11,10 check digit, no leading zero. */
export function deTaxIdValid(digits: string): boolean {
  if (digits.length !== 11 || !allDigits(digits) || digits[0] === '0') return false;
  // No digit appears more than three times among the first ten (BZSt allocation rule).
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 10; i++) counts[digitAt(digits, i)] = (counts[digitAt(digits, i)] ?? 0) + 1;
  if (counts.some((n) => n > 3)) return false;
  let product = 10;
  for (let i = 0; i < 10; i++) {
    let sum = (digitAt(digits, i) + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  let check = 11 - product;
  if (check === 10) check = 0;
  return check === digitAt(digits, 10);
}

/** Polish PESEL: weights 1-3-7-9, and the first six digits are a real date (century in the month). */
export function peselValid(digits: string): boolean {
  if (digits.length !== 11 || !allDigits(digits)) return false;
  const check = (10 - (weighted(digits, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]) % 10)) % 10;
  if (check !== digitAt(digits, 10)) return false;
  const yy = Number(digits.slice(0, 2));
  let mm = Number(digits.slice(2, 4));
  const dd = Number(digits.slice(4, 6));
  let year = 1900 + yy;
  if (mm > 80) {
    year = 1800 + yy;
    mm -= 80;
  } else if (mm > 60) {
    year = 2200 + yy;
    mm -= 60;
  } else if (mm > 40) {
    year = 2100 + yy;
    mm -= 40;
  } else if (mm > 20) {
    year = 2000 + yy;
    mm -= 20;
  }
  return isRealDate(year, mm, dd);
}

export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= (days[month - 1] ?? 0);
}

/** Brazilian CPF: two mod-11 check digits; one repeated digit is never valid. */
export function cpfValid(digits: string): boolean {
  if (digits.length !== 11 || !allDigits(digits) || /^(\d)\1{10}$/.test(digits)) return false;
  const dv = (n: number): number => {
    const r = n % 11;
    return r < 2 ? 0 : 11 - r;
  };
  const d1 = dv(weighted(digits, [10, 9, 8, 7, 6, 5, 4, 3, 2]));
  const d2 = dv(weighted(digits, [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]));
  return d1 === digitAt(digits, 9) && d2 === digitAt(digits, 10);
}

/** Brazilian CNPJ: two mod-11 check digits over 12 and 13 digits. */
export function cnpjValid(digits: string): boolean {
  if (digits.length !== 14 || !allDigits(digits) || /^(\d)\1{13}$/.test(digits)) return false;
  const dv = (n: number): number => {
    const r = n % 11;
    return r < 2 ? 0 : 11 - r;
  };
  const d1 = dv(weighted(digits, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]));
  const d2 = dv(weighted(digits, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]));
  return d1 === digitAt(digits, 12) && d2 === digitAt(digits, 13);
}

/** Remainder of a long decimal string modulo `m`, without BigInt. */
export function decimalMod(digits: string, m: number): number {
  let r = 0;
  for (let i = 0; i < digits.length; i++) r = (r * 10 + digitAt(digits, i)) % m;
  return r;
}

/**
 * French NIR (INSEE number): 13 characters then a key of 97 - (number mod 97). Corsican
 * departments 2A and 2B count as 19 and 18 in the computation.
 */
export function inseeValid(value: string): boolean {
  const v = value.toUpperCase();
  if (v.length !== 15) return false;
  let body = v.slice(0, 13);
  if (body.slice(5, 7) === '2A') body = `${body.slice(0, 5)}19${body.slice(7)}`;
  else if (body.slice(5, 7) === '2B') body = `${body.slice(0, 5)}18${body.slice(7)}`;
  if (!allDigits(body) || !allDigits(v.slice(13))) return false;
  return 97 - decimalMod(body, 97) === Number(v.slice(13));
}

const ES_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI/NIF: the letter is the number mod 23 in a fixed table. */
export function esNifValid(value: string): boolean {
  const m = /^(\d{7,8})-?([A-Za-z])$/.exec(value);
  if (!m?.[1] || !m[2]) return false;
  return ES_LETTERS[Number(m[1]) % 23] === m[2].toUpperCase();
}

/** Spanish NIE: X, Y or Z stand for 0, 1 or 2 in front of the number, then the NIF rule. */
export function esNieValid(value: string): boolean {
  const m = /^([XYZxyz])-?(\d{7})-?([A-Za-z])$/.exec(value);
  if (!m?.[1] || !m[2] || !m[3]) return false;
  const lead = 'XYZ'.indexOf(m[1].toUpperCase());
  return ES_LETTERS[Number(`${lead}${m[2]}`) % 23] === m[3].toUpperCase();
}

const IT_ODD: Readonly<Record<string, number>> = {
  '0': 1, '1': 0, '2': 5, '3': 7, '4': 9, '5': 13, '6': 15, '7': 17, '8': 19, '9': 21,
  A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17, I: 19, J: 21, K: 2, L: 4, M: 18, N: 20,
  O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23,
};

/** Italian codice fiscale: the 16th character checks the first 15 (odd and even position tables). */
export function itFiscalCodeValid(value: string): boolean {
  const v = value.toUpperCase();
  if (!/^[A-Z0-9]{16}$/.test(v)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const ch = v[i] ?? '';
    if (i % 2 === 0) sum += IT_ODD[ch] ?? 0;
    else sum += ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : ch.charCodeAt(0) - 65;
  }
  return String.fromCharCode(65 + (sum % 26)) === v[15];
}

/** Singapore NRIC/FIN: weights 2-7-6-5-4-3-2, an offset per series, and a letter table per series. */
export function sgNricValid(value: string): boolean {
  const v = value.toUpperCase();
  const m = /^([STFGM])(\d{7})([A-Z])$/.exec(v);
  if (!m?.[1] || !m[2] || !m[3]) return false;
  const series = m[1];
  const sum = weighted(m[2], [2, 7, 6, 5, 4, 3, 2]);
  if (series === 'M') {
    const p = 11 - ((sum + 3) % 11);
    return 'KLJNPQRTUWX'[p - 1] === m[3];
  }
  const offset = series === 'T' || series === 'G' ? 4 : 0;
  const table = series === 'S' || series === 'T' ? 'JZIHGFEDCBA' : 'XWUTRQPNMLK';
  return table[(sum + offset) % 11] === m[3];
}

/** US DEA registration number: two letters and seven digits whose last digit checks the rest. */
export function usDeaValid(value: string): boolean {
  const m = /^[A-Za-z][A-Za-z9](\d{7})$/.exec(value);
  if (!m?.[1]) return false;
  const d = m[1];
  const sum = digitAt(d, 0) + digitAt(d, 2) + digitAt(d, 4) + 2 * (digitAt(d, 1) + digitAt(d, 3) + digitAt(d, 5));
  return sum % 10 === digitAt(d, 6);
}

/** US National Provider Identifier: Luhn over the number with the 80840 health-industry prefix. */
export function usNpiValid(digits: string): boolean {
  return digits.length === 10 && (digits[0] === '1' || digits[0] === '2') && luhnValid(`80840${digits}`);
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3, reflected 0xEDB88320) of the UTF-16 code units of an ASCII string. */
export function crc32(s: string): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < s.length; i++) crc = (crcTable[(crc ^ s.charCodeAt(i)) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function base62Encode(n: number, width: number): string {
  let out = '';
  let v = n;
  while (v > 0) {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out.padStart(width, '0');
}

/**
 * GitHub (classic, OAuth, app) and npm tokens end in six base62 characters that encode the CRC-32
 * of the 30 random characters between the prefix and the checksum.
 */
export function base62Crc32TokenValid(token: string, prefixLength: number): boolean {
  const body = token.slice(prefixLength, token.length - 6);
  const check = token.slice(token.length - 6);
  if (body.length !== 30) return false;
  return base62Encode(crc32(body), 6) === check;
}
