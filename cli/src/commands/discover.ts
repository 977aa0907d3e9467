import { discoverNow, type DiscoveryReport } from '@sluice/agent-core';
import { createPlatform } from '@sluice/agent-platform';
import type { FingerprintMatch } from '@sluice/shared';
import { defineCommand, writeLine } from '../command.js';

function evidence(match: FingerprintMatch): string {
  return match.evidence
    .slice(0, 4)
    .map((e) => `${e.signal}=${e.value.length > 60 ? `${e.value.slice(0, 57)}...` : e.value}`)
    .join(', ');
}

function line(match: FingerprintMatch, where: string): string {
  return `  ${match.app ?? match.name}  [${match.kind}, ${match.confidence} ${match.score.toFixed(2)}]  ${where}\n      evidence: ${evidence(match)}`;
}

function printText(report: DiscoveryReport, out: NodeJS.WritableStream): void {
  writeLine(out, `AI on this machine (${report.os}), ${new Date(report.time).toISOString()}`);
  writeLine(out, `\nRunning (${report.processes.length}):`);
  for (const p of report.processes) writeLine(out, line(p.match, `pid ${p.pid} ${p.exe ?? p.name}${p.user ? ` (${p.user})` : ''}`));
  writeLine(out, `\nListening (${report.listening.length}):`);
  for (const l of report.listening) writeLine(out, line(l.match, `pid ${l.pid} ${l.address}:${l.port} ${l.exposure}${l.protocol ? ` speaks ${l.protocol}` : ''}`));
  writeLine(out, `\nInstalled (${report.installed.length}):`);
  for (const i of report.installed) writeLine(out, line(i.match, `${i.via} ${i.path ?? ''}${i.version ? ` ${i.version}` : ''}`));
  writeLine(out, `\nConfiguration and model folders (${report.folders.length}):`);
  for (const f of report.folders) writeLine(out, `  ${f.app}  ${f.role}  ${f.path}`);
  writeLine(out, `\nModel files (${report.modelFiles.length}):`);
  for (const m of report.modelFiles) writeLine(out, `  ${m.format}  ${m.sizeBytes} bytes  ${m.app ?? ''}  ${m.path}`);
  writeLine(out, '\nForeground window:');
  if (report.window?.match) writeLine(out, line(report.window.match, report.window.owner ?? ''));
  else writeLine(out, report.window ? '  no AI app or site' : '  not available');
  for (const u of report.unavailable) writeLine(out, `\nUnavailable: ${u.source}: ${u.reason}`);
}

export const discoverCommand = defineCommand({
  path: ['discover'],
  summary: 'Show what AI is installed, running, listening and in the foreground on this machine now, with evidence.',
  usage: ['discover [--json]'],
  options: { json: { type: 'boolean' } },
  async run(args, io) {
    const { discovery } = createPlatform({ env: io.env });
    const report = await discoverNow(discovery);
    if (args.values.json === true) writeLine(io.stdout, JSON.stringify(report));
    else printText(report, io.stdout);
    return 0;
  },
});
