import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { DEFAULT_POLICY_INPUT } from '@sluice/shared';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { CollectorConfig } from './config.js';
import { collectorError } from './errors.js';
import { createLogger, ensurePrivateDir, writePrivateFile, type Logger } from '@sluice/shared-node';
import { AgentHub } from './ingest/hub.js';
import { loadOrCreateEvidenceSalt, loadOrCreatePolicyKeys } from './keys.js';
import { EdmService } from './edm-service.js';
import { createMetrics } from './metrics.js';
import { PolicyService } from './policy-service.js';
import { hashToken, newId, newToken } from './secrets.js';
import { createSqliteStore } from './storage/sqlite/sqlite-store.js';
import type { Store } from './storage/store.js';
import type { CollectorContext } from './plugins/context.js';

export const ADMIN_TOKEN_FILE = 'admin.token';

export interface RunningCollector {
  readonly app: FastifyInstance;
  readonly ctx: CollectorContext;
  /** The URL agents and the CLI use, for example http://127.0.0.1:8470. */
  readonly url: string;
  /** Set only on the first start, when the admin token was just created. */
  readonly createdAdminToken: string | undefined;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  now?: () => number;
}

/** Creates the first admin token when none exists; it is shown once and stored only as a hash. */
async function ensureAdminToken(store: Store, dataDir: string, now: number): Promise<string | undefined> {
  if ((await store.countAdminTokens()) > 0) return undefined;
  const token = newToken('admin');
  await store.createAdminToken({ id: newId(), hash: hashToken(token), createdAt: now, note: 'created on first start' });
  writePrivateFile(join(dataDir, ADMIN_TOKEN_FILE), `${token}\n`);
  return token;
}

function readTls(config: CollectorConfig): { cert: Buffer; key: Buffer } | undefined {
  if (!config.tls) return undefined;
  try {
    return { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) };
  } catch (error) {
    throw collectorError('E_TLS_FILES', (error as Error).message);
  }
}

/** Opens storage and keys, prepares first-start state, and listens. */
export async function startCollector(config: CollectorConfig, options: StartOptions = {}): Promise<RunningCollector> {
  const logger = options.logger ?? createLogger('collector', config.logLevel);
  const now = options.now ?? Date.now;
  const https = readTls(config);
  ensurePrivateDir(config.dataDir);
  const store = createSqliteStore(
    { file: join(config.dataDir, 'collector.db'), synchronous: config.storage.synchronous },
    (message) => logger.error({ err: message }, 'WAL checkpoint failed'),
  );
  const keys = loadOrCreatePolicyKeys(config.dataDir, (m) => logger.warn(m));
  const evidenceSalt = loadOrCreateEvidenceSalt(config.dataDir, (m) => logger.warn(m));
  const metrics = createMetrics();
  const hub = new AgentHub({
    store,
    metrics,
    log: logger.child({ subsystem: 'ingest' }),
    limits: config.limits,
    writer: config.ingest,
    heartbeatIntervalMs: config.heartbeatIntervalMs,
    touchFlushMs: config.ingest.touchFlushMs,
    now,
  });
  const policies = new PolicyService(store, keys, hub, now);
  const edm = new EdmService(store, policies, config.edm, evidenceSalt, now);
  const ctx: CollectorContext = { config, store, hub, keys, evidenceSalt, metrics, policies, edm, now };
  const createdAdminToken = await ensureAdminToken(store, config.dataDir, now());
  if ((await store.maxPolicyVersion()) === 0) {
    const first = await policies.publish(DEFAULT_POLICY_INPUT);
    logger.info({ version: first.policy.version }, 'stored the recommended default policy');
  }
  const app = await buildApp({ ctx, logger, ...(https ? { https } : {}) });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${https ? 'https' : 'http'}://${host}:${address.port}`;
  let closing: Promise<void> | undefined;
  return {
    app,
    ctx,
    url,
    createdAdminToken,
    close: () => {
      closing ??= (async () => {
        await hub.close();
        await app.close();
        await store.close();
      })();
      return closing;
    },
  };
}
