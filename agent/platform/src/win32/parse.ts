import type { CodeSignature, InstalledApp, ListeningSocket, ProcessEntry } from '@sluice/agent-core';

/** PowerShell's JSON for a DateTime: `/Date(1700000000000)/` (Windows PowerShell 5.1) or an ISO string (7.x). */
export function parsePsDate(value: unknown): number {
  if (typeof value === 'string') {
    const m = /^\/Date\((-?\d+)\)\/$/.exec(value);
    if (m) return Number(m[1]);
    const t = Date.parse(value);
    return Number.isFinite(t) ? t : 0;
  }
  if (value !== null && typeof value === 'object' && 'value' in value) return parsePsDate((value as { value: unknown }).value);
  return 0;
}

/** ConvertTo-Json gives an object for one item and an array for several. */
function items(json: string): Record<string, unknown>[] {
  const text = json.trim().replace(/^\uFEFF/, '');
  if (!text) return [];
  const value = JSON.parse(text) as unknown;
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object');
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

export interface Win32Process extends ProcessEntry {
  readonly exe?: string;
  readonly commandLine?: string;
}

/**
 * Parses `Get-CimInstance Win32_Process | Select-Object ProcessId,ParentProcessId,Name,ExecutablePath,
 * CommandLine,CreationDate | ConvertTo-Json -Compress`.
 */
export function parseWin32Processes(json: string): Win32Process[] {
  const out: Win32Process[] = [];
  for (const p of items(json)) {
    const pid = Number(p.ProcessId);
    if (!Number.isSafeInteger(pid)) continue;
    const exe = str(p.ExecutablePath);
    const commandLine = str(p.CommandLine);
    out.push({
      pid,
      ppid: Number(p.ParentProcessId) || 0,
      name: (str(p.Name) ?? '').slice(0, 256),
      startTime: parsePsDate(p.CreationDate),
      ...(exe ? { exe } : {}),
      ...(commandLine ? { commandLine } : {}),
    });
  }
  return out;
}

/** Parses `netstat -ano`: TCP rows in the LISTENING state, IPv4 and IPv6 (`[::1]:11434`). */
export function parseNetstat(text: string): ListeningSocket[] {
  const out: ListeningSocket[] = [];
  for (const line of text.split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    if (f[0] !== 'TCP' || f[3] !== 'LISTENING' || f.length < 5) continue;
    const m = /^(\[([0-9a-f:.%]+)\]|([0-9.]+)):(\d+)$/i.exec(f[1] ?? '');
    if (!m) continue;
    const v6 = m[2] !== undefined;
    const address = (m[2] ?? m[3] ?? '').replace(/%\d+$/, '');
    const port = Number(m[4]);
    const pid = Number(f[4]);
    if (!(port > 0 && port < 65_536)) continue;
    out.push({ port, address, family: v6 ? 6 : 4, ...(Number.isSafeInteger(pid) && pid > 0 ? { pid } : {}) });
  }
  return out;
}

/**
 * Parses `Get-AuthenticodeSignature -LiteralPath X | Select-Object Status,
 * @{n='Subject';e={$_.SignerCertificate.Subject}} | ConvertTo-Json -Compress`. Only a `Valid`
 * signature names a publisher: a broken or untrusted one proves nothing.
 */
export function parseAuthenticode(json: string): CodeSignature | undefined {
  const first = items(json)[0];
  if (!first) return undefined;
  const status = first.Status;
  const valid = status === 0 || status === 'Valid';
  const subject = str(first.Subject);
  if (!valid || !subject) return undefined;
  return { signer: subject };
}

/**
 * Parses `reg query <Uninstall key> /s`: a key line per installed program followed by indented
 * `Name    REG_SZ    value` lines.
 */
export function parseUninstallKeys(text: string): InstalledApp[] {
  const out: InstalledApp[] = [];
  let current: Record<string, string> | undefined;
  const flush = (): void => {
    if (current?.DisplayName) {
      const icon = current.DisplayIcon?.replace(/^"|"?(,\s*-?\d+)?$/g, '');
      out.push({
        via: 'uninstall-key',
        name: current.DisplayName,
        ...(current.InstallLocation ? { path: current.InstallLocation } : {}),
        ...(icon && /\.exe$/i.test(icon) ? { exe: icon } : {}),
        ...(current.Publisher ? { signer: current.Publisher } : {}),
        ...(current.DisplayVersion ? { version: current.DisplayVersion } : {}),
      });
    }
    current = undefined;
  };
  for (const line of text.split(/\r?\n/)) {
    if (/^HKEY_/.test(line)) {
      flush();
      current = {};
      continue;
    }
    const m = /^\s{2,}(\S(?:.*?\S)?)\s{2,}(REG_SZ|REG_EXPAND_SZ|REG_DWORD)\s{2,}(.*)$/.exec(line);
    if (m && current && m[1]) current[m[1]] = (m[3] ?? '').trim();
  }
  flush();
  return out;
}

/** Parses `Get-AppxPackage | Select-Object Name,PackageFamilyName,InstallLocation,Version,Publisher | ConvertTo-Json -Compress`. */
export function parseAppxPackages(json: string): InstalledApp[] {
  const out: InstalledApp[] = [];
  for (const p of items(json)) {
    const family = str(p.PackageFamilyName);
    if (!family) continue;
    const location = str(p.InstallLocation);
    const version = str(p.Version);
    out.push({ via: 'appx', name: str(p.Name) ?? family, packageFamilyName: family, ...(location ? { path: location } : {}), ...(version ? { version } : {}) });
  }
  return out;
}
