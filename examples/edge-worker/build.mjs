// Bundles worker.mjs and sigguard into dist/worker.js, the one module config.capnp serves.
//   node examples/edge-worker/build.mjs
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorker } from '../../packages/browser/scripts/worker-bundle.mjs';

export const EXAMPLE_DIR = dirname(fileURLToPath(import.meta.url));

/** Builds `outfile` (default dist/worker.js here); returns its size in bytes. */
export function buildEdgeWorker(outfile = join(EXAMPLE_DIR, 'dist/worker.js')) {
  return bundleWorker({ entry: join(EXAMPLE_DIR, 'worker.mjs'), outfile, minify: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bytes = await buildEdgeWorker();
  console.log(`dist/worker.js: ${(bytes / 1024 / 1024).toFixed(1)} MB`);
}
