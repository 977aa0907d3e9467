export { EdmIndexes, NO_EDM_INDEXES, type EdmDetectorSource, type EdmIndexesOptions, type EdmIndexStatus } from './edm-indexes.js';
export { downloadEdmIndex, type CollectorTarget } from './download.js';
export { EDM_CACHE_DIR, edmCacheDir } from './cache.js';
export { verifyEdmIndex } from './verify.js';
