import { join, resolve } from 'node:path';
import { DEFAULT_LIMITS, HEARTBEAT_INTERVAL_MS, MAX_EDM_INDEXES, MAX_EVENT_BYTES } from '@sluice/shared';
import { loadLayeredConfig, type EnvBinding } from '@sluice/shared-node';
import { z } from 'zod';
import { collectorError } from './errors.js';

export const DEFAULT_COLLECTOR_PORT = 8470;

const positive = z.number().int().positive();

export const CollectorConfigSchema = z.strictObject({
  /** Folder for the database, the signing key and the admin token. */
  dataDir: z.string().min(1),
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65_535).default(DEFAULT_COLLECTOR_PORT),
  /** PEM files; when both are set the collector serves HTTPS and WSS only. */
  tls: z.strictObject({ certFile: z.string().min(1), keyFile: z.string().min(1) }).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  storage: z
    .strictObject({
      synchronous: z.enum(['full', 'normal']).default('full'),
    })
    .default({ synchronous: 'full' }),
  limits: z
    .strictObject({
      maxFrameBytes: positive.max(64 * 1024 * 1024).default(DEFAULT_LIMITS.maxFrameBytes),
      maxBatchEvents: positive.max(100_000).default(DEFAULT_LIMITS.maxBatchEvents),
      maxEventBytes: positive.max(16 * 1024 * 1024).default(MAX_EVENT_BYTES),
      maxInFlightEvents: positive.max(1_000_000).default(DEFAULT_LIMITS.maxInFlightEvents),
      maxProtocolErrors: positive.default(20),
      maxQueuedFrames: positive.default(64),
      helloTimeoutMs: positive.default(10_000),
      /** Largest HTTP request body (policies, enrollment). */
      maxBodyBytes: positive.default(1024 * 1024),
    })
    .prefault({}),
  ingest: z
    .strictObject({
      highWaterEvents: positive.default(50_000),
      lowWaterEvents: positive.default(10_000),
      maxTransactionEvents: positive.default(2_000),
      touchFlushMs: positive.default(1_000),
    })
    .prefault({}),
  heartbeatIntervalMs: positive.default(HEARTBEAT_INTERVAL_MS),
  enrollment: z
    .strictObject({
      /** Lifetime of a new enrollment token unless the request says otherwise. */
      defaultTtlHours: positive.max(24 * 365).default(24 * 7),
    })
    .prefault({}),
  /** Exact-data-match tables uploaded by admins (see docs/dlp.md). */
  edm: z
    .strictObject({
      /** Largest upload body: a table's values as JSON. */
      maxUploadBytes: positive.max(256 * 1024 * 1024).default(32 * 1024 * 1024),
      /** Values in one upload, all columns together. */
      maxValues: positive.max(5_000_000).default(1_000_000),
      /** Tables the collector holds; every policy names all of their indexes. */
      maxTables: positive.max(MAX_EDM_INDEXES).default(16),
    })
    .prefault({}),
});

export type CollectorConfig = z.infer<typeof CollectorConfigSchema>;
export type CollectorConfigInput = z.input<typeof CollectorConfigSchema>;

export interface ConfigSources {
  /** Values from command-line flags (highest precedence). */
  flags?: Partial<Pick<CollectorConfigInput, 'dataDir' | 'host' | 'port'>> & { configFile?: string };
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Environment variables the collector reads, and the configuration key each sets. */
export const COLLECTOR_ENV: Readonly<Record<string, EnvBinding>> = {
  SLUICE_DATA_DIR: { key: 'dataDir' },
  SLUICE_HOST: { key: 'host' },
  SLUICE_PORT: { key: 'port', kind: 'integer' },
  SLUICE_TLS_CERT: { key: 'tls.certFile' },
  SLUICE_TLS_KEY: { key: 'tls.keyFile' },
  SLUICE_LOG_LEVEL: { key: 'logLevel' },
  SLUICE_MAX_FRAME_BYTES: { key: 'limits.maxFrameBytes', kind: 'integer' },
  SLUICE_SQLITE_SYNCHRONOUS: { key: 'storage.synchronous' },
};

/**
 * Builds the configuration from defaults, then the file (`--config` or `collector.json` in the data
 * folder), then `SLUICE_*` environment variables, then flags. Errors name the offending key.
 */
export function loadCollectorConfig(sources: ConfigSources = {}): CollectorConfig {
  const env = sources.env ?? {};
  const cwd = sources.cwd ?? process.cwd();
  const { configFile, ...flags } = sources.flags ?? {};
  const dataDir = resolve(cwd, flags.dataDir ?? env.SLUICE_DATA_DIR ?? 'data/collector');
  const config = loadLayeredConfig(CollectorConfigSchema, {
    file: configFile ? resolve(cwd, configFile) : join(dataDir, 'collector.json'),
    fileRequired: Boolean(configFile),
    env,
    bindings: COLLECTOR_ENV,
    overrides: { ...flags, dataDir },
  });
  if (config.tls) {
    config.tls = { certFile: resolve(cwd, config.tls.certFile), keyFile: resolve(cwd, config.tls.keyFile) };
  }
  if (config.ingest.lowWaterEvents >= config.ingest.highWaterEvents) {
    throw collectorError('E_CONFIG_INVALID', 'ingest.lowWaterEvents must be below ingest.highWaterEvents.');
  }
  return config;
}
