// `sigguard verify-image` offline (run in-process through the CLI's main()): bundle files, OCI layouts with a multi-arch index, the
// no-match policy and warn-mode output.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sharedTestSigstore, type TestSigstore } from '@sigguard/test-vectors';
import { RegistryClient } from '@sigguard/oci';
import {
  OciTestServer,
  LayoutWriter,
  pushBundleReferrer,
  pushImage,
  pushIndex,
  pushLegacy,
  bundleSignature,
  legacySignatureLayer,
} from '@sigguard/test-vectors/support';
import { runCliInProcess as runCli } from './support/run-cli-in-process.ts';

let ts: TestSigstore;
let dir: string;
let root: string;
const DIGEST = `sha256:${'c'.repeat(64)}`;

before(async () => {
  ts = await sharedTestSigstore();
  dir = mkdtempSync(join(tmpdir(), 'sigguard-cli-'));
  root = join(dir, 'trusted_root.json');
  writeFileSync(root, JSON.stringify(ts.trustedRoot()));
  writeFileSync(
    join(dir, 'policy.yaml'),
    `apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: enforce-ci }
spec:
  images: [{ glob: "registry.example.com/acme/**" }]
  authorities:
    - keyless:
        url: https://fulcio.sigguard.test
        identities: [{ issuer: https://issuer.example.com, subjectRegExp: "^ci@example\\\\.com$" }]
---
apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: warn-release }
spec:
  mode: warn
  images: [{ glob: "registry.example.com/acme/**" }]
  authorities:
    - keyless:
        url: https://fulcio.sigguard.test
        identities: [{ issuer: https://issuer.example.com, subject: release@example.com }]
`,
  );
  writeFileSync(join(dir, 'sig.json'), JSON.stringify((await bundleSignature(ts, DIGEST)).bundle));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('--bundle: admitted with a warn-mode failure reported in warnings (exit 0)', async () => {
  const r = await runCli([
    'verify-image',
    `registry.example.com/acme/app@${DIGEST}`,
    '--policy',
    join(dir, 'policy.yaml'),
    '--bundle',
    join(dir, 'sig.json'),
    '--trusted-root',
    root,
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const d = JSON.parse(r.stdout);
  assert.equal(d.allowed, true);
  assert.equal(d.warnings.length, 1);
  assert.match(d.warnings[0], /warn-release/);
  assert.deepEqual(
    d.evidence.found.map((e: { origin: string; kind: string }) => `${e.origin}/${e.kind}`),
    ['bundle-file/signature'],
  );
  const human = await runCli([
    'verify-image',
    `registry.example.com/acme/app@${DIGEST}`,
    '--policy',
    join(dir, 'policy.yaml'),
    '--bundle',
    join(dir, 'sig.json'),
    '--trusted-root',
    root,
  ]);
  assert.equal(human.code, 0);
  assert.match(human.stderr, /warning: failed policy: warn-release/);
});

test('--no-match-policy decides for images no policy matches', async () => {
  const args = [
    'verify-image',
    `other.example.com/xy@${DIGEST}`,
    '--policy',
    join(dir, 'policy.yaml'),
    '--bundle',
    join(dir, 'sig.json'),
    '--trusted-root',
    root,
    '--json',
  ];
  const deny = await runCli(args);
  assert.equal(deny.code, 1);
  assert.match(JSON.parse(deny.stdout).summary, /no matching policies/);
  const warn = await runCli([...args, '--no-match-policy', 'warn']);
  assert.equal(warn.code, 0);
  assert.match(JSON.parse(warn.stdout).warnings.join('\n'), /no matching policies/);
  assert.equal((await runCli([...args, '--no-match-policy', 'maybe'])).code, 2);
});

test('--local-image with an index: the index digest is unsigned, --platform verifies the signed platform', async () => {
  const layout = join(dir, 'layout');
  const w = new LayoutWriter(layout);
  const repo = { registry: 'registry.example.com', repository: 'acme/multi' };
  const amd = await pushImage(w, repo, 'cli-amd');
  const arm = await pushImage(w, repo, 'cli-arm');
  const idx = await pushIndex(w, repo, [amd, arm], 'v2');
  await pushBundleReferrer(w, repo, amd, (await bundleSignature(ts, amd.digest)).bundle);
  const base = [
    'verify-image',
    'registry.example.com/acme/multi:v2',
    '--policy',
    join(dir, 'policy.yaml'),
    '--local-image',
    layout,
    '--trusted-root',
    root,
    '--json',
  ];
  const index = await runCli(base);
  assert.equal(index.code, 1, index.stderr);
  const di = JSON.parse(index.stdout);
  assert.equal(di.subject.kind, 'index');
  assert.equal(di.subject.digest, idx.digest);
  const platform = await runCli([...base, '--platform', 'linux/amd64']);
  assert.equal(platform.code, 0, platform.stderr + platform.stdout);
  const dp = JSON.parse(platform.stdout);
  assert.deepEqual(dp.subject.fromIndex, { digest: idx.digest, platform: 'linux/amd64' });
  assert.equal(dp.subject.digest, amd.digest);
  assert.equal((await runCli([...base, '--platform', 'linux/riscv64'])).code, 2);
});

test('--registry-auth: a Docker config.json or HOST=USER:PASSWORD reach a registry that requires login', async () => {
  const server = new OciTestServer({ auth: { type: 'basic', username: 'deploy', password: 's3cret' } });
  const host = await server.start();
  try {
    const repo = { registry: host, repository: 'acme/private' };
    const client = new RegistryClient({ credentials: { [host]: { username: 'deploy', password: 's3cret' } } });
    const img = await pushImage(client, repo, 'cli-private');
    await pushLegacy(client, repo, img.digest, 'sig', [
      await legacySignatureLayer(ts, `${host}/acme/private`, img.digest),
    ]);
    const policy = join(dir, 'private.yaml');
    writeFileSync(
      policy,
      `apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: private }
spec:
  images: [{ glob: "${host}/**" }]
  authorities:
    - keyless:
        identities: [{ issuer: https://issuer.example.com, subject: ci@example.com }]
`,
    );
    const config = join(dir, 'docker-config.json');
    writeFileSync(
      config,
      JSON.stringify({ auths: { [`http://${host}`]: { auth: Buffer.from('deploy:s3cret').toString('base64') } } }),
    );
    const base = ['verify-image', `${host}/acme/private@${img.digest}`, '--policy', policy, '--trusted-root', root];
    const viaConfig = await runCli([...base, '--registry-auth', config]);
    assert.equal(viaConfig.code, 0, viaConfig.stdout + viaConfig.stderr);
    const wrong = await runCli([...base, '--registry-auth', `${host}=deploy:nope`, '--json']);
    assert.equal(wrong.code, 1);
    assert.match(JSON.parse(wrong.stdout).summary, /refused access/);
    const none = await runCli([...base, '--json']);
    assert.equal(none.code, 1);
    assert.match(JSON.parse(none.stdout).summary, /requires authentication/);
  } finally {
    await server.stop();
  }
});
