// Benchmarks @sigguard/predicate: cold (fresh process: engine start + first evaluation) and
// warm (engine loaded, policy compiled) CUE and Rego evaluation, and each engine's bundle size.
// Run: node scripts/bench-predicate.mjs [--json]   (Node 24: runs the TypeScript sources directly)
// Rego is measured on the OPA-ABI test double (no `opa` on these machines to build a real policy),
// so its numbers cover sigguard's OPA ABI host and its side, not a real compiled policy's work.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = join(root, 'packages/predicate');
const entry = pathToFileURL(join(pkg, 'src/index.ts')).href;
const doubleWasm = join(pkg, 'src/rego/testdata/opa-abi-test-double.wasm');
const json = process.argv.includes('--json');

const CUE_POLICY = `package sigstore
import "time"
before: time.Parse(time.RFC3339, "2049-10-09T17:10:27Z")
predicateType: "https://cosign.sigstore.dev/attestation/v1"
predicate: { Data: "foobar e2e test", Timestamp: <before }`;
const INPUT = {
  _type: 'https://in-toto.io/Statement/v0.1',
  predicateType: 'https://cosign.sigstore.dev/attestation/v1',
  subject: [{ name: 'registry.local:5000/demo', digest: { sha256: '41'.repeat(32) } }],
  predicate: { Data: 'foobar e2e test', Timestamp: '2022-04-20T18:17:19Z' },
};

// One cold evaluation in a fresh Node process; prints its wall time in ms.
function cold(engine) {
  const script = `
    const t0 = performance.now();
    const { evaluatePredicatePolicy } = await import(${JSON.stringify(entry)});
    const { readFileSync } = await import('node:fs');
    const policy = ${engine === 'cue'} ? { type: 'cue', data: ${JSON.stringify(CUE_POLICY)} }
      : { type: 'rego', wasm: new Uint8Array(readFileSync(${JSON.stringify(doubleWasm)})) };
    const input = ${engine === 'cue'} ? ${JSON.stringify(INPUT)} : true;
    const r = await evaluatePredicatePolicy(policy, input);
    if (!r.ok) throw new Error(r.reason);
    console.log(performance.now() - t0);`;
  const runs = [];
  for (let i = 0; i < 3; i++) {
    runs.push(
      Number(
        execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: pkg, encoding: 'utf8' }).trim(),
      ),
    );
  }
  return Math.min(...runs);
}

async function warm(engine, n) {
  const { evaluatePredicatePolicy } = await import(entry);
  const policy =
    engine === 'cue'
      ? { type: 'cue', data: CUE_POLICY }
      : { type: 'rego', wasm: new Uint8Array(readFileSync(doubleWasm)) };
  const input = engine === 'cue' ? INPUT : true;
  for (let i = 0; i < 5; i++) await evaluatePredicatePolicy(policy, input);
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = await evaluatePredicatePolicy(policy, input);
    times.push(performance.now() - t);
    if (!r.ok) throw new Error(r.reason);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(n / 2)], p95: times[Math.floor(n * 0.95)] };
}

// Bytes an application ships for each part: esbuild bundles, raw and gzipped.
async function sizes() {
  const require = createRequire(join(pkg, 'package.json'));
  const esbuild = await import(pathToFileURL(createRequire(join(root, 'package.json')).resolve('esbuild')).href);
  const bundle = async (input, external = []) => {
    const out = await esbuild.build({
      entryPoints: [input],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      minify: true,
      external,
      splitting: false,
      mainFields: ['module', 'main'],
      conditions: ['@sigguard/source'],
    });
    const bytes = Buffer.concat(out.outputFiles.map((f) => Buffer.from(f.contents)));
    return { bytes: bytes.length, gzip: gzipSync(bytes).length };
  };
  const core = await bundle(join(pkg, 'src/index.ts'), ['cue-wasm', './rego-runtime.ts', 'fflate', 'nanotar']);
  const cueDir = join(dirname(require.resolve('cue-wasm')));
  // The ESM entry and the two chunks it imports (Go's wasm_exec and the inlined CUE module).
  const entryFile = 'cue-wasm-index.modern.js';
  const chunks = [...readFileSync(join(cueDir, entryFile), 'utf8').matchAll(/import\("\.\/([^"]+)"\)/g)].map(
    (m) => m[1],
  );
  const cueFiles = [entryFile, ...chunks].map((f) => readFileSync(join(cueDir, f)));
  const cueBytes = Buffer.concat(cueFiles);
  const opa = await bundle(join(pkg, 'src/rego/rego-runtime.ts'), []);
  const tar = await bundle(join(pkg, 'src/rego/opa-bundle.ts'), []);
  return {
    core: core,
    cue: {
      bytes: cueBytes.length,
      gzip: gzipSync(cueBytes).length,
      note: 'cue-wasm: JS + base64 gzipped CUE v0.4.3 WASM',
    },
    rego: {
      bytes: opa.bytes,
      gzip: opa.gzip,
      note: 'OPA ABI host and the host built-ins (hashes, RE2, YAML, ASN.1, JSON Schema, JWT signatures)',
    },
    bundleReader: { bytes: tar.bytes, gzip: tar.gzip, note: 'OPA bundle reader (fflate + nanotar)' },
  };
}

const result = {
  cue: { coldMs: cold('cue'), warm: await warm('cue', 200) },
  rego: { coldMs: cold('rego'), warm: await warm('rego', 200), note: 'OPA-ABI test double, not an opa-built policy' },
  sizes: await sizes(),
};
if (json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  const ms = (x) => `${x.toFixed(2)} ms`;
  const kb = (x) => `${(x / 1024).toFixed(0)} KiB`;
  console.log('predicate evaluation');
  console.log(
    `  cue   cold ${ms(result.cue.coldMs)}   warm median ${ms(result.cue.warm.median)}  p95 ${ms(result.cue.warm.p95)}`,
  );
  console.log(
    `  rego  cold ${ms(result.rego.coldMs)}   warm median ${ms(result.rego.warm.median)}  p95 ${ms(result.rego.warm.p95)}  (${result.rego.note})`,
  );
  console.log('bundle sizes (raw / gzip)');
  for (const [name, s] of Object.entries(result.sizes))
    console.log(`  ${name.padEnd(12)} ${kb(s.bytes)} / ${kb(s.gzip)}${s.note ? `  ${s.note}` : ''}`);
}
