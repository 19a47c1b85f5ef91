// Bundles a Worker script for workerd (or any edge runtime without Node builtins) into ONE ES
// module: workerd loads only the modules its config lists, so the on-demand engines (RE2, Rego host,
// CUE) are inlined behind their import() instead of split into chunks. Until the packages carry
// `worker`/`browser` export conditions, this reuses the browser build's shims (crypto, util, Buffer);
// then it becomes a plain esbuild call with `conditions: ['worker', 'browser']`.
import { build } from 'esbuild';
import { browserBuildOptions } from './bundle.mjs';

/** Bundles `entry` into `outfile`; returns the output's size in bytes. */
export async function bundleWorker({ entry, outfile, minify = false }) {
  const result = await build({ ...browserBuildOptions({ minify }), entryPoints: [entry], outfile, splitting: false });
  return Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
}
