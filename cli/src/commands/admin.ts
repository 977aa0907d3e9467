import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SluiceError } from '@sluice/shared';
import { adminRequest, collectorUrl } from '../admin-client.js';
import { defineCommand, integerOption, stringOption, UsageError, writeLine } from '../command.js';

const common = { url: { type: 'string' }, json: { type: 'boolean' } } as const;

export const tokenCreate = defineCommand({
  path: ['token', 'create'],
  summary: 'Create an enrollment token (admin token from SLUICE_ADMIN_TOKEN).',
  usage: ['token create --url URL [--ttl-hours N] [--max-uses N] [--note TEXT] [--json]'],
  options: { ...common, 'ttl-hours': { type: 'string' }, 'max-uses': { type: 'string' }, note: { type: 'string' } },
  async run(args, io) {
    const url = collectorUrl(args, io);
    const body: Record<string, unknown> = {};
    if (stringOption(args, 'ttl-hours') !== undefined) body.ttlHours = integerOption(args, 'ttl-hours', 0, 1, 24 * 365);
    if (stringOption(args, 'max-uses') !== undefined) body.maxUses = integerOption(args, 'max-uses', 0, 1, 1_000_000);
    if (stringOption(args, 'note') !== undefined) body.note = stringOption(args, 'note');
    const created = (await adminRequest(io, url, '/v1/enrollment-tokens', { method: 'POST', body })) as { id: string; token: string; expiresAt: number };
    if (args.values.json === true) {
      writeLine(io.stdout, JSON.stringify({ token: created.token, id: created.id, expiresAt: created.expiresAt }));
    } else {
      writeLine(io.stdout, `Enrollment token (expires ${new Date(created.expiresAt).toISOString()}, id ${created.id}):`);
      writeLine(io.stdout, `  ${created.token}`);
    }
    return 0;
  },
});

export const tokenRevoke = defineCommand({
  path: ['token', 'revoke'],
  summary: 'Revoke an enrollment token by id.',
  usage: ['token revoke ID --url URL'],
  options: { url: { type: 'string' } },
  allowPositionals: true,
  async run(args, io) {
    const id = args.positionals[0];
    if (!id || args.positionals.length > 1) throw new UsageError('Give exactly one token id.');
    await adminRequest(io, collectorUrl(args, io), `/v1/enrollment-tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
    writeLine(io.stdout, `Revoked enrollment token ${id}.`);
    return 0;
  },
});

interface ApiEvent {
  id: string;
  deviceId: string;
  user: string;
  type: string;
  time: number;
  payload: unknown;
}

export const eventsSearch = defineCommand({
  path: ['events', 'search'],
  summary: 'Search the timeline, newest first.',
  usage: ['events search --url URL [--device D] [--user U] [--type T] [--since ISO] [--until ISO] [--text Q] [--limit N] [--json]'],
  options: {
    ...common,
    device: { type: 'string' },
    user: { type: 'string' },
    type: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    text: { type: 'string' },
    limit: { type: 'string' },
  },
  async run(args, io) {
    const url = collectorUrl(args, io);
    const limit = integerOption(args, 'limit', 100, 1, 10_000_000);
    const params = new URLSearchParams();
    for (const name of ['device', 'user', 'type', 'since', 'until', 'text'] as const) {
      const value = stringOption(args, name);
      if (value !== undefined) params.set(name, value);
    }
    let printed = 0;
    let cursor: string | null = null;
    do {
      const page = new URLSearchParams(params);
      page.set('limit', String(Math.min(1_000, limit - printed)));
      if (cursor) page.set('cursor', cursor);
      const body = (await adminRequest(io, url, `/v1/events?${page}`)) as { events: ApiEvent[]; nextCursor: string | null };
      for (const e of body.events) {
        if (args.values.json === true) writeLine(io.stdout, JSON.stringify(e));
        else writeLine(io.stdout, `${new Date(e.time).toISOString()}  ${e.type.padEnd(22)} ${e.deviceId.slice(0, 8)}  ${e.user.padEnd(12)} ${JSON.stringify(e.payload).slice(0, 120)}`);
      }
      printed += body.events.length;
      cursor = body.nextCursor;
    } while (cursor && printed < limit);
    if (args.values.json !== true) writeLine(io.stderr, `${printed} event(s).`);
    return 0;
  },
});

function parseScope(value: string): unknown {
  if (value === 'all') return { kind: 'all' };
  const match = /^devices:(.+)$/.exec(value);
  if (match) return { kind: 'devices', devices: match[1]!.split(',').map((d) => d.trim()).filter(Boolean) };
  throw new UsageError('--scope must be "all" or "devices:ID[,ID…]".');
}

export const policyPush = defineCommand({
  path: ['policy', 'push'],
  summary: 'Store a policy document: the collector signs it and pushes it to agents in scope.',
  usage: ['policy push FILE --url URL [--scope all|devices:ID,…] [--json]'],
  options: { ...common, scope: { type: 'string' } },
  allowPositionals: true,
  async run(args, io) {
    const file = args.positionals[0];
    if (!file || args.positionals.length > 1) throw new UsageError('Give exactly one policy file.');
    let document: Record<string, unknown>;
    try {
      document = JSON.parse(readFileSync(resolve(io.cwd, file), 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new SluiceError('E_POLICY_INVALID', `Cannot read ${file} as JSON: ${(error as Error).message}`);
    }
    const scope = stringOption(args, 'scope');
    if (scope !== undefined) document = { ...document, scope: parseScope(scope) };
    const result = (await adminRequest(io, collectorUrl(args, io), '/v1/policies', { method: 'POST', body: document })) as {
      version: number;
      policyId: string;
      pushedTo: number;
    };
    if (args.values.json === true) writeLine(io.stdout, JSON.stringify(result));
    else writeLine(io.stdout, `Stored policy ${result.policyId} as version ${result.version}; pushed to ${result.pushedTo} online agent(s).`);
    return 0;
  },
});

export const devicesList = defineCommand({
  path: ['devices', 'list'],
  summary: 'List enrolled devices with version, policy and last contact.',
  usage: ['devices list --url URL [--json]'],
  options: common,
  async run(args, io) {
    const body = (await adminRequest(io, collectorUrl(args, io), '/v1/devices')) as { devices: Record<string, unknown>[] };
    for (const d of body.devices) {
      if (args.values.json === true) writeLine(io.stdout, JSON.stringify(d));
      else {
        const seen = typeof d.lastSeen === 'number' ? new Date(d.lastSeen).toISOString() : 'never';
        writeLine(io.stdout, `${d.id}  ${String(d.hostname).padEnd(20)} ${d.online ? 'online ' : 'offline'}  agent ${d.agentVersion ?? '-'}  policy ${d.policyVersion ?? '-'}  last seen ${seen}${d.revoked ? '  REVOKED' : ''}`);
      }
    }
    return 0;
  },
});

export const devicesRevoke = defineCommand({
  path: ['devices', 'revoke'],
  summary: 'Revoke a device: it is disconnected at once and refused afterwards.',
  usage: ['devices revoke ID --url URL'],
  options: { url: { type: 'string' } },
  allowPositionals: true,
  async run(args, io) {
    const id = args.positionals[0];
    if (!id || args.positionals.length > 1) throw new UsageError('Give exactly one device id.');
    const result = (await adminRequest(io, collectorUrl(args, io), `/v1/devices/${encodeURIComponent(id)}/revoke`, { method: 'POST' })) as {
      disconnected: boolean;
    };
    writeLine(io.stdout, `Revoked device ${id}${result.disconnected ? ' (disconnected)' : ''}.`);
    return 0;
  },
});
