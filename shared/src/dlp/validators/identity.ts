import { digitsOf } from '../text.js';
import { isRealDate } from './checksums.js';

/**
 * US Social Security number rules (SSA, since 2011 randomization): area 001-899 except 666,
 * group 01-99, serial 0001-9999.
 */
export function usSsnValid(value: string): boolean {
  const d = digitsOf(value);
  if (d.length !== 9) return false;
  const area = Number(d.slice(0, 3));
  const group = Number(d.slice(3, 5));
  const serial = Number(d.slice(5));
  return area > 0 && area < 900 && area !== 666 && group > 0 && serial > 0;
}

/** US ITIN: area 9xx and a group in 50-65, 70-88, 90-92 or 94-99 (IRS). */
export function usItinValid(value: string): boolean {
  const d = digitsOf(value);
  if (d.length !== 9 || d[0] !== '9') return false;
  const g = Number(d.slice(3, 5));
  return (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || (g >= 94 && g <= 99);
}

/**
 * UK National Insurance number (HMRC): two prefix letters with D, F, I, Q, U, V never used, O never
 * second, a few reserved pairs; six digits; suffix A-D.
 */
export function ukNinoValid(value: string): boolean {
  const v = value.toUpperCase().replace(/[\s-]/g, '');
  const m = /^([A-Z])([A-Z])(\d{6})([A-D])$/.exec(v);
  if (!m?.[1] || !m[2]) return false;
  if ('DFIQUV'.includes(m[1]) || 'DFIQUVO'.includes(m[2])) return false;
  const pair = m[1] + m[2];
  return !['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(pair);
}

/** Canadian SIN: Luhn is checked by the caller's validator chain; first digit 0 and 8 are not issued to people. */
export function caSinPrefixValid(digits: string): boolean {
  return digits.length === 9 && digits[0] !== '0' && digits[0] !== '8';
}

/** Indian Aadhaar: 12 digits, never starting with 0 or 1 (UIDAI); Verhoeff checked by the caller. */
export function aadhaarPrefixValid(digits: string): boolean {
  return digits.length === 12 && digits[0] !== '0' && digits[0] !== '1';
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A calendar date written in one of the common numeric or English month-name orders, between
 * 1900 and 2099. Ambiguous day/month orders pass when either reading is a real date.
 */
export function plausibleDate(value: string): boolean {
  const v = value.trim().toLowerCase();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(v);
  if (m) return isRealDate(Number(m[1]), Number(m[2]), Number(m[3])) && yearOk(Number(m[1]));
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$/.exec(v);
  if (m) {
    const year = fullYear(Number(m[3]), m[3]?.length ?? 4);
    const a = Number(m[1]);
    const b = Number(m[2]);
    return yearOk(year) && (isRealDate(year, a, b) || isRealDate(year, b, a));
  }
  m = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]{3})[a-z]*\.?,?[\s-]+(\d{4})$/.exec(v);
  if (m) return monthDay(m[2], Number(m[1]), Number(m[3]));
  m = /^([a-z]{3})[a-z]*\.?[\s-]+(\d{1,2})(?:st|nd|rd|th)?,?[\s-]+(\d{4})$/.exec(v);
  if (m) return monthDay(m[1], Number(m[2]), Number(m[3]));
  return false;
}

function fullYear(y: number, width: number): number {
  return width === 2 ? (y > 30 ? 1900 + y : 2000 + y) : y;
}

function yearOk(y: number): boolean {
  return y >= 1900 && y <= 2099;
}

function monthDay(month: string | undefined, day: number, year: number): boolean {
  const idx = MONTHS.indexOf(month ?? '');
  return idx >= 0 && yearOk(year) && isRealDate(year, idx + 1, day);
}
