import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APP_KINDS, builtinCatalog, CatalogSchema, compileCatalog, pathFragment, rawCatalog } from '../../src/index.js';

const catalog = builtinCatalog();
const SNAPSHOT = new URL('../../src/catalog/ai-catalog.json', import.meta.url);

/** Process names that many unrelated programs use: they may never identify an app. */
const GENERIC_NAMES = ['node', 'python', 'python3', 'java', 'electron', 'code', 'main', 'server', 'app', 'helper', 'bash', 'sh', 'cli', 'index', 'run', 'start', 'chat', 'q'];

describe('the built-in catalog', () => {
  it('validates against its schema, including cross references', () => {
    expect(CatalogSchema.safeParse(rawCatalog()).success).toBe(true);
  });

  it('has at least 80 apps, CLIs, IDE agents and runtimes, of every kind', () => {
    const nonWeb = catalog.apps.filter((a) => a.kind !== 'web_app');
    expect(nonWeb.length).toBeGreaterThanOrEqual(80);
    for (const kind of APP_KINDS) expect(catalog.apps.some((a) => a.kind === kind), kind).toBe(true);
  });

  it('has at least 300 distinct AI web domains, each with a vendor and a source', () => {
    const domains = new Set<string>();
    for (const g of catalog.domains) {
      expect(g.vendor.length).toBeGreaterThan(0);
      expect(g.source.length).toBeGreaterThan(0);
      for (const d of g.domains) domains.add(d);
    }
    for (const a of catalog.apps) for (const s of a.signals) for (const d of s.domains ?? []) domains.add(d);
    expect(domains.size).toBeGreaterThanOrEqual(300);
  });

  it('uses every kind of signal the matcher knows somewhere', () => {
    const has = (pick: (s: (typeof catalog.apps)[number]['signals'][number]) => unknown): boolean =>
      catalog.apps.some((a) => a.signals.some((s) => {
        const v = pick(s);
        return Array.isArray(v) ? v.length > 0 : v !== undefined;
      }));
    expect(has((s) => s.processNames)).toBe(true);
    expect(has((s) => s.bundleIds)).toBe(true);
    expect(has((s) => s.teamIds)).toBe(true);
    expect(has((s) => s.publishers)).toBe(true);
    expect(has((s) => s.packageFamilyNames)).toBe(true);
    expect(has((s) => s.installPaths)).toBe(true);
    expect(has((s) => s.asarNames)).toBe(true);
    expect(has((s) => s.cmdlineMarkers)).toBe(true);
    expect(has((s) => s.ports)).toBe(true);
    expect(has((s) => s.configPaths)).toBe(true);
    expect(has((s) => s.modelPaths)).toBe(true);
    expect(has((s) => s.domains)).toBe(true);
    expect(has((s) => s.extensionIds)).toBe(true);
  });

  it('names the coding agents the issue lists by their command-line packages', () => {
    const markers = new Set(catalog.apps.flatMap((a) => a.signals.flatMap((s) => s.cmdlineMarkers ?? [])));
    for (const m of ['@anthropic-ai/claude-code', '@openai/codex', '@google/gemini-cli', '@github/copilot']) expect(markers.has(m), m).toBe(true);
  });

  it('never identifies an app by a generic process name', () => {
    for (const a of catalog.apps) {
      for (const s of a.signals) {
        for (const names of Object.values(s.processNames ?? {})) {
          for (const n of names) expect(GENERIC_NAMES, `${a.id}: ${n}`).not.toContain(n.toLowerCase().replace(/\.exe$/, ''));
        }
      }
    }
  });

  it('keeps install and model paths specific enough to mean one app', () => {
    for (const a of catalog.apps) {
      for (const s of a.signals) {
        for (const group of [s.installPaths, s.modelPaths]) {
          for (const paths of Object.values(group ?? {})) {
            for (const p of paths) {
              const { fragment } = pathFragment(p);
              expect(fragment.length, `${a.id}: ${p}`).toBeGreaterThanOrEqual(8);
              expect(['/applications/', '/program files/', '/appdata/local/programs/', '/.local/bin/'], `${a.id}: ${p}`).not.toContain(fragment);
            }
          }
        }
      }
    }
  });

  it('records a source for every group of facts', () => {
    for (const a of catalog.apps) for (const s of a.signals) expect(s.source, a.id).toMatch(/^(https:\/\/|product: )/);
  });

  it('compiles without collisions that would make one bundle id or marker mean two vendors', () => {
    const compiled = compileCatalog(catalog);
    for (const [bundle, apps] of compiled.bundleIds) expect(apps.length, bundle).toBe(1);
    const markerOwners = new Map<string, Set<string>>();
    for (const { marker, app } of compiled.markers) {
      const vendor = compiled.apps.get(app)?.vendor ?? '';
      markerOwners.set(marker, (markerOwners.get(marker) ?? new Set()).add(vendor));
    }
    for (const [marker, vendors] of markerOwners) expect(vendors.size, marker).toBe(1);
  });

  it('matches the checked-in JSON snapshot (set UPDATE_CATALOG_SNAPSHOT=1 to regenerate)', () => {
    const current = `${JSON.stringify(catalog, null, 2)}\n`;
    if (process.env.UPDATE_CATALOG_SNAPSHOT === '1') writeFileSync(SNAPSHOT, current);
    const checkedIn = readFileSync(SNAPSHOT, 'utf8');
    expect(JSON.parse(checkedIn)).toEqual(JSON.parse(current));
  });
});
