import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestBytes, requestJson } from '../src/index.js';

let server: Server;
let base = '';
const seen: { method?: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ ...(req.method ? { method: req.method } : {}), body });
      if (req.url === '/announced') {
        res.writeHead(200, { 'content-length': '5000' });
        res.end('x'.repeat(5000));
      } else if (req.url === '/chunked') {
        // No length announced: the bound applies while reading.
        res.writeHead(200);
        for (let i = 0; i < 10; i++) res.write('y'.repeat(1000));
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ echo: body }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('requestBytes', () => {
  it('returns the exact bytes of a body within the bound', async () => {
    const response = await requestBytes(`${base}/announced`, { maxResponseBytes: 5000 });
    expect(response.status).toBe(200);
    expect(response.body.equals(Buffer.from('x'.repeat(5000)))).toBe(true);
  });

  it('refuses a body larger than the bound, announced or not, with the code asked for', async () => {
    await expect(requestBytes(`${base}/announced`, { maxResponseBytes: 4999, tooLargeCode: 'E_TEST_TOO_LARGE' })).rejects.toMatchObject({ code: 'E_TEST_TOO_LARGE' });
    await expect(requestBytes(`${base}/chunked`, { maxResponseBytes: 2000, tooLargeCode: 'E_TEST_TOO_LARGE' })).rejects.toMatchObject({ code: 'E_TEST_TOO_LARGE' });
    await expect(requestBytes(`${base}/chunked`, { maxResponseBytes: 2000 })).rejects.toMatchObject({ code: 'E_COLLECTOR_UNREACHABLE' });
  });
});

describe('requestJson', () => {
  it('sends a JSON body with the method asked for and parses the answer', async () => {
    const response = await requestJson(`${base}/echo`, { method: 'PUT', body: { a: 1 } });
    expect(response).toEqual({ status: 200, body: { echo: '{"a":1}' } });
    expect(seen[seen.length - 1]?.method).toBe('PUT');
  });

  it('reports an unreachable server with a code', async () => {
    await expect(requestJson('http://127.0.0.1:1/x', { timeoutMs: 2_000 })).rejects.toMatchObject({ code: 'E_COLLECTOR_UNREACHABLE' });
  });
});
