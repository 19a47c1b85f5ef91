// The sigguard facade's public API as a browser bundle sees it (export condition "browser"/default, not
// "node"): built by lazy-regexp.test.ts with the browser build options and imported in Node.
export {
  verifyBundle,
  verifyBundleSync,
  verifyImage,
  loadPolicies,
  loadGoRegExpEngine,
  parseTrustedRoot,
} from 'sigguard';
