// `node ../../scripts/build-browser-dist.mjs [--external NAME]...`, run in a package folder after tsup:
// builds dist/browser/index.js, the file the package's `browser` and `worker` export conditions name.
// It is src/index.ts bundled as packages/browser's bundle is (scripts/bundle.mjs): @sigstore/* (CommonJS,
// requiring Node's crypto and util, using a global Buffer) inlined on the synchronous shims of
// packages/browser/src/shims, ESM, engines behind dynamic import() split into dist/browser/chunks/. So
// esbuild, Rollup/Vite and webpack bundle the package for a browser or a worker with their default
// settings: nothing left to alias, define or inject (docs/runtimes.md). `--external` leaves a package
// to the user's bundler: cue-wasm (6 MB, a dependency anyway) and the @sigguard/* packages a package
// depends on (each has its own browser build). Not minified: the user's bundler minifies.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bundle } from '../packages/browser/scripts/bundle.mjs';

const { values } = parseArgs({ options: { external: { type: 'string', multiple: true, default: [] } } });
const pkgDir = process.cwd();
const report = await bundle({
  entry: join(pkgDir, 'src/index.ts'),
  outfile: join(pkgDir, 'dist/browser/index.js'),
  minify: false,
  external: values.external,
});
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `${report.file}: ${kb(report.bytes)} up front (${kb(report.gzip)} gzip -9), ${report.lazy.length} on-demand chunks`,
);
