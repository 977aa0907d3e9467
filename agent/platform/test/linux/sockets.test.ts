import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { linux } from '../../src/index.js';

describe('/proc/net/tcp parsing', () => {
  it('decodes IPv4 and IPv6 listening rows and ignores the rest', () => {
    const tcp = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:2CAA 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 91234 1 0000000000000000 100 0 0 10 0',
      '   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1111 1 0000000000000000 100 0 0 10 0',
      '   2: 0100007F:2CAA 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000  1000        0 0 1 0000000000000000 20 4 30 10 -1',
    ].join('\n');
    expect(linux.parseNetTcp(tcp, 4)).toEqual([
      { address: '127.0.0.1', port: 11434, inode: 91234, family: 4 },
      { address: '0.0.0.0', port: 22, inode: 1111, family: 4 },
    ]);
    const tcp6 = [
      '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0',
      '   1: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4343 1 0000000000000000 100 0 0 10 0',
      '   2: 0000000000000000FFFF00000100007F:0051 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4444 1 0000000000000000 100 0 0 10 0',
    ].join('\n');
    expect(linux.parseNetTcp(tcp6, 6).map((r) => [r.address, r.port])).toEqual([
      ['::1', 8080],
      ['::', 80],
      ['::ffff:127.0.0.1', 81],
    ]);
    expect(linux.parseNetTcp('header\n garbage line\n', 4)).toEqual([]);
  });
});

describe.runIf(process.platform === 'linux')('Linux socket source (real /proc)', () => {
  it('finds this process listening on a random port, and attributes it only when asked about this pid', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const source = linux.createLinuxSocketSource();
      const unasked = (await source.listening(new Set([1]))).find((s) => s.port === port);
      expect(unasked).toMatchObject({ address: '127.0.0.1', family: 4 });
      expect(unasked?.pid).toBeUndefined();
      const asked = (await source.listening(new Set([process.pid]))).find((s) => s.port === port);
      expect(asked).toEqual({ port, address: '127.0.0.1', family: 4, pid: process.pid });
    } finally {
      server.close();
    }
  });

  it('notices a socket opened after the previous look, and one closed since', async () => {
    const source = linux.createLinuxSocketSource();
    const me = new Set([process.pid]);
    await source.listening(me);
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    expect((await source.listening(me)).find((s) => s.port === port)?.pid).toBe(process.pid);
    await new Promise<void>((r) => server.close(() => r()));
    expect((await source.listening(me)).some((s) => s.port === port)).toBe(false);
  });
});
