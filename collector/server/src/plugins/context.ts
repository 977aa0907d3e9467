import type { AgentHub } from '../ingest/hub.js';
import type { PolicyKeys } from '../keys.js';
import type { Metrics } from '../metrics.js';
import type { Store } from '../storage/store.js';
import type { CollectorConfig } from '../config.js';
import type { PolicyService } from '../policy-service.js';
import type { EdmService } from '../edm-service.js';

/** What every route can reach, as typed decorators on the Fastify instance. */
export interface CollectorContext {
  config: CollectorConfig;
  store: Store;
  hub: AgentHub;
  keys: PolicyKeys;
  /** Organization salt for DLP evidence hashes; given to agents at enrollment only. */
  evidenceSalt: string;
  metrics: Metrics;
  policies: PolicyService;
  /** Exact-data-match tables: hashed into indexes, named by every policy. */
  edm: EdmService;
  now: () => number;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: CollectorContext;
  }
  interface FastifyRequest {
    /** Set by the admin authentication hook. */
    adminTokenId?: string;
    /** Set by device authentication (the WebSocket upgrade, index downloads). */
    deviceId?: string;
  }
}
