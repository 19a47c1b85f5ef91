// In Node the built packages load YAML, re2js, @noble/curves, @peculiar's ASN.1 schemas, fflate and nanotar on
// first use (types/src/require-on-first-use.ts), not when sigguard is imported: a process that verifies bundles
// with exact identities never loads them (the bench's RSS goal). Each feature that needs one still works from
// the ES module and the CommonJS builds, on Node 24 and on Node 22 (require() of the ES-only @noble/curves).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { packageDir } from '@sigguard/test-vectors/support/locations';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const node22 = `${repo}.tools/node22/node_modules/.bin/node`;
const probe = fileURLToPath(new URL('./runtime/lazy-dependencies.mjs', import.meta.url));

interface Step {
  answer: string;
  loaded: string[];
}

function probeOn(node: string, flavour: 'esm' | 'cjs'): Record<string, Step> & { node: string } {
  const r = spawnSync(node, [probe, flavour, packageDir('input-limits')], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  // a warning (e.g. one about require() of an ES module) fails the test: a library must not print
  assert.equal(r.stderr, '', 'nothing on stderr');
  return JSON.parse(r.stdout);
}

const runtimes = [
  ['Node 24', process.execPath],
  ['Node 22', node22],
] as const;

for (const [name, node] of runtimes) {
  for (const flavour of ['esm', 'cjs'] as const) {
    test(`${name}, ${flavour} build: nothing loaded until a feature needs it, then each feature works`, () => {
      assert.ok(existsSync(node), `${node} is missing: run \`npm run setup\`, which installs Node 22`);
      const out = probeOn(node, flavour);
      assert.match(out.node, name === 'Node 22' ? /^v22\./ : /^v24\./);
      assert.deepEqual(out.exactIdentity, { answer: 'verified', loaded: [] }, 'import + verifyBundleSync');
      assert.deepEqual(out.regexpIdentity, { answer: 'verified IDENTITY', loaded: ['re2js'] });
      assert.deepEqual(out.digestOnly, { answer: 'verified', loaded: ['@noble/curves', 're2js'] });
      assert.match(out.inspectCertificates!.answer, /CN=sigguard-test-root \(CA true\)/);
      assert.deepEqual(out.inspectCertificates!.loaded, ['@noble/curves', '@peculiar/asn1-*', 'asn1js', 're2js']);
      assert.deepEqual(out.yaml, {
        answer: '[{"a":1},{"b":[2]}]',
        loaded: ['@noble/curves', '@peculiar/asn1-*', 'asn1js', 're2js', 'yaml'],
      });
      assert.deepEqual(out.gunzip, {
        answer: 'inflated by fflate',
        loaded: ['@noble/curves', '@peculiar/asn1-*', 'asn1js', 'fflate', 're2js', 'yaml'],
      });
    });
  }
}
