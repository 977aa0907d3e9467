import { markerFinder } from '../runtime.js';
import { shannonEntropy } from '../text.js';
import type { DetectorDefinition, FindFn, RawMatch, ValueContext } from '../types.js';
import { base64ToLatin1, base64JwtValid, jwtHeaderValid } from '../validators/tokens.js';
import { ALNUM, ASSIGN_OPERATOR, B64, B64URL, HEX, L, b64, ci, graded, keyWord, notAnIdentifier, prefixed, re, rei, tok } from './helpers.js';

/** Longest PEM or PuTTY block considered one key (a 16384-bit RSA key is about 13 KB). */
const MAX_KEY_BLOCK = 64 * 1024;

function pemSample(label: string, seed: number): string {
  const body = tok(B64, 64 * 12, seed).replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----`;
}

/**
 * PEM, OpenSSH and PGP private keys. A BEGIN line opens a block; the matching END line closes it.
 * A block whose END is missing (a truncated paste) is still reported, up to where its base64 body
 * stops, with lower confidence. END lines are listed once per scan and looked up by binary
 * search, so many BEGIN lines without an END cost one pass, not one pass each.
 */
const findPrivateKeys: FindFn = (text, from, to, state) => {
  const out: RawMatch[] = [];
  const header = /-----BEGIN ((?:[A-Z0-9]{1,12} ){0,3}PRIVATE KEY(?: BLOCK)?)-----/y;
  // END lines of the whole text, found once per scan and shared by every window.
  const ends = state ? state.memo('pem-end-lines', () => endLines(text)) : endLines(text);
  let i = text.indexOf('-----BEGIN ', from);
  while (i >= 0 && i < to) {
    header.lastIndex = i;
    const m = header.exec(text);
    if (!m?.[1]) {
      i = text.indexOf('-----BEGIN ', i + 11);
      continue;
    }
    const bodyStart = i + m[0].length;
    const nextEnd = firstAtOrAfter(ends, bodyStart);
    const endMarker = `-----END ${m[1]}-----`;
    const complete = nextEnd >= 0 && nextEnd - i <= MAX_KEY_BLOCK && text.startsWith(endMarker, nextEnd);
    const end = complete ? nextEnd + endMarker.length : truncatedBodyEnd(text, bodyStart);
    const body = text.slice(bodyStart, complete ? nextEnd : end);
    const base64Chars = body.replace(/\\n|[^A-Za-z0-9+/=]/g, '').length;
    if (base64Chars >= 64) out.push({ start: i, end, confidence: complete ? 0.97 : 0.8, validated: true });
    i = text.indexOf('-----BEGIN ', Math.max(end, i + 11));
  }
  return out;
};

/** Positions of every `-----END ` in the text. */
function endLines(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf('-----END '); i >= 0; i = text.indexOf('-----END ', i + 9)) out.push(i);
  return out;
}

/** The first element of a sorted list at or after `at`, or -1. */
function firstAtOrAfter(sorted: readonly number[], at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length ? (sorted[lo] ?? -1) : -1;
}

/**
 * Where the body of a PEM block without an END line stops: lines (real or `\\n`-escaped) that are
 * base64 or `Name: value` headers, up to MAX_KEY_BLOCK characters.
 */
function truncatedBodyEnd(text: string, bodyStart: number): number {
  const limit = Math.min(text.length, bodyStart + MAX_KEY_BLOCK);
  const line = /(?:\\n|\r?\n|[ \t])*([A-Za-z0-9+/=]{16,200}|[A-Za-z][A-Za-z-]{1,30}: [^\r\n]{0,200})/y;
  let end = bodyStart;
  while (end < limit) {
    line.lastIndex = end;
    const m = line.exec(text);
    if (!m || m[0].length === 0) break;
    end += m[0].length;
  }
  return Math.min(end, limit);
}

/** PuTTY private key files: from the header line to the Private-MAC line. */
const findPuttyKeys: FindFn = (text, from, to) => {
  const out: RawMatch[] = [];
  let i = text.indexOf('PuTTY-User-Key-File-', from);
  let nextMac = -2;
  while (i >= 0 && i < to) {
    if (nextMac !== -1 && nextMac < i) nextMac = text.indexOf('Private-MAC:', i);
    if (nextMac < 0 || nextMac - i > MAX_KEY_BLOCK) {
      i = text.indexOf('PuTTY-User-Key-File-', i + 20);
      continue;
    }
    const lineEnd = text.indexOf('\n', nextMac);
    const end = lineEnd < 0 ? text.length : lineEnd;
    out.push({ start: i, end, validated: true });
    i = text.indexOf('PuTTY-User-Key-File-', end);
  }
  return out;
};

/**
 * Values under `data:` (base64) and `stringData:` (plain) in a Kubernetes Secret manifest. The
 * finder works inside the YAML document that contains the `kind: Secret` line.
 */
const findKubernetesSecretValues: FindFn = (text, from, to) => {
  const out: RawMatch[] = [];
  const kind = /kind:[ \t]{0,4}["']?[Ss]ecret["']?[ \t]*(?:\r?\n|$)/g;
  const seenDocs = new Set<number>();
  const slice = text.slice(from, to);
  for (let k = kind.exec(slice); k !== null; k = kind.exec(slice)) {
    const at = from + k.index;
    const prevSep = text.lastIndexOf('\n---', at);
    const docStart = Math.max(prevSep < 0 ? 0 : prevSep + 4, at - 16_384);
    if (seenDocs.has(docStart)) continue;
    seenDocs.add(docStart);
    const nextSep = text.indexOf('\n---', at);
    const docEnd = Math.min(nextSep < 0 ? text.length : nextSep, at + 16_384);
    const doc = text.slice(docStart, docEnd);
    const lines = doc.split('\n');
    let offset = docStart;
    let block: 'data' | 'stringData' | undefined;
    let blockIndent = -1;
    // A `key: |` or `key: >` entry: its value is the following, more indented lines.
    let scalar: { indent: number; start: number; end: number } | undefined;
    const flushScalar = (): void => {
      if (scalar && scalar.end > scalar.start) out.push({ start: scalar.start, end: scalar.end });
      scalar = undefined;
    };
    for (const line of lines) {
      const indent = line.length - line.trimStart().length;
      const trimmed = line.trim();
      if (scalar) {
        if (trimmed === '' || indent > scalar.indent) {
          if (trimmed !== '') {
            if (scalar.start < 0) scalar.start = offset + indent;
            scalar.end = offset + indent + trimmed.length;
          }
          offset += line.length + 1;
          continue;
        }
        flushScalar();
      }
      if (block && trimmed !== '' && indent <= blockIndent) block = undefined;
      const header = /^(data|stringData):\s*$/.exec(trimmed);
      if (header) {
        block = header[1] === 'data' ? 'data' : 'stringData';
        blockIndent = indent;
      } else if (block) {
        if (/^[\w.\-]{1,253}:[ \t]{0,4}[|>][+-]?\s*$/.test(trimmed)) {
          scalar = { indent, start: -1, end: -1 };
          offset += line.length + 1;
          continue;
        }
        const entry = /^([\w.\-]{1,253}):[ \t]{1,4}["']?([^"'\s#][^"'\r]{0,4095}?)["']?\s*$/.exec(trimmed);
        if (entry?.[2]) {
          const value = entry[2];
          const okValue = block === 'data' ? /^[A-Za-z0-9+/]{8,}={0,2}$/.test(value) && base64ToLatin1(value) !== undefined : value.length >= 4;
          if (okValue) {
            const valueAt = offset + line.indexOf(value, indent + (entry[1]?.length ?? 0) + 1);
            out.push({ start: valueAt, end: valueAt + value.length });
          }
        }
      }
      offset += line.length + 1;
    }
    flushScalar();
  }
  return out;
};

const CODE_LIKE_VALUE =
  /^(?:[$%@&*{(<[]|.*\(|.*=>|(?:true|false|null|none|nil|undefined|string|str|int|bool|boolean|required|optional|hidden|secret|password|passwd|pwd|pass|token|env|config)$)/i;
/**
 * Inside quotes a parenthesis is only a character ("Tr0ub4dor&3(x", Django keys): a quoted value
 * is code-like when it starts like an expression or holds a call (`getpass()`, `os.getenv(`).
 */
const CODE_LIKE_QUOTED =
  /^(?:[$%@&*{(<[]|.*=>|.*(?:^|[^\w$])[A-Za-z_$][\w$.]*\(|(?:true|false|null|none|nil|undefined|string|str|int|bool|boolean|required|optional|hidden|secret|password|passwd|pwd|pass|token|env|config)$)/i;
const IDENTIFIER_PATH = /^[A-Za-z_][\w]*(?:(?:\.|->|::|\/)[A-Za-z_][\w]*)+$/;

/** True when the character before the value is a quote: a string literal, not an expression. */
function quoted(context: ValueContext | undefined): boolean {
  if (!context || context.start === 0) return false;
  const before = context.text[context.start - 1];
  return before === '"' || before === "'" || before === '`';
}

/**
 * A value assigned to a password- or secret-named key is a plausible secret, not code: not a
 * reference (`$VAR`, `config.password`, `getSecret()`), not a type or keyword, not a sentence, and
 * when unquoted, not a bare word (an unquoted word is a variable in most languages).
 */
export function plausibleSecretValue(value: string, context?: ValueContext): boolean {
  if ((quoted(context) ? CODE_LIKE_QUOTED : CODE_LIKE_VALUE).test(value) || IDENTIFIER_PATH.test(value)) return false;
  if (!quoted(context) && /^[A-Za-z_]+$/.test(value)) return false;
  if (/\s/.test(value) && /^[A-Za-z ,.'-]+$/.test(value)) return false;
  if (/^(?:https?|file|ftp):\/\//i.test(value) || /^[.~]?\/[\w./-]+$/.test(value)) return false;
  return true;
}

/** Key names that hold identifiers or metadata, not secrets: `credentialsId`, `SECRET_NAME`, `token_url`. */
const NON_SECRET_KEY_PART = /^(?:ids?|names?|url|uri|urls|path|paths|file|filename|type|types|version|region|endpoint|host|hostname|port|user|username|email|format|mode|length|size|count|expiry|expires|ttl|header|field|label|kind|arn|ref|env|location|provider|prefix|suffix)$/i;
const NON_SECRET_KEY_WORD = /public|publishable|csrf|xsrf/i;

/** The key a value is assigned to, read back from the value's position on its line. */
export function assignedKeyName(context: ValueContext | undefined): string | undefined {
  if (!context) return undefined;
  const { text } = context;
  const min = Math.max(0, context.start - 160);
  let i = context.start;
  const back = (chars: string): void => {
    while (i > min && chars.includes(text[i - 1] ?? '\n')) i--;
  };
  // Walk back over the opening quote, spaces, the operator and the key's closing quote.
  back('"\'`\\');
  back(' \t');
  back('=:,>?.|');
  back(' \t');
  back('"\']>\\');
  const end = i;
  while (i > min && /[\w$.\-]/.test(text[i - 1] ?? ' ')) i--;
  let key = text.slice(i, end);
  // `var sonarToken string = …`: the word before the operator was a type; the key comes before it.
  if (/^(?:string|int|str|bool|var|const|let|final)$/.test(key) && i > min) {
    back(' \t');
    const typeEnd = i;
    while (i > min && /[\w$.\-]/.test(text[i - 1] ?? ' ')) i--;
    key = text.slice(i, typeEnd) || key;
  }
  return key === '' ? undefined : key;
}

function keyLooksNonSecret(key: string | undefined): boolean {
  if (!key) return false;
  if (NON_SECRET_KEY_WORD.test(key)) return true;
  const parts = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').split(/[_.\-]+/).filter((p) => p !== '');
  const last = parts[parts.length - 1];
  return last !== undefined && NON_SECRET_KEY_PART.test(last);
}

/**
 * A generic token must look generated: letters and digits mixed, not a kebab-case resource name
 * (`cmp2-qat-1208358310`), not assigned to a key that names an identifier.
 */
function plausibleGenericToken(value: string, context?: ValueContext): boolean {
  if (!plausibleSecretValue(value, context) || !notAnIdentifier(value)) return false;
  if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  if (/^[a-z][a-z0-9]*(?:-[a-z0-9]+){1,6}$/.test(value) && /[g-z]/.test(value) && value.split('-').every((p) => p.length <= 12)) return false;
  return !keyLooksNonSecret(assignedKeyName(context));
}

/** The assignment operator between a key and its value (`=`, `:`, `,` …), or '' when only spaces separate them. */
function operatorBefore(context: ValueContext | undefined): string {
  if (!context) return '';
  const { text } = context;
  let i = context.start;
  const min = Math.max(0, i - 24);
  while (i > min && '"\'` \t\\'.includes(text[i - 1] ?? '\n')) i--;
  const end = i;
  while (i > min && '=:,>?.|'.includes(text[i - 1] ?? '\n')) i--;
  return text.slice(i, end);
}

/** Letters and digits mixed, no spaces: what a password looks like when nothing else says so. */
const GENERATED_LOOKING = /^(?=[^\s]*[0-9])(?=[^\s]*[A-Za-z])[^\s]+$/;

function plausiblePassword(value: string, context?: ValueContext): boolean {
  if (!plausibleSecretValue(value, context) || keyLooksNonSecret(assignedKeyName(context))) return false;
  // "pass `ignorecase: false`", "['password', 'secrets.*']": the key word in prose or a list of
  // strings, not an assignment. Without a real operator the value must look generated.
  const operator = operatorBefore(context);
  if ((operator === '' || operator === ',') && !GENERATED_LOOKING.test(value)) return false;
  if (quoted(context)) return true;
  // Unquoted: not a command-line flag or a path, and more than a word with end punctuation.
  if (/^[-/]/.test(value)) return false;
  return !/^[A-Za-z]+[.,;:!?]*$/.test(value);
}

const JWT_PATTERN = re`${L}(eyJ[A-Za-z0-9_\-]{8,2000}\.eyJ[A-Za-z0-9_\-]{8,8000}\.(?:[A-Za-z0-9_\-]{16,2000})?)(?![A-Za-z0-9_\-])`;

const AUTH_HEADER_PATTERN = re`[Aa]uthorization["']?[ \t]{0,3}[:=][ \t]{0,3}["']?((?:[Bb]earer|[Tt]oken|[Bb]asic|[Bb]ot|[Dd]igest|[Aa]pi-?[Tt]oken|[Aa]pi[Kk]ey|[Ss]so-key|[Nn]egotiate)[ \t]{1,3})?([^\s"'\x60]{8,4096})`;

/**
 * Authorization header values. With a scheme word the value is a credential; without one it is
 * one only when it looks generated (digits, at least 16 characters).
 */
const findAuthorizationHeaders: FindFn = (() => {
  const re2 = new RegExp(AUTH_HEADER_PATTERN.source, 'gd');
  return (text, from, to) => {
    const out: RawMatch[] = [];
    const slice = text.slice(from, to);
    re2.lastIndex = 0;
    for (let m = re2.exec(slice); m !== null; m = re2.exec(slice)) {
      const span = m.indices?.[2];
      const value = m[2];
      if (!span || !value) continue;
      const schemed = m[1] !== undefined;
      if (!schemed && (value.length < 16 || !/[0-9]/.test(value))) continue;
      if (/^[{<$%[]|\(/.test(value)) continue; // a template or an expression, not a value
      out.push({ start: from + span[0], end: from + span[1], confidence: schemed ? 0.8 : 0.65 });
    }
    return out;
  };
})();

/**
 * curl -u/--user arguments: a shell word made of quoted and unquoted pieces, `user:password`.
 * With an empty password the user name is the credential (API keys are passed that way), when it
 * looks generated. Commands may span lines joined by a trailing backslash.
 */
const findCurlUser: FindFn = (() => {
  const command = /\bcurl\b(?:[^\r\n\\]|\\\r?\n|\\.){0,2000}/g;
  const userArg = /(?:^|\s)(?:-u|--user)(?:[ \t]{1,3}|=)((?:"[^"\r\n]{0,200}"|'[^'\r\n]{0,200}'|[^\s'"]{1,200}){1,4})/g;
  return (text, from, to) => {
    const out: RawMatch[] = [];
    const slice = text.slice(from, Math.min(text.length, to + 2000));
    command.lastIndex = 0;
    for (let c = command.exec(slice); c !== null; c = command.exec(slice)) {
      if (c.index > to - from) break;
      const cmd = c[0];
      userArg.lastIndex = 0;
      for (let u = userArg.exec(cmd); u !== null; u = userArg.exec(cmd)) {
        const raw = u[1] ?? '';
        const rawAt = from + c.index + u.index + u[0].length - raw.length;
        const word = raw.replace(/["']/g, '');
        // A template: <user:password>, [USER]:[PASS], $CREDS, %CREDS%.
        if (/^<[^>]*>$|^\[[^\]]*\]|\$\{?[A-Za-z0-9_]|^%[A-Za-z_]+%/.test(word)) continue;
        const colon = word.indexOf(':');
        if (colon < 0) continue;
        const user = word.slice(0, colon);
        const password = word.slice(colon + 1);
        let secret = password;
        if (password === '') {
          if (user.length < 10 || shannonEntropy(user) < 3) continue;
          secret = user;
        }
        // The secret's characters are contiguous in the raw word (maybe inside quotes).
        const at = password === '' ? raw.indexOf(user) : raw.lastIndexOf(password);
        if (at < 0) continue;
        out.push({ start: rawAt + at, end: rawAt + at + secret.length });
      }
    }
    return out;
  };
})();

/**
 * Tools that take a password in a short option, and how: mysql's `-pSECRET` (joined: `-p name`
 * names a database), `sshpass -p`, `redis-cli -a`, `sqlcmd -P`, the MongoDB shells' `-p`, and
 * smbclient's `-U user%password`. Long options (`--password=…`) are generic-password's.
 */
const PASSWORD_OPTIONS: readonly { readonly tools: RegExp; readonly option: RegExp; readonly after?: string }[] = [
  { tools: /^(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlpump|mariadb|mariadb-dump|mariadb-admin)$/, option: /^-p(.+)$/ },
  { tools: /^sshpass$/, option: /^-p(.*)$/ },
  { tools: /^redis-cli$/, option: /^-a$/ },
  { tools: /^(?:sqlcmd|bcp|osql)$/, option: /^-P(.*)$/ },
  { tools: /^(?:mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport)$/, option: /^-p$/ },
  { tools: /^smbclient$/, option: /^(?:-U|--user=?)(.*)$/, after: '%' },
];

/** One shell word: quoted and unquoted pieces, with its start and end in the line. */
const SHELL_WORD = /(?:"[^"\r\n]{0,200}"|'[^'\r\n]{0,200}'|[^\s'"|;&]{1,200}){1,6}/g;
/** What ends a command on a line: the newline, a pipe, `;` or `&`. */
const COMMAND_END = /[\n|;&]/g;

/** A value that stands for a password rather than being one: $PASS, ${PASS}, <password>, %PASS%, ****. */
function passwordPlaceholder(word: string): boolean {
  return /^<[^>]*>$|^\[[^\]]*\]$|\$\{?[A-Za-z0-9_]|\$\(|^%[A-Za-z_]+%$|^\*+$|^(?:password|passwd|secret|changeme|xxx+)$/i.test(word);
}

/**
 * Passwords given on a command line to the tools of PASSWORD_OPTIONS. Each line from a tool's
 * name is split into shell words; the password is the rest of the option word, or the next word.
 */
const findCommandPasswords: FindFn = (() => {
  const toolAt = /(?<![\w\-/.])(mysql\w*|mariadb[\w\-]*|sshpass|redis-cli|sqlcmd|bcp|osql|mongo\w*|smbclient)(?![\w\-])/g;
  return (text, from, to) => {
    const out: RawMatch[] = [];
    // Searched in a copy of the window and the line after it, so that no search runs on to the
    // end of the text where a window holds no tool name.
    const slice = text.slice(from, Math.min(text.length, to + 400));
    toolAt.lastIndex = 0;
    // Where the current command ends (a newline, a pipe, ; or &), found once for all the tool
    // names before it: the text is read once however many names it holds.
    let commandEnd = -1;
    for (let t = toolAt.exec(slice); t !== null && t.index < to - from; t = toolAt.exec(slice)) {
      const rule = PASSWORD_OPTIONS.find((r) => r.tools.test(t?.[1] ?? ''));
      if (!rule) continue;
      if (commandEnd < t.index) {
        COMMAND_END.lastIndex = t.index;
        commandEnd = COMMAND_END.exec(slice)?.index ?? slice.length;
      }
      const lineEnd = Math.min(commandEnd, t.index + 1000);
      const words: { word: string; start: number }[] = [];
      SHELL_WORD.lastIndex = t.index + t[0].length;
      for (let w = SHELL_WORD.exec(slice); w !== null && w.index < lineEnd && words.length < 24; w = SHELL_WORD.exec(slice)) words.push({ word: w[0], start: w.index });
      // The next tool name is looked for after this command's words, not among them.
      const last = words[words.length - 1];
      if (last) toolAt.lastIndex = Math.max(toolAt.lastIndex, last.start + last.word.length);
      for (let k = 0; k < words.length; k++) {
        const { word, start } = words[k] as { word: string; start: number };
        const m = rule.option.exec(word);
        if (!m) continue;
        // The password is in this word after the option, or, for a bare option, the next word.
        let raw = m[1];
        let rawStart = start + word.length - (raw?.length ?? 0);
        if (raw === undefined || raw === '') {
          const next = words[k + 1];
          if (!next || next.word.startsWith('-')) continue;
          raw = next.word;
          rawStart = next.start;
        }
        let quote = raw[0] === '"' || raw[0] === "'" ? 1 : 0;
        let value = raw.slice(quote, raw.length - (quote && raw.endsWith(raw[0] as string) ? 1 : 0));
        if (rule.after !== undefined) {
          // `user%password`: the password follows the separator; a user alone carries none.
          const cut = value.indexOf(rule.after);
          if (cut < 0) continue;
          quote += cut + 1;
          value = value.slice(cut + 1);
        }
        if (value.length < 4 || /["']/.test(value) || passwordPlaceholder(value)) continue;
        out.push({ start: from + rawStart + quote, end: from + rawStart + quote + value.length });
      }
    }
    return out;
  };
})();

/** Cookie names that carry a session or an authentication token (PHPSESSID, JSESSIONID, connect.sid, sessionid, auth_token, …). */
const SESSION_COOKIE_NAME = /sess|^sid$|\.sid$|_sid$|token|auth|jwt|remember/i;

/**
 * Session cookies in a Cookie or Set-Cookie header: each name=value pair of the header's line
 * whose name says session or token and whose value looks generated (16 characters or more,
 * letters and digits, spread out). Whoever holds such a value is logged in as its owner.
 */
const findSessionCookies: FindFn = (() => {
  const header = /(?<![\w-])(?:set-)?cookie:[ \t]{0,4}([^\r\n]{1,4096})/gi;
  const pair = /(?:^|;)[ \t]{0,4}([^=;\s]{1,64})=("?)([^;"\s]{16,4096})\2/g;
  return (text, from, to) => {
    const out: RawMatch[] = [];
    const slice = text.slice(from, Math.min(text.length, to + 4096));
    header.lastIndex = 0;
    for (let h = header.exec(slice); h !== null && h.index < to - from; h = header.exec(slice)) {
      const line = h[1] ?? '';
      const lineAt = from + h.index + h[0].length - line.length;
      pair.lastIndex = 0;
      for (let p = pair.exec(line); p !== null; p = pair.exec(line)) {
        const name = p[1] ?? '';
        const value = p[3] ?? '';
        if (!SESSION_COOKIE_NAME.test(name) || NON_SECRET_KEY_WORD.test(name) || !/[0-9]/.test(value) || !/[A-Za-z]/.test(value) || shannonEntropy(value) < 3.2) continue;
        const at = lineAt + p.index + p[0].length - value.length - (p[2] ?? '').length;
        out.push({ start: at, end: at + value.length });
      }
    }
    return out;
  };
})();

const DB_SCHEMES =
  'postgres|postgresql|pgsql|mysql|mysqlx|mariadb|mongodb|mongodb\\+srv|redis|rediss|amqp|amqps|mssql|sqlserver|oracle|clickhouse|cockroachdb|couchdb|couchbase|neo4j|neo4j\\+s|bolt|cassandra|snowflake|db2|memcached|influxdb|nats|kafka|ldap|ldaps';

function isSchemeChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 46 || c === 45;
}

/** The characters neither the user nor the password part of URL_PASSWORD may hold: ASCII blanks, @ / ? # ' " < > \. */
const USERINFO_STOP = (() => {
  const table = new Uint8Array(128);
  for (const ch of ' \t\n\r\v\f@/?#\'"<>\\') table[ch.charCodeAt(0)] = 1;
  return table;
})();

/**
 * Whether the URL whose `://` is at `at` can carry user information with a password: the first of
 * USERINFO_STOP after it is an `@`, with a `:` before it, within the 385 units the pattern allows.
 * Most URLs (`https://host/path`) are ruled out after their host name, without the expression.
 */
function userInfoAhead(text: string, at: number): boolean {
  const end = Math.min(text.length, at + 3 + 128 + 1 + 256 + 1);
  let colon = false;
  for (let i = at + 3; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 58) colon = true;
    else if (c < 128 && USERINFO_STOP[c] === 1) return c === 64 && colon;
  }
  // Past what the pattern can span (or the end of the text): let the expression decide.
  return true;
}

const URL_PASSWORD = (schemes: string): RegExp =>
  new RegExp(String.raw`(?<![A-Za-z0-9+.\-])(?:${schemes})://[^\s:@/?#'"<>\[\]\\]{0,128}:([^\s@/?#'"<>\\]{1,256})@[A-Za-z0-9.\-_\[\]%]{1,253}`, 'i');

const GENERIC_KEY_WORDS = ['secret', 'token', 'api_key', 'apikey', 'api-key', 'access_key', 'accesskey', 'auth_key', 'authkey', 'auth', 'private_key', 'credential', 'credentials', 'signing_key', 'encryption_key', 'master_key', 'client_key'];

const PASSWORD_KEY_WORDS = ['password', 'passwd', 'passphrase', 'pwd', 'pass'];

/**
 * Words that name whose password it is when written in one word with it (DBPASSWORD, dbpwd,
 * PGPASSWORD, rootpass): after one of them a password key word counts as starting a word.
 */
const PASSWORD_OWNERS = ['db', 'pg', 'sql', 'mysql', 'redis', 'root', 'admin', 'user', 'smtp', 'mail', 'ldap', 'ftp', 'ssh', 'sudo', 'app', 'master', 'proxy', 'vnc', 'keystore', 'store'];

/**
 * A value assigned to one of `keyWords`, in groups 1 to 5: between backslash-escaped quotes
 * (JSON-escaped source), double, single or back quotes, or unquoted; `min` to 128 characters.
 */
function assignedValuePattern(keyWords: readonly string[], min: number, owners: readonly string[] = []): RegExp {
  const n = `{${min},128}`;
  const keys = keyWords.map((w) => keyWord(w, owners)).join('|');
  return new RegExp(String.raw`(?:${keys})${ASSIGN_OPERATOR}(?:\\"([^"\\\r\n]${n})\\"|"([^"\r\n]${n})"|'([^'\r\n]${n})'|\x60([^\x60\r\n]${n})\x60|([^\s"'\x60;,)}\]]${n}))`);
}

/** Key names whose values are secrets even when written with punctuation (generic-secret-symbols). */
const SYMBOL_SECRET_KEY_WORDS = ['secret', 'signing_key', 'encryption_key', 'master_key'];

/**
 * A chosen secret with punctuation: everything a password needs (plausiblePassword), characters
 * beyond the token alphabet (else generic-api-key speaks for it), letters with digits or both
 * cases, and no run of regular-expression or template syntax.
 */
function plausibleSymbolSecret(value: string, context?: ValueContext): boolean {
  if (!/[^A-Za-z0-9_\-+/=.~]/.test(value) || /\s/.test(value)) return false;
  if (!/[A-Za-z]/.test(value) || !(/[0-9]/.test(value) || (/[a-z]/.test(value) && /[A-Z]/.test(value)))) return false;
  if (/\(\?|\[[:=\\^]|\\[sdwb]|\$\{|\{\{|%\(|#\{/.test(value)) return false;
  // A type or a call (`Record<Id, Share>`, `getSecret(name)`) is code, not a value.
  if (/^[A-Za-z_$][\w$.]*[<(]/.test(value)) return false;
  // Unquoted, it must have a digit as well: `secretShares: Record<…` is a declaration.
  if (!quoted(context) && !/[0-9]/.test(value)) return false;
  return plausiblePassword(value, context);
}

/** Keys, tokens and credentials that belong to no provider: private keys, JWTs, URLs, assignments. */
export const GENERIC_SECRETS: readonly DetectorDefinition[] = [
  {
    id: 'private-key',
    category: 'credential',
    entity: 'SECRET',
    provider: 'generic',
    description: 'PEM private key block (RSA, EC, DSA, PKCS#8, encrypted), OpenSSH private key or PGP private key block.',
    keywords: ['-----begin '],
    find: findPrivateKeys,
    window: { before: 1, after: 16 },
    confidence: 0.97,
    mask: 'secret',
    samples: {
      positive: [pemSample('RSA PRIVATE KEY', 700), pemSample('OPENSSH PRIVATE KEY', 701), pemSample('PGP PRIVATE KEY BLOCK', 702), `"private_key": "-----BEGIN PRIVATE KEY-----\\n${tok(B64, 300, 703)}\\n-----END PRIVATE KEY-----\\n"`],
      negative: ['-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----', '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----', pemSample('CERTIFICATE', 704)],
    },
  },
  {
    id: 'putty-private-key',
    category: 'credential',
    entity: 'SECRET',
    provider: 'generic',
    description: 'PuTTY private key file (PuTTY-User-Key-File-2/3).',
    keywords: ['putty-user-key-file-'],
    find: findPuttyKeys,
    window: { before: 1, after: 16 },
    confidence: 0.95,
    samples: {
      positive: [`PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: key\nPublic-Lines: 2\n${tok(B64, 64, 705)}\nPrivate-Lines: 1\n${tok(B64, 64, 706)}\nPrivate-MAC: ${tok(HEX, 64, 707)}`],
      negative: ['PuTTY-User-Key-File-3 is the format name'],
    },
  },
  {
    id: 'jwt',
    category: 'credential',
    entity: 'SECRET',
    label: 'JWT',
    provider: 'generic',
    description: 'JSON Web Token (three base64url parts; the header decodes to a JSON object). Unsigned tokens score lower.',
    keywords: ['eyj'],
    pattern: JWT_PATTERN,
    find: graded(JWT_PATTERN, 1, (v) => (v.endsWith('.') ? 0.6 : 0.85)),
    // Claims are JSON: base64 of repeated text ("aud":"XXXX…") is no sign of a placeholder.
    formatHasRuns: true,
    window: { before: 1, after: 12_100 },
    validate: jwtHeaderValid,
    confidence: 0.85,
    // A damaged header still leaves the unmistakable eyJ….eyJ….sig shape.
    unverifiedConfidence: 0.6,
    samples: {
      positive: [
        `Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ${tok(B64URL, 60, 708)}.${tok(B64URL, 43, 709)}`,
        'token = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJzbHVpY2UtdGVzdC11c2VyIn0."',
      ],
      negative: ['eyJ.eyJ.x', `eyJ${tok(B64URL, 30, 710)}`],
    },
  },
  prefixed({
    id: 'private-key-base64',
    provider: 'generic',
    label: 'PRIVATE_KEY',
    description: 'A PEM private key encoded in base64 again (kubeconfig client-key-data, Kubernetes secrets, CI variables): base64 of "-----BEGIN … PRIVATE KEY-----".',
    // Base64 of "-----BEGIN " from the start of a base64 string.
    keywords: ['ls0tls1crudjtib'],
    pattern: re`${L}(LS0tLS1CRUdJTiB[A-Za-z0-9+/]{20,16000}={0,2})`,
    group: 1,
    after: 16_100,
    validate: (v) => /^-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY-----/.test(base64ToLatin1(v, 120) ?? ''),
    formatHasRuns: true,
    confidence: 0.95,
    samples: [`    client-key-data: ${b64(pemSample('RSA PRIVATE KEY', 754))}`, b64(pemSample('OPENSSH PRIVATE KEY', 755)), b64(pemSample('PRIVATE KEY', 756))],
    negatives: [`    client-certificate-data: ${b64(pemSample('CERTIFICATE', 757))}`, b64(pemSample('PUBLIC KEY', 758))],
  }),
  prefixed({
    id: 'password-hash',
    provider: 'generic',
    label: 'PASSWORD_HASH',
    description:
      'A password hash in modular crypt format (bcrypt $2b$, SHA-crypt $5$ and $6$, MD5-crypt $1$, yescrypt $y$, Argon2), as in /etc/shadow or a users table: it can be cracked offline.',
    keywords: ['$2a$', '$2b$', '$2y$', '$5$', '$6$', '$1$', '$y$', '$argon2'],
    pattern: re`(?<![\w$])(\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}|\$5\$(?:rounds=\d{1,9}\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{43}|\$6\$(?:rounds=\d{1,9}\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{86}|\$1\$[./A-Za-z0-9]{1,8}\$[./A-Za-z0-9]{22}|\$y\$[./A-Za-z0-9]{1,12}\$[./A-Za-z0-9]{1,86}\$[./A-Za-z0-9]{43}|\$argon2(?:id|i|d)\$v=\d{1,3}\$m=\d{1,8},t=\d{1,4},p=\d{1,3}\$[A-Za-z0-9+/]{11,86}\$[A-Za-z0-9+/]{16,128})(?![./A-Za-z0-9+])`,
    group: 1,
    after: 400,
    confidence: 0.75,
    samples: [
      `root:$6$${tok(B64.replace('+', '.'), 16, 773)}$${tok(B64.replace('+', '.'), 86, 774)}:19000:0:99999:7:::`,
      `INSERT INTO users VALUES (1, 'ana', '$2b$12$${tok(B64.replace('+', '.'), 53, 775)}');`,
      `$argon2id$v=19$m=65536,t=3,p=4$${tok(ALNUM, 22, 776)}$${tok(ALNUM, 43, 777)}`,
    ],
    negatives: ['echo "$1$2"', 'price: $5$ and $6$ deals', 'root:!:19000:0:99999:7:::', '$2b$12$short'],
  }),
  prefixed({
    id: 'jwt-base64',
    provider: 'generic',
    label: 'JWT',
    description: 'A JSON Web Token that was base64-encoded again (Kubernetes secrets, CI variables).',
    keywords: ['zxlk'],
    pattern: re`${L}(ZXlK[A-Za-z0-9+/]{40,16000}={0,2})`,
    group: 1,
    after: 16_100,
    validate: base64JwtValid,
    formatHasRuns: true,
    confidence: 0.8,
    samples: [`token: ${b64(`eyJhbGciOiJSUzI1NiJ9.eyJ${tok(B64URL, 60, 712)}.${tok(B64URL, 86, 713)}`)}`],
    negatives: ['ZXlKaGVsbG8gd29ybGQgaXMgbm90IGEgand0IGF0IGFsbCBidXQgbG9uZw=='],
  }),
  prefixed({
    id: 'database-url-password',
    provider: 'generic',
    label: 'DATABASE_PASSWORD',
    description: 'Password inside a database or message-broker connection URL (postgres://user:password@host, mongodb+srv://…, redis://…).',
    keywords: [],
    scanAll: true,
    pattern: URL_PASSWORD(DB_SCHEMES),
    markers: ['://'],
    find: markerFinder('://', isSchemeChar, 31, URL_PASSWORD(DB_SCHEMES), 1, userInfoAhead),
    confidence: 0.9,
    samples: [`DATABASE_URL=postgres://app:${tok(ALNUM, 16, 714)}@db.internal:5432/app`, `mongodb+srv://admin:${tok(ALNUM, 12, 715)}@cluster0.mongodb.net/test`],
    negatives: ['postgres://app:${DB_PASSWORD}@db/app', 'postgres://app:password@localhost/app', 'postgres://localhost:5432/app'],
  }),
  prefixed({
    id: 'url-password',
    provider: 'generic',
    label: 'URL_PASSWORD',
    description: 'Password in a URL with user information (https://user:password@host, ftp://…, git credentials).',
    keywords: [],
    scanAll: true,
    pattern: URL_PASSWORD('[a-z][a-z0-9+.\\-]{1,30}'),
    markers: ['://'],
    find: markerFinder('://', isSchemeChar, 31, URL_PASSWORD('[a-z][a-z0-9+.\\-]{1,30}'), 1, userInfoAhead),
    confidence: 0.8,
    samples: [`https://deploy:${tok(ALNUM, 14, 716)}@git.example.com/repo.git`, `ftp://user:${tok(ALNUM, 10, 717)}@files.example.net/`],
    negatives: ['https://user@example.com/', 'see http://host:8080/path', 'https://user:$PASS@example.com'],
  }),
  {
    id: 'connection-string-password',
    category: 'credential',
    entity: 'SECRET',
    provider: 'generic',
    label: 'DATABASE_PASSWORD',
    description: 'Password=… in an ADO.NET, ODBC or JDBC key-value connection string.',
    keywords: ['password=', 'pwd='],
    pattern: rei`(?:^|[;"'\s])(?:Password|Pwd)\s{0,3}=\s{0,3}([^;'"\r\n]{1,128})`,
    group: 1,
    window: { before: 2, after: 160 },
    validate: plausibleSecretValue,
    confidence: 0.5,
    contextConfidence: 0.85,
    context: ['server=', 'data source', 'user id', 'uid=', 'initial catalog', 'database=', 'host='],
    samples: {
      positive: [`Server=tcp:db.example.net,1433;Initial Catalog=app;User ID=app;Password=${tok(ALNUM, 14, 718)};Encrypt=True;`],
      negative: ['Password=;'],
    },
  },
  {
    id: 'generic-password',
    category: 'credential',
    entity: 'SECRET',
    provider: 'generic',
    label: 'PASSWORD',
    description: 'A value assigned to a password-named key (password, passwd, passphrase, pwd) that looks like a password, not code.',
    keywords: PASSWORD_KEY_WORDS,
    keywordStartsMatch: true,
    pattern: assignedValuePattern(PASSWORD_KEY_WORDS, 6, PASSWORD_OWNERS),
    group: [1, 2, 3, 4, 5],
    window: { before: 1, after: 200 },
    validate: plausiblePassword,
    confidence: 0.6,
    minEntropy: 2.2,
    samples: {
      positive: [`DB_PASSWORD=${tok(ALNUM, 12, 719)}!`, `export PGPASSWORD='${tok(ALNUM, 10, 749)}#'`, `password = "${tok(ALNUM, 9, 768)}&3(x"`, `"source": ["db_password = \\"${tok(ALNUM, 10, 769)}#1\\"\\n"]`, `dbpwd=${tok(ALNUM, 10, 752)}`, `ROOTPASSWORD: "${tok(ALNUM, 12, 753)}"`, `"password": "${tok(ALNUM, 10, 720)}#2"`, `spring.datasource.password: ${tok(ALNUM, 16, 721)}`],
      negative: ['password = getPassword()', 'password: ${DB_PASSWORD}', 'password: string;', 'password = config.database.password', 'passport: required', 'the password must be at least 8 characters', 'unless you pass `ignorecase: false` here', "redact({ paths: ['password', 'secrets.*'] })", 'compass = north1234', 'bypass: enabled123', 'password = "getpass.getpass(prompt)"'],
    },
  },
  {
    id: 'generic-api-key',
    category: 'credential',
    entity: 'SECRET',
    provider: 'generic',
    label: 'SECRET',
    description: 'A high-entropy value mixing letters and digits assigned to a key named secret, token, api key, access key or credential.',
    keywords: GENERIC_KEY_WORDS,
    keywordStartsMatch: true,
    pattern: new RegExp(`(?:${GENERIC_KEY_WORDS.map((w) => keyWord(w)).join('|')})${ASSIGN_OPERATOR}(?:\\\\?["'\x60])?([A-Za-z0-9_\\-+/=.~]{16,256})(?![A-Za-z0-9_\\-+/=.~])`),
    group: 1,
    window: { before: 1, after: 320 },
    validate: plausibleGenericToken,
    // Below every provider-specific detector, so a known format wins the overlap rule.
    confidence: 0.5,
    minEntropy: 3.5,
    samples: {
      positive: [`MY_SERVICE_SECRET="${tok(ALNUM, 32, 722)}"`, `api_key: ${tok(ALNUM, 40, 723)}`, `{\\"api_key\\": \\"${tok(ALNUM, 32, 770)}\\"}`],
      negative: ['token = request.headers.authorization', 'secret: ${SECRET}', 'api_key: "abcdefghijklmnopqrstuvwxyz"', 'tokenizer = Tokenizer(vocab_size=32000)'],
    },
  },
  {
    id: 'generic-secret-symbols',
    category: 'credential',
    entity: 'SECRET',
    provider: 'generic',
    label: 'SECRET',
    description:
      'A value with punctuation in it (a chosen secret such as Yh7#kP2q!L9v, or a Django-style key) assigned to a key named secret or signing, encryption or master key; values of token characters only are generic-api-key.',
    keywords: SYMBOL_SECRET_KEY_WORDS,
    keywordStartsMatch: true,
    pattern: assignedValuePattern(SYMBOL_SECRET_KEY_WORDS, 10),
    group: [1, 2, 3, 4, 5],
    window: { before: 1, after: 200 },
    validate: plausibleSymbolSecret,
    confidence: 0.5,
    minEntropy: 3.0,
    samples: {
      positive: [`JWT_SECRET=${tok(ALNUM, 8, 736)}#${tok(ALNUM, 9, 737)}`, `"client_secret": "${tok(ALNUM, 6, 738)}!${tok(ALNUM, 6, 739)}@${tok(ALNUM, 4, 740)}"`],
      negative: [
        'secret: ${SECRET_FROM_ENV}',
        'client_secret = os.environ["CLIENT_SECRET"]',
        'secret = "Keep this secret, please!"',
        `MY_SERVICE_SECRET="${tok(ALNUM, 32, 741)}"`,
        'secret_pattern = "(?i)secret[:=]"',
      ],
    },
  },
  {
    id: 'http-authorization-header',
    category: 'credential',
    entity: 'SECRET',
    label: 'AUTH_TOKEN',
    provider: 'generic',
    description: 'Credentials in an HTTP Authorization header (Bearer, Basic, Token, Bot, Digest, Api-Token or a bare token).',
    keywords: ['authorization'],
    pattern: AUTH_HEADER_PATTERN,
    find: findAuthorizationHeaders,
    window: { before: 1, after: 4200 },
    confidence: 0.8,
    minEntropy: 3.0,
    samples: {
      positive: [`curl -H "Authorization: Bearer ${tok(B64URL, 40, 724)}" https://api.example.com`, `Authorization: Basic ${b64(`user:${tok(ALNUM, 12, 725)}`)}`, `-H 'Authorization: ${tok(HEX, 32, 735)}'`],
      negative: ['Authorization: Bearer $TOKEN', 'Authorization: Bearer <token>', 'Authorization: "Bearer " + token'],
    },
  },
  prefixed({
    id: 'http-api-key-header',
    provider: 'generic',
    label: 'API_KEY',
    description: 'An API key in a request header or client option (X-API-Key, Api-Key, Api-Token, X-Auth-Token, X-Access-Token, Private-Token, apiKey:).',
    keywords: ['api-key', 'apikey', 'api_key', 'api-token', 'auth-token', 'access-token', 'private-token', 'token:'],
    pattern: new RegExp(
      `(?:(?:(?<![A-Za-z])|(?<=[a-z0-9])(?=[A-Z]))(?:[Xx]-)?(?:${ci('api')}[-_]?${ci('key')}|${ci('api-token')}|${ci('auth-token')}|${ci('access-token')}|${ci('private-token')})|(?<=["'])(?:[Xx]-)?[Tt]oken)["']?[ \\t]{0,3}:[ \\t]{0,3}["']?([A-Za-z0-9._~+/=\\-]{8,512})(?![A-Za-z0-9._~+/=\\-])`,
    ),
    group: 1,
    before: 3,
    after: 540,
    validate: (v, ctx) => plausibleSecretValue(v, ctx) && /[0-9]/.test(v),
    confidence: 0.75,
    minEntropy: 2.5,
    samples: [`-H "X-API-Key: ${tok(ALNUM, 32, 726)}"`, `--header "Api-Token: ${tok(ALNUM, 11, 736)}9"`],
    negatives: ['X-API-Key: ${API_KEY}', 'apiKey: process.env.API_KEY'],
  }),
  {
    id: 'curl-basic-auth',
    category: 'credential',
    entity: 'SECRET',
    provider: 'generic',
    label: 'PASSWORD',
    description: 'Password (or API key used as the user name) given to curl with -u/--user.',
    keywords: ['curl'],
    find: findCurlUser,
    window: { before: 1, after: 2000 },
    confidence: 0.8,
    samples: {
      positive: [
        `curl -u admin:${tok(ALNUM, 12, 727)} https://example.com/api`,
        `curl --user "deploy:${tok(ALNUM, 16, 728)}" -X POST https://ci.example.com`,
        `curl https://api.example.com/v1/charges \\\n  -u ${tok(ALNUM, 24, 737)}: -d amount=100`,
      ],
      negative: ['curl -u admin https://example.com', 'curl -u "$USER:$PASS" https://example.com', 'curl -u <user:password> https://example.com'],
    },
  },
  {
    id: 'command-line-password',
    category: 'credential',
    entity: 'SECRET',
    provider: 'generic',
    label: 'PASSWORD',
    description: "Password in a tool's short option on a command line: mysql -pSECRET, sshpass -p, redis-cli -a, sqlcmd -P, mongosh -p, smbclient -U user%password.",
    keywords: ['mysql', 'mariadb', 'sshpass', 'redis-cli', 'sqlcmd', 'bcp ', 'osql', 'mongo', 'smbclient'],
    find: findCommandPasswords,
    window: { before: 1, after: 400 },
    confidence: 0.75,
    minEntropy: 2.0,
    samples: {
      positive: [
        `mysql -u root -p${tok(ALNUM, 10, 742)} -h db.internal orders`,
        `sshpass -p '${tok(ALNUM, 8, 743)}!' ssh deploy@host`,
        `redis-cli -h cache -a ${tok(ALNUM, 14, 744)} ping`,
        `sqlcmd -S db -U sa -P "${tok(ALNUM, 12, 745)}"`,
        `mongosh --host db -u admin -p ${tok(ALNUM, 12, 746)}`,
        `smbclient //fs/share -U alice%${tok(ALNUM, 10, 747)}`,
        `smbclient --user=corp/alice%${tok(ALNUM, 10, 748)} //fs/share`,
      ],
      negative: ['mysql -u root -p orders', 'mysql -u root -p$MYSQL_PASSWORD', 'sshpass -p "$PASS" ssh host', 'redis-cli -a <password> ping', 'mysql -u root -p -h db', 'mysqlclient -pabcdef12', 'smbclient -U domain/alice //fs/share', 'smbclient -U alice%password //fs/share'],
    },
  },
  {
    id: 'chpasswd-password',
    category: 'credential',
    entity: 'SECRET',
    provider: 'generic',
    label: 'PASSWORD',
    description: 'A user:password pair echoed into chpasswd (echo "user:password" | chpasswd), as provisioning scripts set passwords.',
    keywords: ['chpasswd'],
    pattern: re`echo[ \t]{1,4}(?:"[\w.\-]{1,32}:([^\s"':|]{4,128})"|'[\w.\-]{1,32}:([^\s"':|]{4,128})'|[\w.\-]{1,32}:([^\s"':|]{4,128}))[ \t]{0,4}\|[ \t]{0,4}(?:sudo[ \t]{1,4})?chpasswd`,
    group: [1, 2, 3],
    window: { before: 320, after: 16 },
    validate: (v) => !passwordPlaceholder(v),
    confidence: 0.8,
    minEntropy: 2.0,
    samples: {
      positive: [`echo "deploy:${tok(ALNUM, 12, 750)}" | chpasswd`, `echo 'root:${tok(ALNUM, 10, 751)}' | sudo chpasswd`],
      negative: ['echo "deploy:$PASSWORD" | chpasswd', 'chpasswd < users.txt'],
    },
  },
  {
    id: 'http-session-cookie',
    category: 'credential',
    entity: 'SECRET',
    provider: 'generic',
    label: 'SESSION_COOKIE',
    description: 'A session or authentication cookie in a Cookie or Set-Cookie header (sessionid, PHPSESSID, JSESSIONID, connect.sid, auth tokens): whoever holds it is logged in.',
    keywords: ['cookie:'],
    find: findSessionCookies,
    window: { before: 12, after: 4200 },
    confidence: 0.75,
    samples: {
      positive: [
        `Cookie: sessionid=${tok(ALNUM, 32, 759)}; theme=dark`,
        `set-cookie: connect.sid=s%3A${tok(ALNUM, 32, 760)}.${tok(ALNUM, 20, 761)}; Path=/; HttpOnly`,
        `-H 'Cookie: lang=en; PHPSESSID=${tok('abcdefghijklmnopqrstuvwxyz0123456789', 26, 762)}'`,
      ],
      negative: ['Cookie: theme=dark; lang=en-US', 'Cookie: sessionid=abc', `Cookie: csrftoken=${tok(ALNUM, 32, 765)}`, `Cookie: _ga=GA1.2.${tok('0123456789', 10, 763)}.${tok('0123456789', 10, 764)}`],
    },
  },
  {
    id: 'netrc-password',
    category: 'credential',
    entity: 'SECRET',
    provider: 'generic',
    label: 'PASSWORD',
    description: 'Password in a .netrc machine entry.',
    keywords: ['machine'],
    pattern: re`machine\s{1,8}\S{1,253}\s{1,8}login\s{1,8}\S{1,128}\s{1,8}password\s{1,8}(\S{1,128})`,
    group: 1,
    window: { before: 1, after: 600 },
    confidence: 0.85,
    samples: {
      positive: [`machine api.example.com login me password ${tok(ALNUM, 14, 729)}`],
      negative: ['a state machine login flow'],
    },
  },
  {
    id: 'kubernetes-secret-value',
    category: 'credential',
    entity: 'SECRET',
    provider: 'kubernetes',
    label: 'KUBERNETES_SECRET',
    description: 'A value under data: or stringData: in a Kubernetes Secret manifest.',
    keywords: ['kind: secret', 'kind: "secret"', "kind: 'secret'"],
    find: findKubernetesSecretValues,
    window: { before: 1, after: 64 },
    confidence: 0.8,
    // Base64 of binary data has runs of A (zero bytes).
    formatHasRuns: true,
    samples: {
      positive: [`apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  password: ${b64(tok(ALNUM, 18, 730))}\n`],
      negative: ['apiVersion: v1\nkind: Secret\nmetadata:\n  name: empty\n', 'apiVersion: v1\nkind: ConfigMap\ndata:\n  mode: c3RhZ2luZw==\n'],
    },
  },
  {
    id: 'xml-config-secret',
    category: 'credential',
    entity: 'SECRET',
    provider: 'generic',
    label: 'SECRET',
    description: 'A secret in an XML appSettings or NuGet config entry (<add key="…Password…" value="…"/>).',
    keywords: ['password', 'secret', 'apikey', 'token'],
    pattern: rei`<add\s{1,4}key\s{0,2}=\s{0,2}"[^"]{0,60}?(?:password|secret|token|apikey|api_key)[^"]{0,30}"\s{1,4}value\s{0,2}=\s{0,2}"([^"]{4,256})"`,
    group: 1,
    window: { before: 100, after: 400 },
    validate: plausibleSecretValue,
    confidence: 0.75,
    samples: {
      positive: [`<add key="ClearTextPassword" value="${tok(ALNUM, 12, 731)}9" />`],
      negative: ['<add key="Password" value="" />', '<add key="Timeout" value="30" />'],
    },
  },
];
