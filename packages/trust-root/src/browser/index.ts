// Browser-only pieces of @sigguard/trust-root (@sigguard/trust-root/browser): a TUF cache in IndexedDB.
export { IndexedDbTufCache, indexedDbTufCaches, DEFAULT_TUF_DATABASE } from './indexeddb-cache.ts';
