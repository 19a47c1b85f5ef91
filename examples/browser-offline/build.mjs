// Bundles app.mjs (and sigguard) for browsers into dist/, as @sigguard/browser's own build does.
// Serve this folder with any static file server afterwards (see README.md).
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleForBrowser } from '../../packages/browser/scripts/bundle.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** Builds into `outdir` (default ./dist); returns esbuild's result. */
export async function buildPage(outdir = here('dist')) {
  rmSync(outdir, { recursive: true, force: true });
  return bundleForBrowser({ app: here('app.mjs') }, outdir);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildPage();
  console.log(
    'built examples/browser-offline/dist/: serve this folder, e.g. `python3 -m http.server -d examples/browser-offline`',
  );
}
