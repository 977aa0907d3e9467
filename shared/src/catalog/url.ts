import { clip } from './text.js';

/** Longest URL the parser reads; browsers cap theirs near 2 MB, but the host is always near the start. */
const MAX_URL_CHARS = 8192;

export interface ParsedUrl {
  /** Lowercase host without port, brackets or trailing dot; IP literals are kept as written. */
  readonly host: string;
  /** Path without query or fragment, starting with `/`. */
  readonly path: string;
}

const HOST_LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/**
 * Normalizes a host name: lowercase, no trailing dot, every label plausible. Returns undefined for
 * anything that is not a DNS name (IP literals included), so the domain matcher never sees junk.
 */
export function normalizeHost(host: string): string | undefined {
  let h = clip(host, 300).trim().toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (h.length === 0 || h.length > 253) return undefined;
  const labels = h.split('.');
  if (labels.length < 2) return undefined;
  for (const label of labels) if (!HOST_LABEL.test(label)) return undefined;
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) return undefined;
  return h;
}

/**
 * Reads the host and path of a URL without the platform's URL class (shared runs in browsers and Node
 * and must not throw on odd input). Accepts bare hosts (`claude.ai/new`) as browsers' address bars do.
 */
export function parseUrl(url: string): ParsedUrl | undefined {
  let rest = clip(url, MAX_URL_CHARS).trim();
  const scheme = /^([a-z][a-z0-9+.-]{0,31}):/i.exec(rest);
  if (scheme) {
    const name = (scheme[1] ?? '').toLowerCase();
    if (name !== 'http' && name !== 'https' && name !== 'ws' && name !== 'wss') {
      // A bare `host:port/path` looks like a scheme; anything else (about:, file:, data:) has no host.
      if (!/^[a-z0-9.-]+:\d{1,5}(?:[/?#]|$)/i.test(rest)) return undefined;
    } else {
      rest = rest.slice(scheme[0].length);
    }
  }
  rest = rest.replace(/^[/\\]{0,3}/, '');
  const end = rest.search(/[/\\?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const afterAuthority = end < 0 ? '' : rest.slice(end);
  const at = authority.lastIndexOf('@');
  let hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  if (hostPort.startsWith('[')) return undefined;
  const colon = hostPort.lastIndexOf(':');
  if (colon >= 0) hostPort = hostPort.slice(0, colon);
  let host = hostPort;
  if (host.includes('%')) {
    try {
      host = decodeURIComponent(host);
    } catch {
      return undefined;
    }
  }
  const normalized = normalizeHost(host);
  if (!normalized) return undefined;
  const pathEnd = afterAuthority.search(/[?#]/);
  let path = (pathEnd < 0 ? afterAuthority : afterAuthority.slice(0, pathEnd)).replace(/\\/g, '/');
  if (!path.startsWith('/')) path = `/${path}`;
  return { host: normalized, path: clip(path, 1024) };
}

/** The host of a URL, or undefined when it has none. */
export function hostFromUrl(url: string): string | undefined {
  return parseUrl(url)?.host;
}
