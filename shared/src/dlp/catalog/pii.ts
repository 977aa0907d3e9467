import { withUnits } from '../code-units.js';
import { markerFinder, regexFinder, wordsRe } from '../runtime.js';
import { isDigitCode } from '../text.js';
import type { DetectorDefinition, FindFn, RawMatch } from '../types.js';
import { bitcoinBase58Valid, ethereumChecksum, segwitAddressValid } from '../validators/crypto-wallets.js';
import { plausibleDate } from '../validators/identity.js';
import { ipv4AddressValid, macAddressValid, validateIpv6 } from '../validators/network.js';
import { phoneIsFormatted, phoneNumberValid, phoneResultCached, phoneShapePlausible } from '../validators/phone.js';

/** libphonenumber parses allowed per scan (about 10 µs each); beyond it, shape only. */
const PHONE_PARSE_BUDGET = 300;
import { re, rei } from './helpers.js';

/** File extensions that follow `@2x` and similar in asset names: `icon@2x.png` is not an address. */
const FILE_TLDS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'ico', 'js', 'mjs', 'ts', 'css', 'json', 'html', 'md', 'txt', 'py', 'rb', 'go', 'php', 'java', 'lock', 'yml', 'yaml', 'xml', 'pdf', 'zip', 'gz', 'map', 'wasm']);
/** The longest of FILE_TLDS. */
const FILE_TLD_MAX = 4;
/** FILE_TLDS as numbers, five bits per letter: a candidate's last label is looked up without building a string. */
const FILE_TLD_KEYS = new Set([...FILE_TLDS].map((t) => [...t].reduce((key, ch) => key * 32 + ch.charCodeAt(0) - 96, 0)));

/** True when the label after the last dot is one of FILE_TLDS, in any case (every address is checked). */
function endsWithFileTld(v: string): boolean {
  const from = v.lastIndexOf('.') + 1;
  // Lower-casing never shortens a string: a longer label is no file extension.
  if (v.length - from > FILE_TLD_MAX) return false;
  let key = 0;
  for (let i = from; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 128) return FILE_TLDS.has(v.slice(from).toLowerCase()); // a letter lower-casing into ASCII (K, the Kelvin sign)
    const lower = c | 32;
    if (lower < 97 || lower > 122) return false; // the extensions are letters only
    key = key * 32 + lower - 96;
  }
  return FILE_TLD_KEYS.has(key);
}

const EMAIL_PATTERN = re`(?<![A-Za-z0-9._%+\-])([A-Za-z0-9._%+\-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.){1,8}(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9\-]{1,59}))(?![A-Za-z0-9\-])`;

function isLocalPartChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}

/**
 * True when the address at `start` is the password and host of a URL's user information
 * (`https://user:p4ss@host`): a colon right before it, and before that a user name that starts
 * after the scheme's `//`. Such a "local part" is a password: reporting it as an e-mail address
 * would let the address's finding win the overlap rule over the URL password's and mask it as an
 * address. `mailto:jane@acme.io` has no `//` and stays an address.
 */
function isUrlPasswordAtHost(text: string, start: number): boolean {
  if (start < 4 || text.charCodeAt(start - 1) !== 58) return false; // ':'
  const min = Math.max(0, start - 2 - 256);
  for (let i = start - 2; i >= min; i--) {
    const c = text.charCodeAt(i);
    if (c === 47) return i >= 2 && text.charCodeAt(i - 1) === 47 && text.charCodeAt(i - 2) === 58; // '://' before the user
    if (c === 64 || c <= 32) return false; // '@' or a space: no user information here
  }
  return false;
}

const TEST_DOMAINS = /@(?:[a-z0-9-]+\.)*(?:example\.(?:com|org|net)|example|test|invalid|localhost)$/i;
/** Last letters of the names TEST_DOMAINS ends with (com, org, net, example, test, invalid, localhost). */
const TEST_DOMAIN_LAST = new Set([109, 103, 116, 101, 100]);

/** An address at a domain reserved for examples and tests (RFC 2606): the expression runs only when the last letter fits. */
function atTestDomain(v: string): boolean {
  return TEST_DOMAIN_LAST.has(v.charCodeAt(v.length - 1) | 32) && TEST_DOMAINS.test(v);
}

