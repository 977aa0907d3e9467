import { createServer as createTcpServer, type Socket } from 'node:net';
import { builtinCompiledCatalog } from '@sluice/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { httpGet, probePort, probeTarget } from '../../src/index.js';
import { close, fixedServer } from './servers.js';

const compiled = builtinCompiledCatalog();
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

describe('HTTP probe', () => {
  it('stops at the first answer a probe spec accepts', async () => {
    const { server, port, hits } = await fixedServer({ '/api/version': { body: '{"version":"0.5.7"}' } });
    cleanup.push(() => close(server));
    const results = await probePort(compiled, '127.0.0.1', port);
    expect(hits).toEqual(['/api/version']);
    expect(results).toEqual([{ status: 200, body: '{"version":"0.5.7"}', path: '/api/version', port }]);
  });

  it('asks at most maxRequests paths of a server that answers nothing useful', async () => {
    const { server, port, hits } = await fixedServer({});
    cleanup.push(() => close(server));
    const results = await probePort(compiled, '127.0.0.1', port, { maxRequests: 3 });
    expect(hits.length).toBe(3);
    expect(results.every((r) => r.status === 404)).toBe(true);
  });

  it('keeps at most maxBodyBytes of a huge answer', async () => {
    const { server, port } = await fixedServer({ '/big': { body: Buffer.alloc(5 * 1024 * 1024, 0x61) } });
    cleanup.push(() => close(server));
    const result = await httpGet('127.0.0.1', port, '/big', { maxBodyBytes: 1_000 });
    expect(result.status).toBe(200);
    expect(result.body.length).toBe(1_000);
  });

  it('gives up quickly on a port that accepts but never answers, and on a refused one', async () => {
    const sockets: Socket[] = [];
    const silent = createTcpServer((s) => void sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    cleanup.push(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(() => r(undefined)));
    });
    const started = Date.now();
    const results = await probePort(compiled, '127.0.0.1', port, { timeoutMs: 200 });
    expect(results).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect((await httpGet('127.0.0.1', 1, '/', { timeoutMs: 500 })).status).toBe(0);
  });

  it('only ever targets loopback', () => {
    expect(probeTarget('0.0.0.0', 4)).toBe('127.0.0.1');
    expect(probeTarget('127.0.0.53', 4)).toBe('127.0.0.1');
    expect(probeTarget('192.168.1.20', 4)).toBeUndefined();
    expect(probeTarget('::', 6)).toBe('::1');
    expect(probeTarget('fe80::1', 6)).toBeUndefined();
  });
});
