// CLI: `trust-root inspect` over the generated TUF repositories, and
// `verify-bundle --trust-root` with a TrustRoot YAML or a trusted_root.json.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { buildRepository, mirrorFsInMemory, repositoryTrustRootYaml, singleKeyRoot } from '@sigguard/test-vectors';
import { main } from '../main.ts';
import type { CliIO } from '../io.ts';
import { sigguardSample } from '@sigguard/test-vectors/support/locations';

const VECTORS = fileURLToPath(new URL('../../../../test-vectors/', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'sigguard-cli-trust-root-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function capture(): CliIO & { out_: string[]; err_: string[] } {
  const out_: string[] = [];
  const err_: string[] = [];
  return { out_, err_, out: (l) => out_.push(l), err: (l) => err_.push(l), isTTY: false };
}

const hexOfBase64 = (b: string) => Buffer.from(b, 'base64').toString('hex');

test('trust-root inspect prints CAs with subjects and validity, logs with IDs and validity, TSAs', async () => {
  const io = capture();
  assert.equal(
    await main(['trust-root', 'inspect', '--no-cache', join(VECTORS, 'tuf/trusted-root/trustroot.yaml')], io),
    0,
    io.err_.join('\n'),
  );
  const text = io.out_.join('\n');
  const trusted = JSON.parse(readFileSync(join(VECTORS, 'tuf/trusted_root.json'), 'utf8'));
  assert.match(text, /^trust root trusted-root \(sha256 [0-9a-f]{64}\)/);
  assert.match(
    text,
    /certificate authorities \(1\)\n {4}\[0\] sigguard-tuf\/sigguard-tuf-intermediate {2}https:\/\/fulcio\.sigguard\.test\n {8}valid 2020-01-01T00:00:00\.000Z → open/,
  );
  assert.match(
    text,
    /CA {3}O=sigguard-tuf, CN=sigguard-tuf-root\n {13}issuer O=sigguard-tuf, CN=sigguard-tuf-root; 2020-01-01T00:00:00.000Z → 2045-01-01T00:00:00.000Z/,
  );
  assert.ok(text.includes(`log ID ${hexOfBase64(trusted.tlogs[0].logId.keyId)}`), text);
  assert.ok(text.includes(`log ID ${hexOfBase64(trusted.ctlogs[0].logId.keyId)}`), text);
  assert.match(text, /timestamp authorities \(1\)\n {4}\[0\] sigguard-tuf\/sigguard-tuf-tsa/);
  assert.match(text, /leaf O=sigguard-tuf, CN=sigguard-tuf-tsa\n/);
});

test('trust-root inspect --json, several roots per file and --name', async () => {
  const io = capture();
  assert.equal(
    await main(['trust-root', 'inspect', '--json', '--no-cache', join(VECTORS, 'tuf/trustroots.yaml')], io),
    0,
    io.err_.join('\n'),
  );
  const json = JSON.parse(io.out_.join('\n'));
  assert.deepEqual(
    json.trustRoots.map((t: any) => t.name),
    ['trusted-root', 'legacy-targets', 'inline-keys'],
  );
  const legacy = json.trustRoots[1];
  assert.equal(legacy.certificateAuthorities[0].subject, '');
  assert.ok(legacy.certificateAuthorities[0].chain.length >= 2);
  assert.equal(legacy.tlogs[0].validFor.start, '1970-01-01T00:00:00.000Z');
  const one = capture();
  assert.equal(
    await main(['trust-root', 'inspect', '--json', '--name', 'inline-keys', join(VECTORS, 'tuf/trustroots.yaml')], one),
    0,
  );
  assert.deepEqual(
    JSON.parse(one.out_.join('\n')).trustRoots.map((t: any) => t.name),
    ['inline-keys'],
  );
});

test('trust-root inspect refuses broken trust material with exit 2 and the reason', async () => {
  const io = capture();
  assert.equal(
    await main(['trust-root', 'inspect', '--no-cache', join(VECTORS, 'tuf/tampered-target/trustroot.yaml')], io),
    2,
  );
  assert.match(io.out_.concat(io.err_).join('\n'), /does not match targets\.json/);
  const unknown = capture();
  assert.equal(
    await main(['trust-root', 'inspect', '--name', 'nope', join(VECTORS, 'tuf/trustroots.yaml')], unknown),
    2,
  );
  assert.match(unknown.out_.concat(unknown.err_).join('\n'), /no TrustRoot named "nope"/);
});

// verify-bundle --trust-root: the project's signing instance (test-vectors/trusted_root.json)
// given as a TrustRoot with inline sigstoreKeys, converted the way policy-controller does.
function sigstoreKeysYaml(): string {
  const tr = JSON.parse(readFileSync(join(VECTORS, 'trusted_root.json'), 'utf8'));
  const pem = (label: string, b64: string) =>
    `-----BEGIN ${label}-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----\n`;
  const chain = (a: any) =>
    Buffer.from(a.certChain.certificates.map((c: any) => pem('CERTIFICATE', c.rawBytes)).join('')).toString('base64');
  const ca = (a: any) => ({ subject: a.subject, uri: a.uri, certChain: chain(a) });
  const log = (l: any) => ({
    baseURL: l.baseUrl,
    hashAlgorithm: 'sha-256',
    publicKey: Buffer.from(pem('PUBLIC KEY', l.publicKey.rawBytes)).toString('base64'),
  });
  const doc = (name: string, keys: unknown) => ({
    apiVersion: 'policy.sigstore.dev/v1alpha1',
    kind: 'TrustRoot',
    metadata: { name },
    spec: { sigstoreKeys: keys },
  });
  return [
    doc('private', {
      certificateAuthorities: tr.certificateAuthorities.map(ca),
      tLogs: tr.tlogs.map(log),
      ctLogs: tr.ctlogs.map(log),
      timestampAuthorities: tr.timestampAuthorities.map(ca),
    }),
    doc('tsa-only', { timestampAuthorities: tr.timestampAuthorities.map(ca) }),
  ]
    .map((d) => `---\n${stringify(d)}`)
    .join('');
}

test('verify-bundle --trust-root accepts a TrustRoot YAML (FILE#NAME) and a trusted_root.json', async () => {
  const yamlPath = join(tmp, 'trustroots.yaml');
  writeFileSync(yamlPath, sigstoreKeysYaml());
  const bundle = (c: string) => [
    '--bundle',
    join(VECTORS, `bundles/${c}/bundle.sigstore.json`),
    join(VECTORS, `bundles/${c}/artifact`),
  ];
  const identity = [
    '--certificate-identity',
    'alice@example.com',
    '--certificate-oidc-issuer',
    'https://accounts.example.com',
  ];
  for (const trust of [`${yamlPath}#private`, join(VECTORS, 'trusted_root.json')]) {
    const ok = capture();
    assert.equal(
      await main(['verify-bundle', ...identity, '--trust-root', trust, ...bundle('keyless-v0.3-message')], ok),
      0,
      ok.err_.join('\n'),
    );
    const other = capture();
    assert.equal(
      await main(['verify-bundle', ...identity, '--trust-root', trust, ...bundle('keyless-other-ca')], other),
      1,
    );
  }
  // the TSA-only root has no CA: the same bundle does not verify against it
  const noCa = capture();
  assert.equal(
    await main(
      ['verify-bundle', ...identity, '--trust-root', `${yamlPath}#tsa-only`, ...bundle('keyless-v0.3-message')],
      noCa,
    ),
    1,
  );
  // several TrustRoots without a name is an input error naming them
  const ambiguous = capture();
  assert.equal(
    await main(['verify-bundle', ...identity, '--trust-root', yamlPath, ...bundle('keyless-v0.3-message')], ambiguous),
    2,
  );
  assert.match(
    ambiguous.out_.concat(ambiguous.err_).join('\n'),
    /holds 2 TrustRoots \(private, tsa-only\); choose one by name/,
  );
});

test('verify-bundle --trust-root with an air-gapped TUF repository (mirrorFS) distributing the signing instance', async () => {
  // A fresh TUF repository whose trusted_root.json target is the project's signing instance.
  const far = '2036-01-01T00:00:00Z';
  const files = buildRepository({
    roots: [singleKeyRoot()],
    targets: [{ name: 'trusted_root.json', bytes: readFileSync(join(VECTORS, 'trusted_root.json')) }],
    expires: { timestamp: far, snapshot: far, targets: far },
  });
  const path = join(tmp, 'mirrorfs-trustroot.yaml');
  writeFileSync(path, repositoryTrustRootYaml('air-gapped', files.get('1.root.json')!, mirrorFsInMemory(files)));
  const identity = [
    '--certificate-identity',
    'alice@example.com',
    '--certificate-oidc-issuer',
    'https://accounts.example.com',
  ];
  const run = async (c: string) => {
    const io = capture();
    const code = await main(
      [
        'verify-bundle',
        ...identity,
        '--trust-root',
        path,
        '--bundle',
        join(VECTORS, `bundles/${c}/bundle.sigstore.json`),
        join(VECTORS, `bundles/${c}/artifact`),
      ],
      io,
    );
    return { code, text: io.out_.concat(io.err_).join('\n') };
  };
  const ok = await run('keyless-v0.3-message');
  assert.equal(ok.code, 0, ok.text);
  assert.equal((await run('keyless-other-ca')).code, 1);
  // the same file's trust root, inspected
  const io = capture();
  assert.equal(await main(['trust-root', 'inspect', '--json', path], io), 0);
  assert.deepEqual(
    JSON.parse(io.out_.join('\n')).trustRoots.map((t: any) => t.name),
    ['air-gapped'],
  );
});

test('trust-root inspect public-good / staging: the roots built into sigguard, by name', async () => {
  for (const [name, fulcio] of [
    ['public-good', 'https://fulcio.sigstore.dev'],
    ['staging', 'https://fulcio.sigstage.dev'],
  ] as const) {
    const io = capture();
    assert.equal(await main(['trust-root', 'inspect', name], io), 0, io.err_.join('\n'));
    const text = io.out_.join('\n');
    assert.match(text, /^trust root \S+ \(sha256 [0-9a-f]{64}\)/);
    assert.ok(text.includes(fulcio), `${name}: ${text.slice(0, 400)}`);
    assert.deepEqual(io.err_, []);
  }
  const json = capture();
  assert.equal(await main(['trust-root', 'inspect', 'public-good', '--json'], json), 0);
  assert.ok(JSON.parse(json.out_.join('\n')).trustRoots[0].tlogs.length >= 1);
  const named = capture();
  assert.equal(await main(['trust-root', 'inspect', 'staging', '--name', 'x'], named), 2);
  assert.match(named.err_.join('\n'), /--name applies to files/);
});

test('trust-root inspect on a ClusterImagePolicy says so (and where it belongs), exit 2', async () => {
  const policy = sigguardSample('policy.yaml');
  const io = capture();
  assert.equal(await main(['trust-root', 'inspect', policy], io), 2);
  assert.match(
    io.err_.join('\n'),
    /policy\.yaml: this is a ClusterImagePolicy, not trust material: give it to sigguard verify-image --policy/,
  );
  assert.deepEqual(io.out_, []);
  // A kubectl List of policies too.
  const list = join(tmp, 'list.yaml');
  writeFileSync(
    list,
    stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'policy.sigstore.dev/v1beta1', kind: 'ClusterImagePolicy', metadata: { name: 'p' }, spec: {} },
      ],
    }),
  );
  const io2 = capture();
  assert.equal(await main(['trust-root', 'inspect', list], io2), 2);
  assert.match(io2.err_.join('\n'), /this is a ClusterImagePolicy/);
});
