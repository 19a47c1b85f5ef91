// The project's own TUF repositories (test-vectors/tuf, made by
// test-vectors/src/tuf/generate.ts), loaded air-gapped from their TrustRoot YAML.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  loadTrustRootsFromYaml,
  MemoryTufSource,
  parseTrustRootYaml,
  TrustRootLoadError,
  TufRepository,
  unpackMirrorFs,
} from './index.ts';

const DIR = fileURLToPath(new URL('../../../test-vectors/tuf/', import.meta.url));
const read = (p: string) => readFileSync(DIR + p, 'utf8');
const NOW = new Date('2026-12-01T00:00:00Z');

interface Expected {
  outcome: 'load' | 'error';
  rootVersion?: number;
  trustedRoot?: unknown;
  reason?: string;
  message?: string;
  rootSha256: string;
}

const index = JSON.parse(read('index.json')) as { repositories: { name: string }[] };

test('the generated repositories cover what issue 3 asks for, with the expected outcomes', () => {
  const outcomes = Object.fromEntries(
    index.repositories.map(({ name }) => [name, (JSON.parse(read(`${name}/expected.json`)) as Expected).outcome]),
  );
  for (const [name, outcome] of Object.entries({
    rotated: 'load',
    'expired-timestamp': 'error',
    'tampered-target': 'error',
    'legacy-targets': 'load',
    'root-below-threshold': 'error',
  })) {
    assert.equal(outcomes[name], outcome, `repository ${name}`);
  }
});

for (const { name } of index.repositories) {
  const expected = JSON.parse(read(`${name}/expected.json`)) as Expected;
  test(`generated TUF repository ${name}: ${expected.outcome}`, async () => {
    const yaml = read(`${name}/trustroot.yaml`);
    if (expected.outcome === 'load') {
      const [root] = [...(await loadTrustRootsFromYaml(yaml, { where: `${name}/trustroot.yaml`, now: NOW }))];
      assert.equal(root!.name, name);
      assert.deepEqual(root!.json, expected.trustedRoot);
      // and the TUF client ended on the expected root version
      const [resource] = parseTrustRootYaml(yaml);
      const repo = await TufRepository.refresh({
        root: resource!.spec.repository!.root,
        source: new MemoryTufSource(unpackMirrorFs(resource!.spec.repository!.mirrorFS)),
        now: NOW,
      });
      assert.equal(repo.rootVersion, expected.rootVersion);
    } else {
      await assert.rejects(
        loadTrustRootsFromYaml(yaml, { where: `${name}/trustroot.yaml`, now: NOW }),
        (e: unknown) => {
          assert.ok(e instanceof TrustRootLoadError, String(e));
          assert.equal(e.reason, expected.reason, e.message);
          assert.ok(e.message.includes(expected.message!), e.message);
          assert.ok(e.message.includes(`${name}/trustroot.yaml document 1`), e.message);
          return true;
        },
      );
    }
  });
}

test('expired timestamp: the error names the role, its expiry and the file', async () => {
  await assert.rejects(loadTrustRootsFromYaml(read('expired-timestamp/trustroot.yaml'), { now: NOW }), (e: unknown) => {
    assert.ok(e instanceof TrustRootLoadError);
    assert.match(
      e.message,
      /TUF role timestamp expired at 2021-01-01T00:00:00Z \(.*mirrorFS repository\/timestamp\.json\)/,
    );
    return true;
  });
});

test('rotated repository: without the rotation, v2 metadata does not verify against the v1 keys', async () => {
  const [resource] = parseTrustRootYaml(read('rotated/trustroot.yaml'));
  const files = unpackMirrorFs(resource!.spec.repository!.mirrorFS);
  files.delete('2.root.json');
  await assert.rejects(
    TufRepository.refresh({ root: resource!.spec.repository!.root, source: new MemoryTufSource(files), now: NOW }),
    (e: unknown) =>
      e instanceof TrustRootLoadError && e.reason === 'TUF_SIGNATURE' && /TUF role timestamp/.test(e.message),
  );
});

test('wrong pinned root checksum: refused, printing both digests', async () => {
  const { rootSha256 } = JSON.parse(read('trusted-root/expected.json')) as Expected;
  await assert.rejects(
    loadTrustRootsFromYaml(read('trusted-root/trustroot-wrong-pin.yaml'), { now: NOW }),
    (e: unknown) => {
      assert.ok(e instanceof TrustRootLoadError);
      assert.equal(e.reason, 'ROOT_PIN_MISMATCH');
      assert.match(e.message, /expected sha256 [0-9a-f]{64}, got sha256 /);
      assert.ok(e.message.includes(`got sha256 ${rootSha256}`), e.message);
      return true;
    },
  );
  // the right pin loads; a pin passed by the caller overrides the annotation
  const pinned = await loadTrustRootsFromYaml(read('trusted-root/trustroot-pinned.yaml'), { now: NOW });
  assert.deepEqual(pinned.names, ['pinned']);
  await assert.rejects(
    loadTrustRootsFromYaml(read('trusted-root/trustroot.yaml'), { now: NOW, rootSha256: '00'.repeat(32) }),
    (e: unknown) => e instanceof TrustRootLoadError && e.reason === 'ROOT_PIN_MISMATCH',
  );
});