const PHONE_CONTEXT = ['phone', 'tel', 'telephone', 'mobile', 'cell', 'call', 'fax', 'whatsapp', 'sms', 'contact', 'téléphone', 'telefon', 'teléfono', 'telefono', 'móvil', 'handy', 'number'];

const IPV4_PATTERN = re`(?<![\w.])((?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})(?!\.?\w)`;

const IPV4_SHAPE = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

const PHONE_CONTEXT_RE = wordsRe(PHONE_CONTEXT) ?? /$^/;

const PHONE_PATTERN = re`(?<![\d+])(?:\+\d{1,3}[ .\-]?|00\d{1,3}[ .\-])?(?:\(\d{1,5}\)[ .\-]?)?\d{1,14}(?:[ .\-]\d{1,10}){0,6}(?![\w])`;

/**
 * Phone numbers group their digits in twos to fours; a country or trunk code may stand alone
 * ("+1 415 …", "1-800-…"), but two one-digit groups ("1 2 3 4 5 6 7", a list of counts) are not a
 * phone number. Checked on the characters, before any string is built.
 */
function tooManyOneDigitGroups(text: string, start: number, end: number): boolean {
  let single = 0;
  let run = 0;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 32;
    if (c >= 48 && c <= 57) run++;
    else {
      if (run === 1 && ++single > 1) return true;
      run = 0;
    }
  }
  return false;
}

/**
 * Phone numbers: the pattern finds phone-shaped runs, libphonenumber decides (full metadata, so
 * number ranges and not just lengths). Written with a country code or grouping it is a phone
 * number on its own; a bare digit run needs a context word.
 */
const findPhones: FindFn = (() => {
  const find = regexFinder(PHONE_PATTERN, undefined);
  return (text, from, to, state) => {
    const out = [];
    const check = (value: string): boolean | undefined => {
      if (phoneResultCached(value) || !state || state.spend('phone-parse', PHONE_PARSE_BUDGET)) return phoneNumberValid(value);
      return phoneShapePlausible(value) ? undefined : false;
    };
    const bare = (v: string): boolean => !v.startsWith('+') && !v.startsWith('00') && !phoneIsFormatted(v);
    const hasContext = (at: number): boolean => state?.near?.(PHONE_CONTEXT, at - 48, at) ?? PHONE_CONTEXT_RE.test(text.slice(Math.max(0, at - 48), at));
    for (const m of find(text, from, to)) {
      if (tooManyOneDigitGroups(text, m.start, m.end)) continue;
      // Dotted quads are IPv4 addresses; they share the shape of dotted phone numbers.
      if (IPV4_SHAPE.test(text.slice(m.start, m.end))) continue;
      let start = m.start;
      let value = text.slice(start, m.end);
      // A bare digit run is a phone number only next to a context word: look for one before paying
      // for a libphonenumber parse (ids, amounts and counters are bare digit runs too).
      if (bare(value) && !hasContext(start)) continue;
      // "91-415-555-0132": a country code written without its plus. Try without leading groups.
      for (let k = 0; k < 2 && check(value) === false; k++) {
        const next = /^\+?\d{1,4}[ .\-]/.exec(value);
        if (!next) break;
        start += next[0].length;
        value = value.slice(next[0].length);
      }
      const international = value.startsWith('+') || value.startsWith('00');
      if (start !== m.start && bare(value) && !hasContext(start)) continue;
      const verdict = check(value);
      if (verdict === false) continue;
      const base = international ? 0.7 : phoneIsFormatted(value) ? 0.55 : 0.2;
      // Over the parse budget the shape alone speaks, with less confidence.
      out.push(verdict ? { start, end: m.end, validated: true, confidence: base } : { start, end: m.end, confidence: base - 0.15 });
    }
    return out;
  };
})();

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

