// `sigguard audit --repository` against a real registry: Debian's docker-registry (distribution 2.8, no
// referrers API: bundles through the sha256-<hex> fallback tag) on loopback, with images, cosign legacy
// signatures and bundle referrers of the private Sigstore instance. Every tag is audited; the planted
// signer among the authorized one is the finding (exit 1); admitting it too gives exit 0. Exit 2 (an
// incomplete audit) is tested in src/commands/audit.test.ts. Exit 1 and exit 0 run the real CLI process; the table
// of the exit-1 report runs the same command through main() in this process.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TestSigstore } from '@sigguard/test-vectors';
import { RegistryClient, parseRepositoryName } from '@sigguard/oci';
import {
  pushBundleReferrer,
  pushImage,
  pushLegacy,
  bundleSignature,
  legacySignatureLayer,
  DOCKER_REGISTRY_SKIP,
  useRegistryWithSigstore,
  type RunningRegistry,
  CI,
  keylessPolicy,
  MALLORY,
} from '@sigguard/test-vectors/support';
import { runCliInProcess } from './support/run-cli-in-process.ts';
import { runCli } from './support/run-sigguard-cli.ts';

const skip = DOCKER_REGISTRY_SKIP;
let registry: RunningRegistry;
let ts: TestSigstore;
let dir: string;
let trustedRoot: string;
const client = new RegistryClient();
useRegistryWithSigstore('sigguard-audit-registry-', (f) => ({ registry, ts, dir, trustedRoot } = f));

function policyFile(name: string, subjects: string[]): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, keylessPolicy(name, `${registry.host}/**`, subjects));
  return file;
}

test('audit --repository: every tag of a docker-registry repository; the planted signer is the finding (exit 1, then 0)', {
  skip,
}, async () => {
  const name = `${registry.host}/audit/app`;
  const repo = parseRepositoryName(name);
  const v1 = await pushImage(client, repo, 'audit-v1', 'v1');
  const v2 = await pushImage(client, repo, 'audit-v2', 'v2');
  await pushImage(client, repo, 'audit-unsigned', 'unsigned');
  const other = await pushImage(client, parseRepositoryName(`${registry.host}/audit/other`), 'audit-other', 'v3');
  await pushLegacy(client, repo, v1.digest, 'sig', [
    await legacySignatureLayer(ts, name, v1.digest, { signer: CI }),
    await legacySignatureLayer(ts, name, v1.digest, { signer: MALLORY }),
  ]);
  await pushBundleReferrer(client, repo, v2, (await bundleSignature(ts, v2.digest, CI)).bundle, {
    fallbackTag: { existing: [] },
  });

  const ciOnly = policyFile('ci-only', [CI.subject, 'release@example.com']);
  // --image adds an image of another repository to the tags of --repository.
  const found = await runCli([
    'audit',
    '--policy',
    ciOnly,
    '--repository',
    name,
    '--image',
    `${registry.host}/audit/other:v3`,
    '--trusted-root',
    trustedRoot,
    '--json',
  ]);
  assert.equal(found.code, 1, found.stderr + found.stdout);
  const report = JSON.parse(found.stdout);
  assert.equal(report.schema, 'https://sigguard.dev/audit/v1');
  assert.deepEqual(report.images.map((i: { tags: string[] }) => i.tags).sort(), [['unsigned'], ['v1'], ['v2'], ['v3']]);
  assert.ok(
    report.images.some((i: { reference: string }) => i.reference === `${registry.host}/audit/other@${other.digest}`),
  );
  assert.deepEqual(report.errors, []);
  const bySubject = Object.fromEntries(report.signers.map((s: { subject: string }) => [s.subject, s]));
  assert.equal(bySubject[MALLORY.subject].authorized, false);
  assert.deepEqual(
    bySubject[MALLORY.subject].signatures.map((g: { image: string }) => g.image),
    [`${name}@${v1.digest}`],
  );
  assert.equal(bySubject[CI.subject].authorized, true);
  assert.deepEqual(
    bySubject[CI.subject].signatures.map((g: { image: string }) => g.image).sort(),
    [`${name}@${v1.digest}`, `${name}@${v2.digest}`].sort(),
  );
  assert.deepEqual(
    report.findings.map((f: { images: string[] }) => f.images),
    [[`${name}@${v1.digest}`]],
  );
  assert.deepEqual(
    report.stale.map((s: { identity: { subject: string } }) => s.identity.subject),
    ['release@example.com'],
  );

  const table = await runCliInProcess([
    'audit',
    '--policy',
    ciOnly,
    '--repository',
    name,
    '--trusted-root',
    trustedRoot,
  ]);
  assert.equal(table.code, 1, table.stderr);
  assert.match(table.stdout, /^UNAUTHORIZED\s+mallory@evil\.example/m);
  assert.match(table.stdout, /stale: 1 policy identity admitted no signature/);

  const both = policyFile('both', [CI.subject, MALLORY.subject]);
  const clean = await runCli(['audit', '--policy', both, '--repository', name, '--trusted-root', trustedRoot]);
  assert.equal(clean.code, 0, clean.stderr + clean.stdout);
  assert.match(clean.stdout, /no findings: every verified signer is admitted/);
});
