import { z } from 'zod';
import { AI_ASSISTANT_APPS } from './entries/apps-assistants.js';
import { CODING_APPS } from './entries/apps-coding.js';
import { MCP_SERVER_APPS } from './entries/apps-mcp.js';
import { RUNTIME_APPS } from './entries/apps-runtimes.js';
import { WEB_APPS } from './entries/apps-web.js';
import { DOMAIN_GROUPS } from './entries/domains.js';
import { PROBE_SPECS } from './probes.js';
import {
  AppEntrySchema,
  DomainGroupSchema,
  ProbeSpecSchema,
  type AppEntry,
  type AppEntryInput,
  type DomainGroup,
  type ProbeSpec,
} from './schema.js';

export const CATALOG_VERSION = 1;

export const CatalogSchema = z
  .strictObject({
    version: z.literal(CATALOG_VERSION),
    apps: z.array(AppEntrySchema),
    domains: z.array(DomainGroupSchema),
    probes: z.array(ProbeSpecSchema),
  })
  .superRefine((catalog, ctx) => {
    const ids = new Set<string>();
    for (const app of catalog.apps) {
      if (ids.has(app.id)) ctx.addIssue({ code: 'custom', message: `duplicate app id ${app.id}` });
      ids.add(app.id);
    }
    for (const group of catalog.domains) {
      if (group.app && !ids.has(group.app)) ctx.addIssue({ code: 'custom', message: `domain group names unknown app ${group.app}` });
    }
    for (const probe of catalog.probes) {
      for (const id of [probe.app, ...(probe.refine ?? []).map((r) => r.app)]) {
        if (id && !ids.has(id)) ctx.addIssue({ code: 'custom', message: `probe ${probe.id} names unknown app ${id}` });
      }
    }
    const probeIds = new Set(catalog.probes.map((p) => p.id));
    for (const app of catalog.apps) {
      for (const group of app.signals) {
        for (const port of group.ports ?? []) {
          for (const p of port.probes) {
            if (!probeIds.has(p)) ctx.addIssue({ code: 'custom', message: `${app.id} names unknown probe ${p}` });
          }
        }
      }
    }
  });
export type Catalog = z.infer<typeof CatalogSchema>;

/** The raw data, before validation (tests and the snapshot read this). */
export function rawCatalog(): { version: number; apps: readonly AppEntryInput[]; domains: readonly DomainGroup[]; probes: readonly ProbeSpec[] } {
  return {
    version: CATALOG_VERSION,
    apps: [...AI_ASSISTANT_APPS, ...CODING_APPS, ...RUNTIME_APPS, ...MCP_SERVER_APPS, ...WEB_APPS],
    domains: DOMAIN_GROUPS,
    probes: PROBE_SPECS,
  };
}

let cached: Catalog | undefined;

/** The built-in catalog, validated once. Throws only if the checked-in data is broken (a test catches it). */
export function builtinCatalog(): Catalog {
  cached ??= CatalogSchema.parse(rawCatalog());
  return cached;
}

export function findApp(id: string, catalog: Catalog = builtinCatalog()): AppEntry | undefined {
  return catalog.apps.find((a) => a.id === id);
}