const IPV6_PATTERN = re`(?<![0-9A-Za-z:.])((?:[0-9A-Fa-f]{1,4}:|:)(?:[0-9A-Fa-f]{0,4}:){1,7}(?:[0-9A-Fa-f]{1,4}(?:\.\d{1,3}){0,3})?(?:%[0-9A-Za-z_.\-]{1,16})?)(?![0-9A-Za-z])`;
/** Words that make a bare "::" an address: on the same line, just before it. */
const UNSPECIFIED_CONTEXT = /(?:^|[^a-z])(?:ipv6|ip|src|dst|source|destination|address|addr|unspecified|bind|listen|host)[^a-z\n]{0,12}$/i;
const IPV6_AT = /(?:[0-9A-Fa-f]{1,4}:|:)(?:[0-9A-Fa-f]{0,4}:){1,7}(?:[0-9A-Fa-f]{1,4}(?:\.\d{1,3}){0,3})?(?:%[0-9A-Za-z_.\-]{1,16})?(?![0-9A-Za-z])/y;

/**
 * IPv6 candidates found from their colons (a native indexOf), not by trying a regular expression
 * at every hexadecimal letter: a colon next to a hex digit or another colon starts a candidate at
 * the start of its first group, which must not continue a word.
 */
const findIpv6: FindFn = (text, from, to) => {
  const out: RawMatch[] = [];
  let resume = from;
  for (let i = text.indexOf(':', from); i >= 0 && i < to; i = text.indexOf(':', Math.max(i + 1, resume))) {
    const next = text.charCodeAt(i + 1);
    if (!(isHex(next) || next === 58)) continue;
    let s = i;
    for (let k = 0; k < 4 && s > 0 && isHex(text.charCodeAt(s - 1)); k++) s--;
    const before = s > 0 ? text.charCodeAt(s - 1) : 32;
    if (isAlnum(before) || before === 58 || before === 46) continue;
    IPV6_AT.lastIndex = s;
    const m = IPV6_AT.exec(text);
    if (!m) continue;
    // A bare "::" is the unspecified address (RFC 4291) only as a prefix ("::/0") or after an
    // address word; elsewhere (Haskell "::", Makefile "::=", Python "[::-1]") it is punctuation.
    if (m[0] === '::' && !(text.charCodeAt(s + 2) === 47 && isDigitCode(text.charCodeAt(s + 3))) && !UNSPECIFIED_CONTEXT.test(text.slice(Math.max(0, s - 32), s))) continue;
    out.push({ start: s, end: s + m[0].length });
    resume = s + m[0].length;
  }
  return out;
};

