// Node-only helpers of @sigguard/trust-root: files and an on-disk TUF cache.
export { FileTufCache, defaultTufCacheDir, fileTufCaches } from './file-cache.ts';
export { loadTrustRootFile, loadTrustRootsFile, type LoadTrustRootFileOptions } from './load-file.ts';