test('several named trust roots in one file, selected by trustRootRef; unknown names are errors naming them', async () => {
  const set = await loadTrustRootsFromYaml(read('trustroots.yaml'), { where: 'trustroots.yaml', now: NOW });
  assert.deepEqual(set.names, ['trusted-root', 'legacy-targets', 'inline-keys']);
  assert.equal(set.get('legacy-targets').name, 'legacy-targets');
  assert.equal(set.get('legacy-targets').trustedRoot.certificateAuthorities.length, 1);
  // the inline keys describe the same instance as the TUF-distributed trusted root
  const tuf = set.get('trusted-root').summary();
  const inline = set.get('inline-keys').summary();
  assert.deepEqual(
    inline.tlogs.map((l) => l.logId),
    tuf.tlogs.map((l) => l.logId),
  );
  assert.deepEqual(
    inline.ctlogs.map((l) => l.logId),
    tuf.ctlogs.map((l) => l.logId),
  );
  assert.throws(
    () => set.get('nope'),
    (e: unknown) =>
      e instanceof TrustRootLoadError &&
      e.reason === 'UNKNOWN_TRUST_ROOT' &&
      e.message.includes('trustRootRef "nope" not found') &&
      e.message.includes('"inline-keys"'),
  );
});

test('an initial root.json signed below its own threshold is refused', async () => {
  const [resource] = parseTrustRootYaml(read('trusted-root/trustroot.yaml'));
  const root = JSON.parse(new TextDecoder().decode(resource!.spec.repository!.root));
  root.signatures = [];
  await assert.rejects(
    TufRepository.refresh({
      root: new TextEncoder().encode(JSON.stringify(root)),
      source: new MemoryTufSource(unpackMirrorFs(resource!.spec.repository!.mirrorFS)),
      now: NOW,
    }),
    (e: unknown) =>
      e instanceof TrustRootLoadError &&
      e.reason === 'TUF_SIGNATURE' &&
      /TUF role root \(the initial root\.json\).*signed by 0\/1 keys/.test(e.message),
  );
});

test('a verified air-gapped repository is reused until its earliest TUF expiry, then verified again', async () => {
  const yaml = read('expired-timestamp/trustroot.yaml').replace('name: expired-timestamp', 'name: reuse');
  // this repository's timestamp expired 2021-01-01: loadable only before that
  const before = new Date('2020-06-01T00:00:00Z');
  const [a] = [...(await loadTrustRootsFromYaml(yaml, { now: before }))];
  const [b] = [...(await loadTrustRootsFromYaml(yaml, { now: before }))];
  assert.equal(a, b);
  await assert.rejects(
    loadTrustRootsFromYaml(yaml, { now: NOW }),
    (e: unknown) => e instanceof TrustRootLoadError && e.reason === 'TUF_EXPIRED',
  );
});

test('legacy targets: only a missing default trusted_root.json falls back; a named trustedRootTarget that is absent is an error', async () => {
  const yaml = read('legacy-targets/trustroot.yaml');
  assert.ok(!/trustedRootTarget/.test(yaml), 'the committed legacy repository relies on the default target name');
  const [viaDefault] = [...(await loadTrustRootsFromYaml(yaml, { now: NOW }))];
  assert.equal(viaDefault!.trustedRoot.certificateAuthorities.length, 1);
  const explicitDefault = yaml.replace(/(\n(\s+)mirrorFS:)/, '\n$2trustedRootTarget: trusted_root.json$1');
  assert.notEqual(explicitDefault, yaml);
  assert.equal([...(await loadTrustRootsFromYaml(explicitDefault, { now: NOW }))].length, 1);
  const typo = yaml.replace(/(\n(\s+)mirrorFS:)/, '\n$2trustedRootTarget: trusted_roots.json$1');
  await assert.rejects(loadTrustRootsFromYaml(typo, { where: 'typo.yaml', now: NOW }), (e: unknown) => {
    assert.ok(e instanceof TrustRootLoadError, String(e));
    assert.equal(e.reason, 'TUF_MISSING');
    assert.match(e.message, /trustedRootTarget "trusted_roots\.json" is not a target of the TUF repository/);
    return true;
  });
});