const MAC_PATTERN = re`(?<![0-9A-Za-z:.\-])((?:[0-9A-Fa-f]{2}([:\-])(?:[0-9A-Fa-f]{2}\2){4}[0-9A-Fa-f]{2})|(?:[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}))(?![0-9A-Za-z:\-]|\.[0-9A-Za-z])`;
const MAC_AT = /(?:[0-9A-Fa-f]{2}([:\-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})(?![0-9A-Za-z:\-]|\.[0-9A-Za-z])/y;

/** Characters a MAC address is made of: hexadecimal digits and its separators `:` `-` `.`. */
const MAC_CHAR = (() => {
  const table = new Uint8Array(128);
  for (const ch of '0123456789abcdefABCDEF:-.') table[ch.charCodeAt(0)] = 1;
  return table;
})();
/** The shortest MAC address (Cisco dotted, `3c22.fb10.a49e`). */
const MAC_MIN_LENGTH = 14;

function isMacChar(c: number): boolean {
  return c < 128 && MAC_CHAR[c] === 1;
}


/**
 * The MAC address whose first separator is the `:`, `-` or `.` at `i`, if one starts at or after
 * `windowStart`: two hex digits, separator, two hex digits, the same separator (four digits for
 * the dotted form), nothing that continues an identifier before it. Added to `out` by kind.
 */
function macAtSeparator(text: string, windowStart: number, i: number, out: RawMatch[][]): void {
  const c = text.charCodeAt(i);
  const kind = c === 58 ? 0 : c === 45 ? 1 : c === 46 ? 2 : -1;
  if (kind < 0) return;
  const width = kind === 2 ? 4 : 2;
  if (i - width < windowStart || text.charCodeAt(i + width + 1) !== c) return;
  for (let k = 1; k <= width; k++) if (!isHex(text.charCodeAt(i - k)) || !isHex(text.charCodeAt(i + k))) return;
  const s = i - width;
  const before = s > 0 ? text.charCodeAt(s - 1) : 32;
  if (isAlnum(before) || before === 58 || before === 46 || before === 45) return;
  MAC_AT.lastIndex = s;
  const m = MAC_AT.exec(text);
  if (m) out[kind]?.push({ start: s, end: s + m[0].length });
}

/**
 * MAC addresses, colon matches first, then hyphen, then dotted (as three searches would list
 * them). The compiled loop lists the separators that can start one (ScanState.macSeparators),
 * eight units at a time. Without it: every character of an address is a hex digit or a separator,
 * and it is at least 14 long, so a character every 14 positions meets each one; only where that
 * character starts a long enough run of such characters are the separators examined.
 */
const findMacs: FindFn = (text, from, to, state) => {
  const byKind: RawMatch[][] = [[], [], []];
  const listed =
    state?.macSeparators?.(from, to, (positions, count) => {
      for (let k = 0; k < count; k++) macAtSeparator(text, from, positions[k] as number, byKind);
    }) ?? false;
  if (!listed) {
    // A match whose first separator lies before `to` may end after it: sample that far too.
    const sampleEnd = Math.min(text.length, to + MAC_MIN_LENGTH) | 0;
    for (let p = from; p < sampleEnd; ) {
      if (!isMacChar(text.charCodeAt(p))) {
        p += MAC_MIN_LENGTH;
        continue;
      }
      let l = p;
      while (l > from && isMacChar(text.charCodeAt(l - 1))) l--;
      let r = p + 1;
      while (r < text.length && isMacChar(text.charCodeAt(r))) r++;
      if (r - l >= MAC_MIN_LENGTH) {
        const end = Math.min(r, to);
        for (let i = l; i < end; i++) macAtSeparator(text, from, i, byKind);
      }
      p = Math.max(p + MAC_MIN_LENGTH, r + 1) | 0;
    }
  }
  const colon = byKind[0] as RawMatch[];
  const hyphen = byKind[1] as RawMatch[];
  const dotted = byKind[2] as RawMatch[];
  return hyphen.length === 0 && dotted.length === 0 ? colon : colon.concat(hyphen, dotted);
};

const BTC_LEGACY = re`(?<![A-Za-z0-9])[13][1-9A-HJ-NP-Za-km-z]{25,34}(?![A-Za-z0-9])`;
const BTC_LEGACY_AT = /[13][1-9A-HJ-NP-Za-km-z]{25,34}(?![A-Za-z0-9])/y;
/** 1 for the Base58 alphabet (digits 1-9, letters without 0 O I l), one entry per code unit. */
const BASE58 = (() => {
  const table = new Uint8Array(65536);
  for (const ch of '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz') table[ch.charCodeAt(0)] = 1;
  return table;
})();

/** Whether every unit of `text[from, to)` is in the Base58 alphabet (false when the text ends first). */
function base58Through(text: string, from: number, to: number): boolean {
  if (to > text.length) return false;
  for (let j = from; j < to; j++) if (BASE58[text.charCodeAt(j)] !== 1) return false;
  return true;
}
const BTC_SEGWIT_AT = /(?:bc|tb)1[02-9ac-hj-np-z]{6,87}(?![A-Za-z0-9])|(?:BC|TB)1[02-9AC-HJ-NP-Z]{6,87}(?![A-Za-z0-9])/y;
const SEGWIT_PREFIXES = ['bc1', 'tb1', 'BC1', 'TB1'];

/**
 * Bitcoin addresses. A legacy address starts with 1 or 3 after a non-alphanumeric character: the
 * start of a run of digits, which the prefilter pass has recorded, so the pattern is tried only
 * there (a regular expression over the text otherwise). Segwit addresses start from their
 * bc1/tb1 prefix, recorded as markers (searched for otherwise).
 */
const findBitcoin: FindFn = (() => {
  const legacy = regexFinder(BTC_LEGACY, undefined);
  return (text, from, to, state) => {
    const out: RawMatch[] = [];
    const runs = state?.digitRuns?.();
    const candidates = runs && state?.digitRunCandidates?.();
    if (runs && candidates) {
      // The runs that may start one (ScanState.digitRunCandidates, bit 1): a first digit of 1 or 3,
      // nothing alphanumeric before, and either 26 digits or a letter or digit after them. A number
      // ending short of 26 characters without one is no address.
      const count = candidates.length | 0;
      for (let c = 0; c < count; c++) {
        const entry = candidates[c] as number;
        if ((entry & 1) === 0) continue;
        const k = entry >>> 3;
        const i = runs[k] as number;
        const runEnd = runs[k + 1] as number;
        if (i < from) continue;
        if (i >= to) break;
        // Most candidates ("1px", "3rd") leave the Base58 alphabet within a few characters.
        if (!base58Through(text, runEnd, i + 26)) continue;
        BTC_LEGACY_AT.lastIndex = i;
        const m = BTC_LEGACY_AT.exec(text);
        if (m && i + m[0].length <= to) out.push({ start: i, end: i + m[0].length });
      }
    } else out.push(...legacy(text, from, to));
    const seen = state?.occurrences?.('bc1');
    const tb = state?.occurrences?.('tb1');
    const segwitAt = (i: number): void => {
      if (i > 0 && isAlnum(text.charCodeAt(i - 1))) return;
      BTC_SEGWIT_AT.lastIndex = i;
      const m = BTC_SEGWIT_AT.exec(text);
      if (m) out.push({ start: i, end: i + m[0].length });
    };
    if (seen && tb) {
      for (const list of [seen, tb]) {
        for (const i of list) {
          if (i >= from && i < to && SEGWIT_PREFIXES.some((p) => text.startsWith(p, i))) segwitAt(i);
        }
      }
      return out;
    }
    for (const prefix of SEGWIT_PREFIXES) {
      for (let i = text.indexOf(prefix, from); i >= 0 && i < to; i = text.indexOf(prefix, i + 3)) segwitAt(i);
    }
    return out;
  };
})();

/** 1 for the characters of `\w` (ASCII letters, digits, `_`), one entry per code unit. */
const WORD = (() => {
  const table = new Uint8Array(65536);
  for (let c = 0; c < 128; c++) if (isAlnum(c) || c === 95) table[c] = 1;
  return table;
})();

/** The end of the octet (0-255, no leading zero) made of the whole run of digits at `p`; -1 when it is none. */
function octetEnd(units: Uint16Array, p: number): number {
  let value = 0;
  let q = p;
  while (q < units.length && q - p < 4) {
    const c = units[q] as number;
    if (c < 48 || c > 57) break;
    value = value * 10 + c - 48;
    q++;
  }
  const digits = q - p;
  if (digits === 0 || digits > 3 || value > 255 || (digits > 1 && units[p] === 48)) return -1;
  return q;
}

/**
 * IPv4 addresses in `text[from, to)`, as IPV4_PATTERN finds them, read from the code units
 * rather than by the expression over a slice per digit token (logs carry thousands per MB):
 * four octets joined by dots, each taking its whole run of digits, not preceded by a word
 * character or a dot, not followed by a word character or a dot and one.
 */
function ipv4sIn(units: Uint16Array, from: number, to: number): RawMatch[] {
  const out: RawMatch[] = [];
  const n = units.length;
  for (let p = from; p < to; p++) {
    const c = units[p] as number;
    if (c < 48 || c > 57) continue;
    if (p > 0 && (WORD[units[p - 1] as number] === 1 || units[p - 1] === 46)) continue;
    let q = p;
    let parts = 0;
    while (parts < 4) {
      q = octetEnd(units, q);
      if (q < 0) break;
      parts++;
      if (parts < 4) {
        if (q >= n || units[q] !== 46) break;
        q++;
      }
    }
    if (parts === 4 && q >= 0 && !(q < n && (WORD[units[q] as number] === 1 || (units[q] === 46 && q + 1 < n && WORD[units[q + 1] as number] === 1)))) {
      out.push({ start: p, end: q, validated: true });
      p = q;
      continue;
    }
    // Not an address from here: the rest of this run of digits cannot start one either.
    while (p + 1 < to && (units[p + 1] as number) >= 48 && (units[p + 1] as number) <= 57) p++;
  }
  return out;
}

const findIpv4: FindFn = (text, from, to, state) => withUnits(text, state, (units) => ipv4sIn(units, from, to));

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\\.?';
const DATE = String.raw`\d{4}[\-/.]\d{1,2}[\-/.]\d{1,2}|\d{1,2}[\-/.]\d{1,2}[\-/.](?:\d{4}|\d{2})(?!\d)|\d{1,2}(?:st|nd|rd|th)?[ \-]${MONTH},?[ \-]\d{4}|${MONTH}[ \-]\d{1,2}(?:st|nd|rd|th)?,?[ \-]\d{4}`;

/** Contact details, network identifiers, wallets and dates of birth. */
export const PII_DETECTORS: readonly DetectorDefinition[] = [
  {
    id: 'email-address',
    category: 'pii',
    entity: 'EMAIL_ADDRESS',
    description: 'E-mail address (RFC 5321 local part and a domain with a real top-level label, IDN included).',
    scanAll: true,
    markers: ['@'],
    pattern: EMAIL_PATTERN,
    find: markerFinder('@', isLocalPartChar, 64, EMAIL_PATTERN, 1),
    validate: (v, context) => !endsWithFileTld(v) && !v.startsWith('.') && !v.includes('..') && !(context && isUrlPasswordAtHost(context.text, context.start)),
    confidence: 0.8,
    context: ['email', 'e-mail', 'mail', 'contact', 'courriel', 'correo'],
    testValues: ['git@github.com', 'git@gitlab.com', 'git@bitbucket.org', 'noreply@github.com'],
    isTestValue: atTestDomain,
    mask: 'email',
    samples: {
      positive: ['contact me at jane.doe@acme-corp.io', 'user@xn--80ak6aa92e.com'],
      negative: ['icon@2x.png', 'see @decorator and foo@bar', 'my email is info@presidio.'],
    },
  },
  {
    id: 'phone-number',
    category: 'pii',
    entity: 'PHONE_NUMBER',
    description: 'Phone number, international (+country code) or national in common regions, validated with libphonenumber metadata.',
    digits: { min: 7, max: 15, separators: ' -.()', skipDatesAndAddresses: true, bareNeedsContext: 48 },
    pattern: PHONE_PATTERN,
    find: findPhones,
    confidence: 0.55,
    contextConfidence: 0.85,
    context: PHONE_CONTEXT,
    mask: 'last4',
    samples: {
      positive: ['Call me at (415) 555-2671 tomorrow', 'UK office: +44 20 7946 0958', 'phone: 0412 345 678'],
      negative: ['Released 2021-05-21', 'at 12:30:45', 'order 4815162342 shipped', 'phone counts: 1 2 3 4 5 6 7 8'],
    },
  },
  {
    id: 'ipv4-address',
    category: 'network',
    entity: 'IP_ADDRESS',
    label: 'IP_ADDRESS',
    description: 'IPv4 address in dotted-decimal form.',
    digits: { min: 4, max: 12, separators: '. /', requireSeparator: '.', minGroups: 4 },
    pattern: IPV4_PATTERN,
    group: 1,
    find: findIpv4,
    validate: ipv4AddressValid,
    confidence: 0.6,
    context: ['ip', 'ipv4', 'address', 'host', 'server', 'client', 'src', 'dst', 'gateway'],
    antiContext: ['version', 'ver', 'release', 'oid', 'build'],
    testValues: ['127.0.0.1', '0.0.0.0', '255.255.255.255'],
    mask: 'partial',
    samples: {
      positive: ['connection from 203.0.113.54 refused', 'IPs: 10.1.2.3, 172.16.0.1'],
      negative: ['version 1.2.3', 'IP192.168.1.1text', 'value 999.1.1.1'],
    },
  },
  {
    id: 'ipv6-address',
    category: 'network',
    entity: 'IP_ADDRESS',
    label: 'IP_ADDRESS',
    description: 'IPv6 address (full, compressed, IPv4-mapped, with zone id).',
    scanAll: true,
    pattern: IPV6_PATTERN,
    find: findIpv6,
    validate: validateIpv6,
    confidence: 0.6,
    context: ['ip', 'ipv6', 'address', 'host', 'server', 'gateway'],
    testValues: ['::1', '::'],
    mask: 'partial',
    samples: {
      positive: ['my ip is 2001:db8:85a3::8a2e:370:7334', 'Connect to [2001:db8::1]:8080', 'mapped ::ffff:192.0.2.128', 'default route ::/0', 'bind address ::'],
      negative: ['std::cout << x', 'Time 12:34:56', 'MAC aa:bb:cc:dd:ee:ff', 'VAR ::= value', 'f :: Int -> Int', 'reversed = xs[::-1]'],
    },
  },
  {
    id: 'mac-address',
    category: 'network',
    entity: 'MAC_ADDRESS',
    description: 'MAC address (colon, hyphen or Cisco dotted notation).',
    scanAll: true,
    pattern: MAC_PATTERN,
    find: findMacs,
    validate: macAddressValid,
    confidence: 0.7,
    context: ['mac', 'hardware', 'ethernet', 'wifi', 'physical', 'bssid'],
    mask: 'partial',
    samples: {
      positive: ['Device MAC: 3c:22:fb:10:a4:9e', 'hw 3C-22-FB-10-A4-9E', 'Cisco 3c22.fb10.a49e'],
      negative: ['Broadcast: FF:FF:FF:FF:FF:FF', '00:1A:2B:3C:4D', '10:2F:33-AC-29-C3'],
    },
  },
  {
    id: 'bitcoin-address',
    category: 'financial',
    entity: 'CRYPTO',
    label: 'CRYPTO_WALLET',
    description: 'Bitcoin address: legacy P2PKH/P2SH (Base58Check) or segwit/taproot (bech32/bech32m), checksum verified.',
    scanAll: true,
    markers: ['bc1', 'tb1'],
    pattern: re`(?<![A-Za-z0-9])([13][1-9A-HJ-NP-Za-km-z]{25,34}|(?:bc|tb)1[02-9ac-hj-np-z]{6,87}|(?:BC|TB)1[02-9AC-HJ-NP-Z]{6,87})(?![A-Za-z0-9])`,
    find: findBitcoin,
    validate: (v) => (v.startsWith('1') || v.startsWith('3') ? bitcoinBase58Valid(v) : segwitAddressValid(v)),
    confidence: 0.85,
    context: ['wallet', 'bitcoin', 'btc', 'address', 'send', 'pay'],
    mask: 'partial',
    samples: {
      positive: ['send to 1BoatSLRHtKNngkdXEeobR76b53LETtpyT', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'],
      negative: ['1BoatSLRHtKNngkdXEeobR76b53LETtpyX', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5'],
    },
  },
  {
    id: 'ethereum-address',
    category: 'financial',
    entity: 'CRYPTO',
    label: 'CRYPTO_WALLET',
    description: 'Ethereum (EVM) address: 0x and 40 hex digits; mixed case must pass the EIP-55 checksum.',
    keywords: ['0x'],
    pattern: re`(?<![A-Za-z0-9])(0x[0-9a-fA-F]{40})(?![0-9A-Za-z])`,
    group: 1,
    window: { before: 1, after: 44 },
    validate: (v) => ethereumChecksum(v) === 'valid',
    confidence: 0.85,
    unverifiedConfidence: 0.5,
    context: ['wallet', 'eth', 'ethereum', 'address', 'metamask', 'send', 'erc20'],
    mask: 'partial',
    samples: {
      positive: ['to: 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'],
      negative: ['const mask = 0xffff;', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe'],
    },
  },
  {
    id: 'date-of-birth',
    category: 'pii',
    entity: 'DATE_TIME',
    label: 'DATE_OF_BIRTH',
    description: 'A date written right after a birth-date label (DOB, born, date of birth, geboren, né le, fecha de nacimiento…).',
    keywords: ['birth', 'dob', 'd.o.b', 'born', 'birthday', 'geboren', 'geburtsdatum', 'naissance', 'nacimiento', 'nascita', 'né le', 'née le'],
    keywordStartsMatch: true,
    pattern: new RegExp(`(?<![a-z])(?:birth|dob|d\\.o\\.b\\.?|born|birthday|geboren|geburtsdatum|naissance|nacimiento|nascita|n[ée]e? le)[^\\d\\n]{0,24}?(${DATE})`, 'i'),
    group: 1,
    window: { before: 1, after: 64 },
    validate: plausibleDate,
    confidence: 0.85,
    mask: 'partial',
    samples: {
      positive: ['Date of birth: 14/03/1987', 'DOB 1987-03-14', 'born on March 14, 1987'],
      negative: ['birthday party at 5pm', 'DOB: 45/45/1987'],
    },
  },
];

export const EMAIL_PATTERN_FOR_EDM = rei`[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9.\-]{1,253}\.[A-Za-z]{2,24}`;
