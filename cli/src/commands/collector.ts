import { join } from 'node:path';
import { ADMIN_TOKEN_FILE, loadCollectorConfig, startCollector } from '@sluice/collector';
import { defineCommand, integerOption, stringOption, writeLine } from '../command.js';
import { untilSignal } from '../signals.js';

export const collectorStart = defineCommand({
  path: ['collector', 'start'],
  summary: 'Run the collector in the foreground (SQLite under the data folder).',
  usage: ['collector start [--data DIR] [--port N] [--host H] [--config FILE]'],
  options: {
    data: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    config: { type: 'string' },
  },
  async run(args, io) {
    const port = stringOption(args, 'port') === undefined ? undefined : integerOption(args, 'port', 0, 0, 65_535);
    const config = loadCollectorConfig({
      flags: {
        ...(stringOption(args, 'data') ? { dataDir: stringOption(args, 'data') } : {}),
        ...(port === undefined ? {} : { port }),
        ...(stringOption(args, 'host') ? { host: stringOption(args, 'host') } : {}),
        ...(stringOption(args, 'config') ? { configFile: stringOption(args, 'config') } : {}),
      },
      env: io.env,
      cwd: io.cwd,
    });
    const collector = await startCollector(config);
    writeLine(io.stdout, `Sluice collector listening on ${collector.url} (data in ${config.dataDir})`);
    if (collector.createdAdminToken) {
      writeLine(io.stdout, `Admin API token (shown once; also in ${join(config.dataDir, ADMIN_TOKEN_FILE)}, mode 0600):`);
      writeLine(io.stdout, `  ${collector.createdAdminToken}`);
    }
    const signal = await untilSignal();
    writeLine(io.stdout, `Received ${signal}; stopping the collector…`);
    await collector.close();
    return 0;
  },
});
