// esbuild `inject` file: every free `Buffer` identifier in the bundle (sigstore-js uses it
// without importing it) becomes this import, so the page's globalThis is never touched.
export { Buffer } from 'buffer';
