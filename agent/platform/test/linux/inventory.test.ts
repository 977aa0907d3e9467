import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linux } from '../../src/index.js';
import { tempDir } from '../support.js';

describe('Linux inventory', () => {
  it('parses desktop entries, Exec lines, dpkg status and extension folders', () => {
    expect(linux.parseDesktopEntry('[Desktop Entry]\nName=LM Studio\nName[de]=LM Studio DE\nExec=env A=1 "/opt/LM Studio/lm-studio" %U\n[Desktop Action x]\nName=Other\n')).toEqual({
      Name: 'LM Studio',
      Exec: 'env A=1 "/opt/LM Studio/lm-studio" %U',
    });
    expect(linux.execProgram('env A=1 "/opt/LM Studio/lm-studio" %U')).toBe('/opt/LM Studio/lm-studio');
    expect(linux.execProgram('%U')).toBeUndefined();
    expect(linux.parseDpkgStatus('Package: ollama\nStatus: install ok installed\nVersion: 0.9.6\n\nPackage: gone\nStatus: deinstall ok config-files\nVersion: 1\n')).toEqual([{ name: 'ollama', version: '0.9.6' }]);
    expect(linux.extensionIdFromFolder('GitHub.copilot-chat-0.31.2')).toBe('github.copilot-chat');
    expect(linux.extensionIdFromFolder('saoudrizwan.claude-dev-3.20.1-linux-x64')).toBe('saoudrizwan.claude-dev');
    expect(linux.extensionIdFromFolder('.obsolete')).toBeUndefined();
  });

  it('resolves a bare program name through PATH and symbolic links', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'share', 'cursor'), { recursive: true });
    writeFileSync(join(dir, 'share', 'cursor', 'cursor'), '#!/bin/sh\n');
    symlinkSync(join(dir, 'share', 'cursor', 'cursor'), join(dir, 'bin', 'cursor'));
    expect(linux.resolveProgram('cursor', `/nonexistent:${join(dir, 'bin')}`)).toBe(realpathSync(join(dir, 'share', 'cursor', 'cursor')));
    expect(linux.resolveProgram('missing-tool', join(dir, 'bin'))).toBeUndefined();
    expect(linux.resolveProgram('/opt/x/y', undefined)).toBe('/opt/x/y');
  });

  it('lists desktop files, catalogued dpkg packages with their binary, and editor extensions from a machine tree', async () => {
    const root = tempDir();
    const home = join(root, 'home', 'alice');
    mkdirSync(join(root, 'usr/share/applications'), { recursive: true });
    writeFileSync(join(root, 'usr/share/applications/lm-studio.desktop'), '[Desktop Entry]\nType=Application\nName=LM Studio\nExec=/opt/LM-Studio/lm-studio %U\n');
    writeFileSync(join(root, 'usr/share/applications/broken.desktop'), Buffer.from([0xff, 0xfe, 0x00, 0x5b]));
    writeFileSync(join(root, 'usr/share/applications/huge.desktop'), `[Desktop Entry]\nName=${'x'.repeat(200_000)}\n`);
    mkdirSync(join(root, 'var/lib/dpkg/info'), { recursive: true });
    writeFileSync(join(root, 'var/lib/dpkg/status'), 'Package: ollama\nStatus: install ok installed\nVersion: 0.9.6\n\nPackage: coreutils\nStatus: install ok installed\nVersion: 9.1\n');
    writeFileSync(join(root, 'var/lib/dpkg/info/ollama.list'), '/.\n/usr\n/usr/bin\n/usr/bin/ollama\n');
    mkdirSync(join(home, '.vscode/extensions/github.copilot-chat-0.31.2'), { recursive: true });
    const apps = await linux.createLinuxInventorySource({ home, root }).installed();
    expect(apps).toContainEqual(expect.objectContaining({ via: 'desktop-file', name: 'LM Studio', exe: '/opt/LM-Studio/lm-studio' }));
    expect(apps).toContainEqual({ via: 'dpkg', name: 'ollama', version: '0.9.6', exe: '/usr/bin/ollama' });
    expect(apps.some((a) => a.name === 'coreutils')).toBe(false);
    expect(apps).toContainEqual(expect.objectContaining({ via: 'vscode-extension', extensionId: 'github.copilot-chat' }));
    expect(apps.some((a) => a.path?.endsWith('huge.desktop'))).toBe(false);
  });
});
