import type { ListeningSocket } from '@sluice/agent-core';

/**
 * Parses `lsof -nP -iTCP -sTCP:LISTEN -F pcn` field output: `p` starts a process, `f` a file, and
 * `n` carries the address (`127.0.0.1:11434`, `*:8080`, `[::1]:1234`).
 */
export function parseLsofListen(text: string): ListeningSocket[] {
  const out: ListeningSocket[] = [];
  const seen = new Set<string>();
  let pid: number | undefined;
  for (const line of text.split('\n')) {
    const tag = line[0];
    const value = line.slice(1);
    if (tag === 'p') pid = Number(value);
    else if (tag === 'n' && pid !== undefined) {
      const m = /^(\[([0-9a-f:.]+)\]|([^:]+)):(\d+)$/i.exec(value.trim());
      if (!m) continue;
      const v6 = m[2] !== undefined;
      const host = m[2] ?? m[3] ?? '';
      const port = Number(m[4]);
      if (!(port > 0 && port < 65_536)) continue;
      const address = host === '*' ? (v6 ? '::' : '0.0.0.0') : host;
      const family: 4 | 6 = v6 || address.includes(':') ? 6 : 4;
      const key = `${pid}|${address}|${port}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ pid, port, address, family });
    }
  }
  return out;
}
