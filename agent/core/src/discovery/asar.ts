import { open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Os } from '@sluice/shared';
import type { AsarReader } from './sources.js';

/** Largest asar header read; Electron apps with tens of thousands of files stay well below. */
export const MAX_ASAR_HEADER_BYTES = 32 * 1024 * 1024;
/** Largest package.json read out of an archive. */
export const MAX_ASAR_PACKAGE_BYTES = 1024 * 1024;

async function readAt(file: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function packageName(text: string): string | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    if (value !== null && typeof value === 'object' && 'name' in value && typeof value.name === 'string' && value.name.length <= 214) {
      return value.name;
    }
  } catch {
    // not JSON: not an app package
  }
  return undefined;
}

/**
 * Reads the `name` of the package.json at the root of an asar archive. The format is Chromium's
 * Pickle: a 4-byte size, the header pickle's size, then a pickle holding the JSON header's length
 * and the header, which lists files with their offsets after the header.
 */
export async function readAsarPackageName(archive: string): Promise<string | undefined> {
  try {
    const head = await readAt(archive, 0, 16);
    if (head.length < 16 || head.readUInt32LE(0) !== 4) return undefined;
    const headerPickleSize = head.readUInt32LE(4);
    const jsonLength = head.readUInt32LE(12);
    if (jsonLength === 0 || jsonLength > MAX_ASAR_HEADER_BYTES || jsonLength + 8 > headerPickleSize) return undefined;
    const header = JSON.parse((await readAt(archive, 16, jsonLength)).toString('utf8')) as {
      files?: Record<string, { size?: unknown; offset?: unknown; unpacked?: unknown }>;
    };
    const entry = header.files?.['package.json'];
    if (!entry || typeof entry.size !== 'number' || entry.size > MAX_ASAR_PACKAGE_BYTES) return undefined;
    if (entry.unpacked === true) {
      return packageName(await readFile(join(`${archive}.unpacked`, 'package.json'), 'utf8'));
    }
    const offset = Number(entry.offset);
    if (!Number.isSafeInteger(offset) || offset < 0) return undefined;
    const body = await readAt(archive, 8 + headerPickleSize + offset, entry.size);
    return packageName(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Where an Electron executable keeps its resources, per OS. */
export function electronResourceDirs(exe: string, os: Os): string[] {
  const dir = os === 'win32' ? exe.replace(/[\\/][^\\/]*$/, '') : dirname(exe);
  if (os === 'darwin') {
    // …/Name.app/Contents/MacOS/Name → …/Name.app/Contents/Resources
    return /\/Contents\/MacOS$/.test(dir) ? [join(dir, '..', 'Resources')] : [join(dir, 'resources')];
  }
  return [os === 'win32' ? `${dir}\\resources` : join(dir, 'resources')];
}

/**
 * The default asar reader: `resources/app.asar` beside the executable (or an unpacked
 * `resources/app/package.json`), remembered per executable path.
 */
export function createAsarReader(os: Os): AsarReader {
  const cache = new Map<string, string | undefined>();
  return {
    async read(exe) {
      if (cache.has(exe)) return cache.get(exe);
      let name: string | undefined;
      for (const dir of electronResourceDirs(exe, os)) {
        const sep = os === 'win32' ? '\\' : '/';
        name = await readAsarPackageName(`${dir}${sep}app.asar`);
        if (name === undefined) {
          try {
            name = packageName(await readFile(`${dir}${sep}app${sep}package.json`, 'utf8'));
          } catch {
            name = undefined;
          }
        }
        if (name !== undefined) break;
      }
      if (cache.size > 4_096) cache.clear();
      cache.set(exe, name);
      return name;
    },
  };
}
