#!/usr/bin/env node
// npm run bench: bundle verification speed and memory, sigguard (built dist) side by side
// with plain @sigstore/verify on the same bundles in the same run. Not a test: numbers
// depend on the machine and its load, so nothing here asserts a speed.
//
//   warm: many verifications in one process after a warm-up (trust material cached).
//   cold: a fresh Node process per run: import the library, load the trust root, verify once.
//
// Usage: node scripts/bench.mjs [--iterations N] [--cold-runs N]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// A callable gc() without restarting node with --expose-gc, so retained heap is measurable.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const requireFromVerify = createRequire(join(repo, 'packages/verify/package.json'));
const modUrl = (req, name) => pathToFileURL(req.resolve(name)).href;
// Workspace packages: their built ESM entry (require.resolve would pick the CJS build).
const dist = (dir) => pathToFileURL(join(repo, 'packages', dir, 'dist/index.js')).href;

const BEACON =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const GHA = 'https://token.actions.githubusercontent.com';
const verifyData = join(repo, 'packages/verify/src/testdata');

function loadCases() {
  const cases = [
    { name: 'public-good v0.3 message signature', bundle: join(verifyData, 'happy-path-v0.3.sigstore.json'), artifact: join(verifyData, 'a.txt'), subject: BEACON, issuer: GHA },
    { name: 'public-good v0.3 DSSE in-toto', bundle: join(verifyData, 'happy-path-intoto-in-dsse-v3.sigstore.json'), artifact: join(verifyData, 'a.txt'), subject: BEACON, issuer: GHA },
    { name: 'Rekor v2 + RFC3161 (staging root)', bundle: join(verifyData, 'rekor2-happy-path.sigstore.json'), artifact: join(verifyData, 'a.txt'), subject: BEACON, issuer: GHA, trustedRoot: join(verifyData, 'rekor2-staging.trusted_root.json') },
    { name: 'public-good v0.3 public key', bundle: join(verifyData, 'managed-key-happy-path.sigstore.json'), artifact: join(verifyData, 'a.txt'), key: join(verifyData, 'managed-key.pub') },
  ];
  try {
    const expected = JSON.parse(readFileSync(join(repo, 'test-vectors/expected.json'), 'utf8'));
    const c = expected.cases.find((x) => x.name === 'keyless-v0.1-message');
    if (c) cases.push({ name: 'test vector v0.1 message signature', bundle: join(repo, 'test-vectors', c.bundle), artifact: join(repo, 'test-vectors', c.artifact), subject: c.identity.subject, issuer: c.identity.issuer, trustedRoot: join(repo, 'test-vectors', expected.trustedRoot) });
  } catch {
    // test vectors absent: the public samples are enough
  }
  return cases;
}

// ---- the two implementations, given one case; each returns a verify() closure ----

async function sigguardImpl(c) {
  const { verifyBundleSync, parseTrustedRoot, publicGoodTrustRoot, publicKeyFromPem } = await import(dist('sigguard'));
  const trustRoot = c.trustedRoot ? parseTrustedRoot(readFileSync(c.trustedRoot)) : publicGoodTrustRoot();
  const options = { artifact: readFileSync(c.artifact), trustRoot };
  if (c.key) options.keys = [publicKeyFromPem(readFileSync(c.key, 'utf8'))];
  else options.identities = [{ subject: c.subject, issuer: c.issuer }];
  return (bundleBytes) => {
    const r = verifyBundleSync(bundleBytes, options);
    if (!r.ok) throw new Error(`sigguard did not verify ${c.name}: ${r.error?.message}`);
  };
}

// The core package alone (no facade, so none of the image/policy code is imported).
async function coreImpl(c) {
  const { verifyBundleSync, publicKeyFromPem } = await import(dist('verify'));
  const { parseTrustedRoot, publicGoodTrustRoot } = await import(dist('trust-root'));
  const { compileIdentities } = await import(dist('identity'));
  const trustRoot = c.trustedRoot ? parseTrustedRoot(readFileSync(c.trustedRoot)) : publicGoodTrustRoot();
  const options = { artifact: readFileSync(c.artifact), trustRoot };
  if (c.key) options.keys = [publicKeyFromPem(readFileSync(c.key, 'utf8'))];
  else options.identities = compileIdentities([{ subject: c.subject, issuer: c.issuer }]);
  return (bundleBytes) => {
    const r = verifyBundleSync(bundleBytes, options);
    if (!r.ok) throw new Error(`@sigguard/verify did not verify ${c.name}: ${r.error?.message}`);
  };
}

