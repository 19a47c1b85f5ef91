// Test support shared by the packages' tests (Node only: servers, files, child processes), apart
// from the Sigstore instance itself (the package's main entry): what several packages' tests need
// lives here once; a helper only one package's tests use stays in that package's test/support.
export * from './artifacts.ts';
export * from './cosign-images.ts';
export * from './docker-registry.ts';
export * from './locations.ts';
export * from './module-graph.ts';
export * from './oci-server.ts';
export * from './policies.ts';
export * from './rekor-server.ts';
export * from './store-registry.ts';
