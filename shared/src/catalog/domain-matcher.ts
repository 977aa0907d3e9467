import { normalizeHost } from './url.js';

interface TrieNode<T> {
  children: Map<string, TrieNode<T>> | undefined;
  values: T[] | undefined;
}

export interface DomainHit<T> {
  /** The catalog domain that matched (`openai.com` for `api.openai.com`). */
  readonly domain: string;
  readonly value: T;
  /** True when the host is the catalog domain itself rather than one of its subdomains. */
  readonly exact: boolean;
}

export interface DomainMatcher<T> {
  /** The most specific catalog domain covering `host` (itself or a parent), or undefined. */
  match(host: string): DomainHit<T> | undefined;
  /** Every catalog domain covering `host`, most specific first. */
  matchAll(host: string): DomainHit<T>[];
  readonly size: number;
}

const node = <T>(): TrieNode<T> => ({ children: undefined, values: undefined });

/**
 * A reversed-label trie: `api.openai.com` is stored as com → openai → api, so a lookup walks at most
 * as many steps as the host has labels, whatever the catalog's size. A `*` label matches exactly one
 * label of the host (`bedrock-runtime.*.amazonaws.com`).
 */
export function createDomainMatcher<T>(entries: Iterable<readonly [string, T]>): DomainMatcher<T> {
  const root = node<T>();
  let size = 0;
  for (const [domain, value] of entries) {
    const labels = domain.toLowerCase().split('.').reverse();
    let at = root;
    for (const label of labels) {
      at.children ??= new Map();
      let next = at.children.get(label);
      if (!next) {
        next = node<T>();
        at.children.set(label, next);
      }
      at = next;
    }
    (at.values ??= []).push(value);
    size += 1;
  }

  function matchAll(host: string): DomainHit<T>[] {
    const normalized = normalizeHost(host);
    if (!normalized) return [];
    const labels = normalized.split('.').reverse();
    const hits: DomainHit<T>[] = [];
    // Frontier of (node, depth-consumed, matched-labels); wildcards make it a set, kept tiny.
    let frontier: { at: TrieNode<T>; path: string[] }[] = [{ at: root, path: [] }];
    for (let depth = 0; depth < labels.length && frontier.length > 0; depth += 1) {
      const label = labels[depth] ?? '';
      const next: { at: TrieNode<T>; path: string[] }[] = [];
      for (const { at, path } of frontier) {
        const exact = at.children?.get(label);
        if (exact) next.push({ at: exact, path: [...path, label] });
        const any = at.children?.get('*');
        if (any) next.push({ at: any, path: [...path, '*'] });
      }
      frontier = next.slice(0, 8);
      for (const { at, path } of frontier) {
        if (!at.values) continue;
        const domain = [...path].reverse().join('.');
        for (const value of at.values) hits.push({ domain, value, exact: depth === labels.length - 1 });
      }
    }
    return hits.reverse();
  }

  return {
    match: (host) => matchAll(host)[0],
    matchAll,
    size,
  };
}

/** True when `host` is `domain` or one of its subdomains (the policy's rule for domain lists). */
export function domainCovers(domain: string, host: string): boolean {
  const h = normalizeHost(host);
  const d = domain.toLowerCase();
  if (!h) return false;
  return h === d || h.endsWith(`.${d}`);
}


/** True when a URL path falls under one of an entry's path prefixes (`/chat` covers `/chat/x`). */
export function pathInScope(paths: readonly string[], path: string): boolean {
  return paths.some((p) => path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`));
}

/**
 * Picks the catalog entry for a URL among the hits for its host: the most specific domain wins; at
 * one domain, an entry scoped to the URL's path beats the unscoped one, and an entry linked to an
 * app beats one that is not. Without a path, scoped entries never match.
 */
export function resolveDomainHit<T extends { readonly paths?: readonly string[] | undefined; readonly app?: string | undefined }>(
  hits: readonly DomainHit<T>[],
  path: string | undefined,
): DomainHit<T> | undefined {
  let i = 0;
  while (i < hits.length) {
    const domain = hits[i]?.domain;
    let unscoped: DomainHit<T> | undefined;
    for (; i < hits.length && hits[i]?.domain === domain; i += 1) {
      const hit = hits[i];
      if (!hit) continue;
      if (hit.value.paths) {
        if (path !== undefined && pathInScope(hit.value.paths, path)) return hit;
      } else if (!unscoped || (!unscoped.value.app && hit.value.app)) unscoped = hit;
    }
    if (unscoped) return unscoped;
  }
  return undefined;
}
