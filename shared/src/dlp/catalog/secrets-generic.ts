import type { DetectorDefinition, FindFn, RawMatch } from '../types.js';
import { base64ToLatin1, base64JwtValid, jwtHeaderValid } from '../validators/tokens.js';
import { ALNUM, B64, B64URL, HEX, L, RX, prefixed, re, rei, tok } from './helpers.js';

/** Longest PEM or PuTTY block considered one key (a 16384-bit RSA key is about 13 KB). */
const MAX_KEY_BLOCK = 64 * 1024;

function pemSample(label: string, seed: number): string {
  const body = tok(B64, 64 * 12, seed).replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----`;
}

/**
 * PEM, OpenSSH and PGP private keys. A BEGIN line opens a block; the matching END line closes it.
 * A block whose END is missing (a truncated paste) is still reported, up to where its base64 body
 * stops, with lower confidence. The search for END lines moves forward only, so many BEGIN lines
 * without an END cost one pass, not one pass each.
 */
const findPrivateKeys: FindFn = (text, from, to) => {
  const out: RawMatch[] = [];
  const header = /-----BEGIN ((?:[A-Z0-9]{1,12} ){0,3}PRIVATE KEY(?: BLOCK)?)-----/y;
  let nextEnd = -2;
  let i = text.indexOf('-----BEGIN ', from);
  while (i >= 0 && i < to) {
    header.lastIndex = i;
    const m = header.exec(text);
    if (!m?.[1]) {
      i = text.indexOf('-----BEGIN ', i + 11);
      continue;
    }
    const bodyStart = i + m[0].length;
    if (nextEnd !== -1 && nextEnd < bodyStart) nextEnd = text.indexOf('-----END ', bodyStart);
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
  const kind = /kind:[ \t]{0,4}["']?Secret["']?[ \t]*(?:\r?\n|$)/g;
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
    for (const line of lines) {
      const indent = line.length - line.trimStart().length;
      const trimmed = line.trim();
      if (block && trimmed !== '' && indent <= blockIndent) block = undefined;
      const header = /^(data|stringData):\s*$/.exec(trimmed);
      if (header) {
        block = header[1] === 'data' ? 'data' : 'stringData';
        blockIndent = indent;
      } else if (block) {
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
  }
  return out;
};

const CODE_LIKE_VALUE =
  /^(?:[$%@&*{(<[]|.*\(|.*=>|(?:true|false|null|none|nil|undefined|string|str|int|bool|boolean|required|optional|hidden|secret|password|passwd|pwd|pass|token|env|config)$)/i;
const IDENTIFIER_PATH = /^[A-Za-z_][\w]*(?:(?:\.|->|::|\/)[A-Za-z_][\w]*)+$/;
const IDENTIFIER = /^[A-Za-z_]+$/;

/**
 * A value assigned to a password- or secret-named key is a plausible secret, not code: not a
 * reference (`$VAR`, `config.password`, `getSecret()`), not a type or keyword, not one plain word,
 * not a sentence.
 */
export function plausibleSecretValue(value: string): boolean {
  if (CODE_LIKE_VALUE.test(value) || IDENTIFIER_PATH.test(value)) return false;
  if (IDENTIFIER.test(value) && (/^[a-z]+$/.test(value) ? value.length < 16 : true)) return false;
  if (/\s/.test(value) && /^[A-Za-z ,.'-]+$/.test(value)) return false;
  if (/^(?:https?|file|ftp):\/\//i.test(value) || /^[.~]?\/[\w./-]+$/.test(value)) return false;
  return true;
}

/** A generic token must mix letters and digits, as generated secrets do. */
function plausibleGenericToken(value: string): boolean {
  return plausibleSecretValue(value) && /[0-9]/.test(value) && /[A-Za-z]/.test(value) && !/^[0-9a-f]{7,12}$/.test(value);
}

const DB_SCHEMES =
  'postgres|postgresql|pgsql|mysql|mysqlx|mariadb|mongodb|mongodb\\+srv|redis|rediss|amqp|amqps|mssql|sqlserver|oracle|clickhouse|cockroachdb|couchdb|couchbase|neo4j|neo4j\\+s|bolt|cassandra|snowflake|db2|memcached|influxdb|nats|kafka|ldap|ldaps';

const URL_PASSWORD = (schemes: string): RegExp =>
  new RegExp(String.raw`(?<![A-Za-z0-9+.\-])(?:${schemes})://[^\s:@/?#'"<>\[\]\\]{0,128}:([^\s@/?#'"<>\\]{1,256})@[A-Za-z0-9.\-_\[\]%]{1,253}`, 'i');

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
  prefixed({
    id: 'jwt',
    provider: 'generic',
    label: 'JWT',
    description: 'Signed JSON Web Token (three base64url parts; the header decodes to JSON with an algorithm).',
    keywords: ['eyj'],
    pattern: re`${L}(eyJ[A-Za-z0-9_\-]{8,2000}\.eyJ[A-Za-z0-9_\-]{8,8000}\.[A-Za-z0-9_\-]{16,2000})${RX}`,
    group: 1,
    after: 12_100,
    validate: jwtHeaderValid,
    confidence: 0.85,
    samples: [
      `Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ${tok(B64URL, 60, 708)}.${tok(B64URL, 43, 709)}`,
    ],
    negatives: [`eyJub3QiOiJqd3QifQ.eyJ${tok(B64URL, 30, 710)}.${tok(B64URL, 43, 711)}`],
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
    confidence: 0.8,
    samples: [`token: ${b64(`eyJhbGciOiJSUzI1NiJ9.eyJ${tok(B64URL, 60, 712)}.${tok(B64URL, 86, 713)}`)}`],
    negatives: ['ZXlKaGVsbG8gd29ybGQgaXMgbm90IGEgand0IGF0IGFsbCBidXQgbG9uZw=='],
  }),
  prefixed({
    id: 'database-url-password',
    provider: 'generic',
    label: 'DATABASE_PASSWORD',
    description: 'Password inside a database or message-broker connection URL (postgres://user:password@host, mongodb+srv://…, redis://…).',
    keywords: ['://'],
    pattern: URL_PASSWORD(DB_SCHEMES),
    group: 1,
    before: 24,
    after: 600,
    confidence: 0.9,
    samples: [`DATABASE_URL=postgres://app:${tok(ALNUM, 16, 714)}@db.internal:5432/app`, `mongodb+srv://admin:${tok(ALNUM, 12, 715)}@cluster0.mongodb.net/test`],
    negatives: ['postgres://app:${DB_PASSWORD}@db/app', 'postgres://app:password@localhost/app', 'postgres://localhost:5432/app'],
  }),
  prefixed({
    id: 'url-password',
    provider: 'generic',
    label: 'URL_PASSWORD',
    description: 'Password in a URL with user information (https://user:password@host, ftp://…, git credentials).',
    keywords: ['://'],
    pattern: URL_PASSWORD('[a-z][a-z0-9+.\\-]{1,30}'),
    group: 1,
    before: 40,
    after: 600,
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
    keywords: ['password', 'passwd', 'passphrase', 'pwd', 'pass'],
    pattern: rei`(?:password|passwd|passphrase|pwd|pass)[\w.\-]{0,24}?["'\]]{0,2}[ \t]{0,4}(?:=>|:=|=|:)[ \t]{0,4}(?:"([^"\r\n]{6,128})"|'([^'\r\n]{6,128})'|\x60([^\x60\r\n]{6,128})\x60|([^\s"'\x60;,)}\]]{6,128}))`,
    group: [1, 2, 3, 4],
    window: { before: 1, after: 200 },
    validate: plausibleSecretValue,
    confidence: 0.6,
    minEntropy: 2.2,
    samples: {
      positive: [`DB_PASSWORD=${tok(ALNUM, 12, 719)}!`, `"password": "${tok(ALNUM, 10, 720)}#2"`, `spring.datasource.password: ${tok(ALNUM, 16, 721)}`],
      negative: ['password = getPassword()', 'password: ${DB_PASSWORD}', 'password: string;', 'password = config.database.password', 'passport: required', 'the password must be at least 8 characters'],
    },
  },
  {
    id: 'generic-api-key',
    category: 'credential',
    entity: 'SECRET',
    provider: 'generic',
    label: 'SECRET',
    description: 'A high-entropy value mixing letters and digits assigned to a key named secret, token, api key, access key or credential.',
    keywords: ['secret', 'token', 'api_key', 'apikey', 'api-key', 'access_key', 'accesskey', 'auth_key', 'authkey', 'private_key', 'credential', 'signing_key', 'encryption_key', 'master_key', 'client_key'],
    pattern: rei`(?:secret|token|api_?key|api-key|access_?key|auth_?key|private_?key|credentials?|signing_?key|encryption_?key|master_?key|client_?key)[\w.\-]{0,24}?["'\]]{0,2}[ \t]{0,4}(?:=>|:=|=|:)[ \t]{0,4}["'\x60]?([A-Za-z0-9_\-+/=.~]{16,256})(?![A-Za-z0-9_\-+/=.~])`,
    group: 1,
    window: { before: 1, after: 320 },
    validate: plausibleGenericToken,
    confidence: 0.55,
    minEntropy: 3.5,
    samples: {
      positive: [`MY_SERVICE_SECRET="${tok(ALNUM, 32, 722)}"`, `api_key: ${tok(ALNUM, 40, 723)}`],
      negative: ['token = request.headers.authorization', 'secret: ${SECRET}', 'api_key: "abcdefghijklmnopqrstuvwxyz"', 'tokenizer = Tokenizer(vocab_size=32000)'],
    },
  },
  prefixed({
    id: 'http-authorization-header',
    provider: 'generic',
    label: 'AUTH_TOKEN',
    description: 'Credentials in an HTTP Authorization header (Bearer, Basic, Token, Bot, Digest).',
    keywords: ['authorization'],
    pattern: rei`authorization["']?\s{0,3}[:=]\s{0,3}["']?(?:bearer|token|basic|bot|apikey|sso-key)\s{1,3}([A-Za-z0-9._~+/=\-]{12,4096})`,
    group: 1,
    after: 4200,
    confidence: 0.8,
    minEntropy: 3.0,
    samples: [`curl -H "Authorization: Bearer ${tok(B64URL, 40, 724)}" https://api.example.com`, `Authorization: Basic ${b64(`user:${tok(ALNUM, 12, 725)}`)}`],
    negatives: ['Authorization: Bearer $TOKEN', 'Authorization: Bearer <token>'],
  }),
  prefixed({
    id: 'http-api-key-header',
    provider: 'generic',
    label: 'API_KEY',
    description: 'An API key in a request header (X-API-Key, Api-Key, X-Auth-Token, X-Access-Token, Private-Token).',
    keywords: ['x-api-key', 'api-key:', 'x-auth-token', 'x-access-token', 'private-token', 'x-apikey', 'apikey:'],
    pattern: rei`(?:x-api-key|api-key|x-auth-token|x-access-token|private-token|x-apikey|apikey)["']?\s{0,3}:\s{0,3}["']?([A-Za-z0-9._~+/=\-]{16,512})`,
    group: 1,
    after: 540,
    confidence: 0.75,
    minEntropy: 3.2,
    samples: [`-H "X-API-Key: ${tok(ALNUM, 32, 726)}"`],
    negatives: ['X-API-Key: ${API_KEY}'],
  }),
  {
    id: 'curl-basic-auth',
    category: 'credential',
    entity: 'SECRET',
    provider: 'generic',
    label: 'PASSWORD',
    description: 'Password given to curl with -u/--user user:password.',
    keywords: ['curl'],
    pattern: re`curl\b[^\r\n]{0,800}?\s(?:-u|--user)[ =]?['"]?[^\s'":]{0,64}:([^\s'"]{3,128})`,
    group: 1,
    window: { before: 1, after: 1000 },
    confidence: 0.8,
    samples: {
      positive: [`curl -u admin:${tok(ALNUM, 12, 727)} https://example.com/api`, `curl --user "deploy:${tok(ALNUM, 16, 728)}" -X POST https://ci.example.com`],
      negative: ['curl -u admin https://example.com', 'curl -u "$USER:$PASS" https://example.com'],
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

/** Base64 (standard alphabet, padded) of an ASCII string, for samples. */
function b64(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i += 3) {
    const a = s.charCodeAt(i);
    const b = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
    const c = i + 2 < s.length ? s.charCodeAt(i + 2) : 0;
    const n = (a << 16) | (b << 8) | c;
    out += B64[(n >> 18) & 63];
    out += B64[(n >> 12) & 63];
    out += i + 1 < s.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < s.length ? B64[n & 63] : '=';
  }
  return out;
}
