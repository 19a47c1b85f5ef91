// `node lazy-dependencies.mjs esm|cjs INPUT_LIMITS_DIR`: imports the BUILT packages (ES module or CommonJS builds:
// sigguard and @sigguard/trust-root by name, @sigguard/input-limits, no dependency of sigguard, from the directory
// given) and prints one JSON
// line: which third-party modules were loaded after importing sigguard and verifying a bundle with an exact
// identity (none of the on-first-use ones may be), and, for each feature that needs one, its answer and whether
// that module was loaded by it. lazy-dependencies.test.ts runs it under Node 24 and Node 22.
import { registerHooks } from 'node:module';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const LAZY = {
  yaml: /\/node_modules\/yaml\//,
  re2js: /\/node_modules\/re2js\//,
  '@noble/curves': /\/node_modules\/@noble\/curves\//,
  '@peculiar/asn1-*': /\/node_modules\/@peculiar\/asn1-/,
  asn1js: /\/node_modules\/asn1js\//,
  fflate: /\/node_modules\/fflate\//,
  nanotar: /\/node_modules\/nanotar\//,
};
const loaded = new Set();
registerHooks({
  resolve(specifier, context, next) {
    const r = next(specifier, context);
    for (const [name, pattern] of Object.entries(LAZY)) if (pattern.test(r.url)) loaded.add(name);
    return r;
  },
});
const loadedNow = () => [...loaded].sort();

const [flavour, inputLimitsDir] = process.argv.slice(2);
const vectors = fileURLToPath(new URL('../../../../test-vectors/', import.meta.url));
const require = createRequire(import.meta.url);
// A package by name, as Node resolves it for this module format (the "node" entry where a package has one).
const load = async (name) => (flavour === 'cjs' ? require(name) : import(name));
const inputLimits = async (file) =>
  flavour === 'cjs'
    ? require(join(inputLimitsDir, 'dist', `${file}.cjs`))
    : import(pathToFileURL(join(inputLimitsDir, 'dist', `${file}.js`)).href);

const sigguard = await load('sigguard');
const expected = JSON.parse(readFileSync(vectors + 'expected.json', 'utf8'));
const vector = expected.cases.find((c) => c.name === 'keyless-v0.3-message');
const trustRoot = sigguard.parseTrustedRoot(readFileSync(vectors + expected.trustedRoot, 'utf8'));
const bundle = readFileSync(vectors + vector.bundle, 'utf8');
const base = { trustRoot, now: new Date(vector.verifyAt) };
const outcome = (r) => (r.ok ? 'verified' : (r.checks.find((c) => c.status === 'fail')?.code ?? 'failed'));
const out = { node: process.version, flavour };

const exact = sigguard.verifyBundleSync(bundle, {
  ...base,
  artifact: new Uint8Array(readFileSync(vectors + vector.artifact)),
  identities: [vector.identity],
});
out.exactIdentity = { answer: outcome(exact), loaded: loadedNow() };

// Each feature: what it answered and which on-first-use modules are loaded after it (cumulative).
const feature = async (name, run) => {
  let answer;
  try {
    answer = await run();
  } catch (e) {
    answer = `threw: ${e?.message ?? e}`;
  }
  out[name] = { answer, loaded: loadedNow() };
};

await feature('regexpIdentity', () =>
  [
    { issuer: vector.identity.issuer, subjectRegExp: '^alice@example[.]com$' },
    { issuer: vector.identity.issuer, subjectRegExp: '^bob@' },
  ]
    .map((spec) =>
      outcome(
        sigguard.verifyBundleSync(bundle, {
          ...base,
          artifact: new Uint8Array(readFileSync(vectors + vector.artifact)),
          identities: [spec],
        }),
      ),
    )
    .join(' '),
);
await feature('digestOnly', () =>
  outcome(
    sigguard.verifyBundleSync(bundle, {
      ...base,
      artifactDigest: sigguard.parseArtifactDigest(vector.artifactDigest),
      identities: [vector.identity],
    }),
  ),
);
const trust = await load('@sigguard/trust-root');
await feature('inspectCertificates', () =>
  trust
    .inspectTrustRoot(trustRoot)
    .certificateAuthorities.flatMap((ca) => ca.chain.map((c) => `${c.subject} (CA ${c.isCA})`))
    .join('; '),
);
const yaml = await inputLimits('yaml');
await feature('yaml', () => JSON.stringify(yaml.readYamlDocuments('a: 1\n---\nb: [2]\n').map((d) => d.value)));
const gzip = await inputLimits('gzip');
await feature('gunzip', () =>
  new TextDecoder().decode(gzip.gunzipBounded(new Uint8Array(gzipSync('inflated by fflate')), 1024)),
);
process.stdout.write(JSON.stringify(out) + '\n');
