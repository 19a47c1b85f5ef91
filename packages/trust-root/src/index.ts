// Public API: see this package's README.
export {};
