// Entry of the browser bundle built by trust-root-air-gapped-chromium.test.ts: the air-gapped path only.
export { loadTrustRootsFromYaml, TrustRootLoadError } from '@sigguard/trust-root';
