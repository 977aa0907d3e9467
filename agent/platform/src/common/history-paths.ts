import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserProfile } from '@sluice/agent-core';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir).slice(0, 256);
  } catch {
    return [];
  }
}

/** Chromium keeps one `History` file per profile folder (`Default`, `Profile 1`…) under its user-data folder. */
export function chromiumProfiles(userData: string, browser: string): BrowserProfile[] {
  const out: BrowserProfile[] = [];
  for (const name of list(userData)) {
    if (name !== 'Default' && !/^Profile \d+$/.test(name)) continue;
    const path = join(userData, name, 'History');
    if (isFile(path)) out.push({ browser, kind: 'chromium', path });
  }
  return out;
}

/** Firefox keeps `places.sqlite` in each profile folder under its profiles folder. */
export function firefoxProfiles(profilesDir: string, browser = 'Firefox'): BrowserProfile[] {
  const out: BrowserProfile[] = [];
  for (const name of list(profilesDir)) {
    const path = join(profilesDir, name, 'places.sqlite');
    if (isFile(path)) out.push({ browser, kind: 'firefox', path });
  }
  return out;
}

export interface BrowserRoots {
  readonly chromium: readonly (readonly [string, string])[];
  readonly firefox: readonly string[];
}

export function profilesUnder(roots: BrowserRoots): BrowserProfile[] {
  return [...roots.chromium.flatMap(([dir, browser]) => chromiumProfiles(dir, browser)), ...roots.firefox.flatMap((dir) => firefoxProfiles(dir))];
}
