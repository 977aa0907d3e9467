export * from './files.js';
export * from './config-loader.js';
export * from './logger.js';
export * from './http-client.js';