async function sigstoreImpl(c) {
  const { Verifier, toSignedEntity, toTrustMaterial } = await import(modUrl(requireFromVerify, '@sigstore/verify'));
  const { bundleFromJSON } = await import(modUrl(requireFromVerify, '@sigstore/bundle'));
  const { TrustedRoot } = await import(modUrl(createRequire(requireFromVerify.resolve('@sigstore/verify')), '@sigstore/protobuf-specs'));
  const { crypto } = await import(modUrl(requireFromVerify, '@sigstore/core'));
  const rootPath = c.trustedRoot ?? join(repo, 'packages/trust-root/src/data/public-good.trusted_root.json');
  const root = TrustedRoot.fromJSON(JSON.parse(readFileSync(rootPath, 'utf8')));
  let keys;
  if (c.key) {
    const publicKey = crypto.createPublicKey(readFileSync(c.key, 'utf8'));
    keys = () => ({ publicKey, validFor: () => true });
  }
  const verifier = new Verifier(toTrustMaterial(root, keys));
  const artifact = readFileSync(c.artifact);
  const policy = c.key ? undefined : { subjectAlternativeName: c.subject, extensions: { issuer: c.issuer } };
  return (bundleBytes) => {
    const bundle = bundleFromJSON(JSON.parse(Buffer.from(bundleBytes).toString('utf8')));
    verifier.verify(toSignedEntity(bundle, artifact), policy);
  };
}

const IMPLS = { sigguard: sigguardImpl, '@sigguard/verify': coreImpl, '@sigstore/verify': sigstoreImpl };

// ---- cold child: one fresh process, one verification ----

async function coldChild(implName, caseIndex) {
  const c = loadCases()[caseIndex];
  const start = performance.now(); // ms since this process started
  const verify = await IMPLS[implName](c);
  const loaded = performance.now();
  verify(readFileSync(c.bundle));
  const done = performance.now();
  const mem = process.memoryUsage();
  process.stdout.write(JSON.stringify({ boot: start, load: loaded - start, verify: done - loaded, total: done, rss: mem.rss, heap: mem.heapUsed }));
}

// ---- parent ----

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const ms = (x) => `${x.toFixed(2)} ms`;
const mb = (x) => `${(x / 1024 / 1024).toFixed(1)} MB`;

async function warm(implName, c, iterations) {
  const verify = await IMPLS[implName](c);
  const bytes = readFileSync(c.bundle);
  for (let i = 0; i < Math.min(20, iterations); i++) verify(bytes); // warm-up (JIT, caches)
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const times = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    verify(bytes);
    times.push(performance.now() - t);
  }
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  return { median: median(times), p95: p95(times), perSecond: 1000 / median(times), heapGrowth: heapAfter - heapBefore };
}

function cold(implName, caseIndex, runs) {
  const out = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--cold-child', implName, String(caseIndex)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cold run of ${implName} failed: ${r.stderr}`);
    out.push(JSON.parse(r.stdout));
  }
  const pick = (k) => median(out.map((o) => o[k]));
  return { load: pick('load'), verify: pick('verify'), total: pick('total'), rss: pick('rss'), heap: pick('heap') };
}

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const r of rows) console.log(r.map((x, i) => String(x).padEnd(widths[i])).join('  '));
}

async function main() {
  const { values } = parseArgs({
    options: { iterations: { type: 'string', default: '200' }, 'cold-runs': { type: 'string', default: '5' }, 'cold-child': { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (values['cold-child']) {
    const [implName, index] = process.argv.slice(3);
    return coldChild(implName, Number(index));
  }
  const iterations = Math.max(1, Number(values.iterations));
  const coldRuns = Math.max(1, Number(values['cold-runs']));
  const cases = loadCases();
  console.log(`sigguard bundle verification benchmark: node ${process.version}, ${iterations} warm iterations, ${coldRuns} cold runs (medians)`);
  console.log('sigguard = verifyBundleSync() of the built facade (strict parsing, per-check results, identity matching);');
  console.log('@sigguard/verify = the same through the core packages only (the facade also imports image/policy code);');
  console.log('@sigstore/verify = bundleFromJSON + toSignedEntity + Verifier.verify with a SAN/issuer policy.\n');

  const warmRows = [['case', 'implementation', 'median', 'p95', 'verifications/s', 'retained heap growth']];
  const coldRows = [['case', 'implementation', 'import+trust root', 'first verify', 'total since process start', 'RSS', 'heap']];
  for (const [i, c] of cases.entries()) {
    for (const impl of Object.keys(IMPLS)) {
      const w = await warm(impl, c, iterations);
      warmRows.push([c.name, impl, ms(w.median), ms(w.p95), w.perSecond.toFixed(0), mb(w.heapGrowth)]);
      const k = cold(impl, i, coldRuns);
      coldRows.push([c.name, impl, ms(k.load), ms(k.verify), ms(k.total), mb(k.rss), mb(k.heap)]);
    }
  }
  console.log('WARM (one process, after warm-up)');
  table(warmRows);
  console.log('\nCOLD (fresh process per run)');
  table(coldRows);
  const base = spawnSync(process.execPath, ['-e', 'process.stdout.write(JSON.stringify(process.memoryUsage()))'], { encoding: 'utf8' });
  if (base.status === 0) console.log(`\n(empty node process for reference: RSS ${mb(JSON.parse(base.stdout).rss)})`);
}

main().catch((e) => {
  console.error(`bench: ${e.stack ?? e}`);
  process.exit(1);
});
