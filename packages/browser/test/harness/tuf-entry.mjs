// What the IndexedDB TUF cache page imports, bundled for the browser by bundleForBrowser().
export { loadTrustRootFromTuf, MemoryTufCache } from '@sigguard/trust-root';
export { indexedDbTufCaches } from '@sigguard/trust-root/browser';
