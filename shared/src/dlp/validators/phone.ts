import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { digitsOf } from '../text.js';

/**
 * Regions tried for numbers written without a country code, in order. National formats are
 * ambiguous, so a number is accepted when it is valid (full metadata: length and number ranges,
 * not just length) in at least one of these regions.
 */
export const DEFAULT_PHONE_REGIONS: readonly CountryCode[] = ['US', 'GB', 'DE', 'FR', 'IN', 'IL', 'BR', 'JP', 'CN', 'AU', 'ES', 'IT', 'NL', 'MX', 'KR'];

/** Regions whose national numbers start with a trunk prefix 0 (most outside North America). */
const TRUNK_ZERO: ReadonlySet<CountryCode> = new Set<CountryCode>(['GB', 'DE', 'FR', 'IN', 'IL', 'BR', 'JP', 'CN', 'AU', 'IT', 'NL', 'KR', 'MX']);

const cache = new Map<string, boolean>();
const CACHE_LIMIT = 4096;

/** Dates and clock times share the shape of short phone numbers; they are not phone numbers. */
function looksLikeDateOrTime(value: string): boolean {
  return (
    /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(value) || // an IPv4 address
    /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/.test(value) ||
    /^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/.test(value) ||
    /^\d{1,2}:\d{2}(?::\d{2})?$/.test(value)
  );
}

function regionsFor(digits: string, regions: readonly CountryCode[]): CountryCode[] {
  // Without a trunk prefix, only North American (10 digits, area code from 2-9, or 11 from 1) and
  // Chinese mobile (11 digits from 1) numbers are commonly written nationally; everything else
  // needs its leading 0.
  if (digits.startsWith('0')) return regions.filter((r) => TRUNK_ZERO.has(r));
  const out: CountryCode[] = [];
  const nanp = (digits.length === 10 && digits[0] !== '1') || (digits.length === 11 && digits.startsWith('1'));
  if (nanp && regions.includes('US')) out.push('US');
  if (digits.length === 11 && digits.startsWith('1') && regions.includes('CN')) out.push('CN');
  return out;
}

/** The structural part of the check, without libphonenumber: used once a scan's parse budget is spent. */
export function phoneShapePlausible(value: string): boolean {
  const digits = digitsOf(value);
  return digits.length >= 7 && digits.length <= 15 && !looksLikeDateOrTime(value.trim());
}

/** True when the result for this value is already known (costs no parse). */
export function phoneResultCached(value: string): boolean {
  return cache.has(value.trim());
}

/**
 * A phone number as written in text: international with `+`, or national in one of the regions.
 * Results are cached because the same number tends to repeat in a paste.
 */
export function phoneNumberValid(value: string, regions: readonly CountryCode[] = DEFAULT_PHONE_REGIONS): boolean {
  const trimmed = value.trim();
  const cached = cache.get(trimmed);
  if (cached !== undefined) return cached;
  const result = check(trimmed, regions);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(trimmed, result);
  return result;
}

function check(value: string, regions: readonly CountryCode[]): boolean {
  const digits = digitsOf(value);
  if (digits.length < 7 || digits.length > 15) return false;
  if (looksLikeDateOrTime(value)) return false;
  if (value.startsWith('+') || value.startsWith('00')) {
    const intl = value.startsWith('00') ? `+${value.slice(2)}` : value;
    return parsePhoneNumberFromString(intl)?.isValid() ?? false;
  }
  for (const region of regionsFor(digits, regions)) {
    if (parsePhoneNumberFromString(value, region)?.isValid()) return true;
  }
  return false;
}

/** True when the number is written with grouping (separators or parentheses) or a country code. */
export function phoneIsFormatted(value: string): boolean {
  return /^[+(]/.test(value.trim()) || /\d[ .\-)]+\d/.test(value);
}
