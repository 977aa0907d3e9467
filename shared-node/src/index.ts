export * from './files.js';
export * from './config-loader.js';
export * from './logger.js';
