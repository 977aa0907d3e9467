import { join, resolve } from 'node:path';
import { loadLayeredConfig, type EnvBinding } from '@sluice/shared-node';
import { z } from 'zod';

const positive = z.number().int().positive();

export const AgentConfigSchema = z.strictObject({
  /** Folder for credentials, the outbox, the applied policy and status; created 0700. */
  dataDir: z.string().min(1),
  /** Overrides the collector URL recorded at enrollment (for example after a migration). */
  collectorUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** PEM file of the CA that must have signed the collector's certificate (pinning). */
  caFile: z.string().min(1).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  outbox: z
    .strictObject({
      /** Undelivered events kept at most; past it the oldest are evicted and the loss reported. */
      maxEvents: positive.default(1_000_000),
      maxBytes: positive.default(512 * 1024 * 1024),
    })
    .prefault({}),
  batch: z
    .strictObject({
      maxEvents: positive.max(100_000).default(500),
      maxBytes: positive.default(512 * 1024),
      /** How long new events wait for companions before a partial batch is sent. */
      delayMs: z.number().int().min(0).max(60_000).default(50),
    })
    .prefault({}),
  inFlight: z
    .strictObject({
      maxBatches: positive.max(1_000).default(8),
      maxEvents: positive.default(4_000),
    })
    .prefault({}),
  reconnect: z
    .strictObject({
      initialDelayMs: positive.default(500),
      maxDelayMs: positive.default(30_000),
    })
    .prefault({}),
  /** How often the outbox is checked for events written by other processes (`sluice agent test-event`). */
  pollIntervalMs: positive.default(500),
  /** Status file refresh, read by `sluice agent status`. */
  statusIntervalMs: positive.default(2_000),
});

export type AgentConfig = z.infer<typeof AgentConfigSchema>;
export type AgentConfigInput = z.input<typeof AgentConfigSchema>;

export const AGENT_ENV: Readonly<Record<string, EnvBinding>> = {
  SLUICE_AGENT_DATA_DIR: { key: 'dataDir' },
  SLUICE_COLLECTOR_URL: { key: 'collectorUrl' },
  SLUICE_CA_FILE: { key: 'caFile' },
  SLUICE_LOG_LEVEL: { key: 'logLevel' },
  SLUICE_OUTBOX_MAX_EVENTS: { key: 'outbox.maxEvents', kind: 'integer' },
  SLUICE_OUTBOX_MAX_BYTES: { key: 'outbox.maxBytes', kind: 'integer' },
};

export const AGENT_CONFIG_FILE = 'agent.json';

export interface AgentConfigSources {
  dataDir?: string;
  configFile?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  overrides?: Record<string, unknown>;
}

/** Defaults, then `agent.json` in the data folder (or `--config`), then SLUICE_* variables, then flags. */
export function loadAgentConfig(sources: AgentConfigSources = {}): AgentConfig {
  const env = sources.env ?? {};
  const cwd = sources.cwd ?? process.cwd();
  const dataDir = resolve(cwd, sources.dataDir ?? env.SLUICE_AGENT_DATA_DIR ?? 'data/agent');
  const config = loadLayeredConfig(AgentConfigSchema, {
    file: sources.configFile ? resolve(cwd, sources.configFile) : join(dataDir, AGENT_CONFIG_FILE),
    fileRequired: Boolean(sources.configFile),
    env,
    bindings: AGENT_ENV,
    overrides: { ...sources.overrides, dataDir },
  });
  if (config.caFile) config.caFile = resolve(cwd, config.caFile);
  return config;
}
