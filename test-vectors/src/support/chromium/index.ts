// The headless-Chromium harness the browser tests of several packages share (a separate entry from
// ../index.ts so that only the tests that open a browser load playwright-core).
export * from './browser.ts';
export * from './server.ts';
