// Public API: see this package's README.
export * from './trusted-root.ts';
export * from './public-good.ts';
