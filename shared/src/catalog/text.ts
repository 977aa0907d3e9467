/**
 * Small string helpers for hostile input: everything the matcher reads goes through a cap first, so a
 * megabyte title costs no more than a short one.
 */

/** Characters of any one field the matcher looks at; the rest is ignored. */
export const MAX_SCAN_CHARS = 64 * 1024;
/** Characters of a value copied into evidence or an event. */
export const MAX_EVIDENCE_CHARS = 256;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces unpaired UTF-16 surrogates with U+FFFD so the value serializes and compares cleanly. */
export function wellFormed(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD');
}

/** Cuts to `max` characters without splitting a surrogate pair, then repairs lone surrogates. */
export function clip(value: string, max: number): string {
  if (value.length <= max) return wellFormed(value);
  let end = max;
  const code = value.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return wellFormed(value.slice(0, end));
}

/** A bounded, well-formed copy of a value for evidence lists and event payloads. */
export function evidenceText(value: string, max = MAX_EVIDENCE_CHARS): string {
  return clip(value, max);
}

/** The last path component of a Windows or POSIX path. */
export function basename(path: string): string {
  const p = clip(path, 4096);
  const cut = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return cut >= 0 ? p.slice(cut + 1) : p;
}

/** Lowercase, forward slashes: the form install-path fragments are compared in. */
export function normalizePath(path: string): string {
  return clip(path, 4096).replace(/\\/g, '/').toLowerCase();
}

/** A process or executable name as the matcher compares it: lowercase, without `.exe` / `.app`. */
export function normalizeProcessName(name: string): string {
  return clip(name, 256)
    .trim()
    .toLowerCase()
    .replace(/\.(exe|app|appimage|cmd|bat)$/, '');
}

/** A publisher or signing identity compared without case, punctuation or the Apple prefix. */
export function normalizeSigner(signer: string): string {
  let s = clip(signer, 512).trim();
  const cn = /(?:^|[,/]\s*)CN=("?)([^"]*?)\1(?:,\s*(?:O|OU|L|S|ST|C|E|SERIALNUMBER)=|$)/i.exec(s);
  if (cn?.[2]) s = cn[2];
  s = s.replace(/^(Developer ID Application|Apple Development|Apple Distribution|Mac Developer|3rd Party Mac Developer Application):\s*/i, '');
  s = s.replace(/\s*\([A-Z0-9]{10}\)\s*$/, '');
  return s
    .toLowerCase()
    .replace(/[.,"']/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The Team ID in an Apple signing authority such as `Developer ID Application: Name (ABCDE12345)`. */
export function teamIdFromSigner(signer: string): string | undefined {
  return /\(([A-Z0-9]{10})\)\s*$/.exec(clip(signer, 512))?.[1];
}
