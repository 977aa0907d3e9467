export { buildApp, type BuildAppOptions } from './app.js';
export {
  CollectorConfigSchema,
  COLLECTOR_ENV,
  DEFAULT_COLLECTOR_PORT,
  loadCollectorConfig,
  type CollectorConfig,
  type CollectorConfigInput,
} from './config.js';
export { COLLECTOR_ERRORS } from './errors.js';
export { startCollector, ADMIN_TOKEN_FILE, type RunningCollector } from './server.js';
export { createSqliteStore, SqliteStore } from './storage/sqlite/sqlite-store.js';
export { migrate, MIGRATIONS, LATEST_SCHEMA_VERSION } from './storage/sqlite/migrations.js';
export type * from './storage/store.js';
