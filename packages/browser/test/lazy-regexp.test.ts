// RE2 on demand in the sigguard facade as browsers and workers get it: the facade is bundled as
// dist/sigguard.browser.js is (shims, code splitting) and imported here, so @sigguard/identity is its
// runtime-agnostic entry, not Node's eager one. The async APIs load RE2 when an identity or a policy has
// a regexp (verifyBundle, loadPolicies, verifyImage) and then match exactly as Node does; synchronous ones
// refuse a regexp (REGEXP_ENGINE_NOT_LOADED) until it is loaded, and exact identities never need it. Real bundles from test-vectors/ (private test CA).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, stop } from 'esbuild';
import { browserBuildOptions } from '../scripts/bundle.mjs';
import { PACKAGE_DIR, REPO_DIR } from './harness/tables.ts';

interface Result {
  ok: boolean;
  error?: { code: string; message: string };
  checks: { name: string; status: string; reason?: string }[];
}
type Options = Record<string, unknown>;
interface Facade {
  verifyBundle(bundle: string, options: Options): Promise<Result>;
  verifyBundleSync(bundle: string, options: Options): Result;
  loadPolicies(text: string): Promise<{ policies: { name: string; authorities: unknown[] }[] }>;
  verifyImage(ref: string, options: Options): Promise<{ allowed: boolean; summary: string; policies: unknown[] }>;
  loadGoRegExpEngine(): Promise<void>;
  parseTrustedRoot(json: string): unknown;
}

const VECTORS = join(REPO_DIR, 'test-vectors');
const vector = JSON.parse(readFileSync(join(VECTORS, 'expected.json'), 'utf8')).cases.find(
  (c: { name: string }) => c.name === 'keyless-github-workflow',
);
const bundleJson = readFileSync(join(VECTORS, vector.bundle), 'utf8');
const ISSUER = vector.identity.issuer as string;

// One esbuild build; each test imports its own copy of the output (a separate module graph: modules are keyed by
// URL), so each starts with RE2 not loaded, as with a build of its own, without four builds' CPU.
let built: Promise<string> | undefined;
async function buildFacade(dir: string): Promise<string> {
  const outdir = join(dir, 'build');
  mkdirSync(outdir, { recursive: true });
  await build({
    ...browserBuildOptions({ minify: false }),
    entryPoints: { main: join(PACKAGE_DIR, 'test/harness/facade-entry.mjs') },
    outdir,
    splitting: true,
    absWorkingDir: outdir,
  });
  await stop(); // esbuild's service process would otherwise keep costing CPU until the file's process exits
  return outdir;
}

async function freshFacade(dir: string, name: string): Promise<Facade> {
  built ??= buildFacade(dir);
  const outdir = join(dir, name);
  cpSync(await built, outdir, { recursive: true });
  return (await import(pathToFileURL(join(outdir, 'main.js')).href)) as Facade;
}

const dir = mkdtempSync(join(tmpdir(), 'sigguard-lazy-regexp-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('verifyBundle loads RE2 for a regexp identity; verifyBundleSync refuses one until then', {
  timeout: 300_000,
}, async () => {
  const api = await freshFacade(dir, 'bundle');
  const options = (identities: unknown[]): Options => ({
    trustRoot: api.parseTrustedRoot(readFileSync(join(VECTORS, vector.trustedRoot), 'utf8')),
    artifact: readFileSync(join(VECTORS, vector.artifact)),
    now: new Date(vector.verifyAt),
    identities,
  });
  const regexp = [{ issuer: ISSUER, subjectRegExp: '^https://github\\.com/sigguard/' }];

  assert.equal(api.verifyBundleSync(bundleJson, options([vector.identity])).ok, true, 'exact identities need no RE2');
  const refused = api.verifyBundleSync(bundleJson, options(regexp));
  assert.equal(refused.ok, false);
  assert.equal(refused.error?.code, 'INVALID_OPTIONS');
  assert.match(refused.checks.find((c) => c.name === 'identity')?.reason ?? '', /regexp engine is not loaded/);

  const viaAsync = await api.verifyBundle(bundleJson, options(regexp));
  assert.equal(viaAsync.ok, true, JSON.stringify(viaAsync.checks));
  const other = await api.verifyBundle(
    bundleJson,
    options([{ issuer: ISSUER, subjectRegExp: '^https://github\\.com/someone-else/' }]),
  );
  assert.equal(other.ok, false, 'a regexp that does not match the signer fails');
  assert.equal(other.checks.find((c) => c.name === 'identity')?.status, 'fail');
  assert.equal(api.verifyBundleSync(bundleJson, options(regexp)).ok, true, 'loaded once, synchronous calls match too');
  const bad = await api.verifyBundle(bundleJson, options([{ issuer: ISSUER, subjectRegExp: '(?=lookahead)' }]));
  assert.equal(bad.ok, false);
  assert.match(bad.error?.message ?? '', /invalid Go \(RE2\) regular expression/);
});

const POLICY = (subjectRegExp: string) => `apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata:
  name: lazy-regexp
spec:
  images:
    - glob: "registry.example/**"
  authorities:
    - keyless:
        identities:
          - issuer: ${ISSUER}
            subjectRegExp: '${subjectRegExp}'
`;

test('loadPolicies validates regexp identities with RE2 loaded on demand, and still rejects what RE2 rejects', {
  timeout: 300_000,
}, async () => {
  const api = await freshFacade(dir, 'policies');
  const { policies } = await api.loadPolicies(POLICY('^https://github\\.com/sigguard/'));
  assert.equal(policies[0]?.name, 'lazy-regexp');
  assert.match(JSON.stringify(policies[0]?.authorities), /subjectRegExp/);
  await assert.rejects(
    api.loadPolicies(POLICY('(?<=x)y')),
    (e: Error) => /invalid value: \(\?<=x\)y/.test(e.message) && !/not loaded/.test(e.message),
  );
});

test('verifyImage with parsed policies loads RE2 for a regexp identity, then admits or denies as in Node', {
  timeout: 300_000,
}, async () => {
  const parser = await freshFacade(dir, 'parser'); // parses the YAML (loading RE2 in its own module graph)
  const api = await freshFacade(dir, 'image');
  const root = readFileSync(join(VECTORS, vector.trustedRoot), 'utf8');
  const regexp = [{ issuer: ISSUER, subjectRegExp: '^https://github\\.com/sigguard/' }];
  const refused = api.verifyBundleSync(bundleJson, {
    trustRoot: api.parseTrustedRoot(root),
    artifact: readFileSync(join(VECTORS, vector.artifact)),
    identities: regexp,
  });
  assert.match(refused.error?.message ?? '', /regexp engine is not loaded/, 'this module graph starts without RE2');
  // The keyless vector is a message signature over the artifact; as evidence for a digest it binds that digest.
  const decide = async (subjectRegExp: string) => {
    const { policies } = await parser.loadPolicies(POLICY(subjectRegExp));
    return api.verifyImage(`registry.example/app@${vector.artifactDigest}`, {
      policies,
      evidence: { bundles: [bundleJson] },
      defaultTrustRoot: root,
      now: new Date(vector.verifyAt),
      cache: false,
    });
  };
  const allowed = await decide('^https://github\\.com/sigguard/');
  assert.equal(allowed.allowed, true, allowed.summary);
  const denied = await decide('^https://github\\.com/someone-else/');
  assert.equal(denied.allowed, false, 'a regexp that does not match the signer denies');
  assert.match(JSON.stringify(denied.policies), /identity/);
});
