import type { DestinationClass, Policy } from '../policy/policy.js';
import { builtinCompiledCatalog, type CompiledCatalog } from './compiled.js';
import { resolveDomainHit } from './domain-matcher.js';
import type { FingerprintMatch } from './fingerprint.js';
import { normalizeHost } from './url.js';

/** What the current policy says about an AI app or site. */
export const AI_CLASSIFICATIONS = ['sanctioned', 'unsanctioned', 'unknown'] as const;
export type AiClassification = (typeof AI_CLASSIFICATIONS)[number];

export type AiPolicy = Pick<Policy['ai'], 'sanctionedApps' | 'unsanctionedApps' | 'sanctionedDomains' | 'unsanctionedDomains'>;

/** The DLP engine's name for the same verdict. */
export function destinationClass(classification: AiClassification): DestinationClass {
  return classification === 'sanctioned' ? 'sanctioned_ai' : classification === 'unsanctioned' ? 'unsanctioned_ai' : 'unknown_ai';
}

/** Length of the longest listed domain covering `host`, or -1. */
function longestCover(list: readonly string[], host: string): number {
  let best = -1;
  for (const d of list) {
    if ((host === d || host.endsWith(`.${d}`)) && d.length > best) best = d.length;
  }
  return best;
}

/**
 * Classifies an app id. An app listed as unsanctioned is unsanctioned even if also listed as
 * sanctioned: a contradictory policy fails closed.
 */
export function classifyApp(policy: AiPolicy | undefined, app: string | null | undefined): AiClassification {
  if (!policy || !app) return 'unknown';
  if (policy.unsanctionedApps.includes(app)) return 'unsanctioned';
  if (policy.sanctionedApps.includes(app)) return 'sanctioned';
  return 'unknown';
}

/**
 * Classifies a host. The most specific listed domain wins (`chat.example.ai` sanctioned inside an
 * unsanctioned `example.ai`); an equal tie is unsanctioned. With no domain listed, the catalog app
 * that owns the domain decides.
 */
export function classifyDomain(
  policy: AiPolicy | undefined,
  host: string,
  catalog: CompiledCatalog = builtinCompiledCatalog(),
): AiClassification {
  if (!policy) return 'unknown';
  const h = normalizeHost(host);
  if (!h) return 'unknown';
  const bad = longestCover(policy.unsanctionedDomains, h);
  const good = longestCover(policy.sanctionedDomains, h);
  if (bad >= 0 && bad >= good) return 'unsanctioned';
  if (good >= 0) return 'sanctioned';
  const hit = resolveDomainHit(catalog.domains.matchAll(h), undefined);
  return classifyApp(policy, hit?.value.app);
}

/** Classifies a fingerprint match: by its app id first, then by the domain it was seen on. */
export function classifyMatch(
  policy: AiPolicy | undefined,
  match: Pick<FingerprintMatch, 'app' | 'domain'> | null,
  catalog: CompiledCatalog = builtinCompiledCatalog(),
): AiClassification {
  if (!policy || !match) return 'unknown';
  const byApp = classifyApp(policy, match.app);
  if (byApp !== 'unknown') return byApp;
  return match.domain ? classifyDomain(policy, match.domain, catalog) : 'unknown';
}
