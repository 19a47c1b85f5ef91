// TrustRoot YAML validation (errors name the document and the field), inline
// sigstoreKeys, and the per-authority PEM chain override.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';
import {
  composeTrustRoot,
  loadTrustRootsFromYaml,
  parseTrustRootYaml,
  parseTrustedRoot,
  TrustRootLoadError,
  withCertificateChain,
} from './index.ts';

const VECTORS = fileURLToPath(new URL('../../../test-vectors/tuf/', import.meta.url));
const NOW = new Date('2026-12-01T00:00:00Z');
const root = readFileSync(VECTORS + 'trusted-root/root.json').toString('base64');
const inline = parseTrustRootYaml(readFileSync(VECTORS + 'trustroots.yaml', 'utf8')).find(
  (r) => r.name === 'inline-keys',
)!;
// The inline-keys document of the generated file, as a fresh plain object to mutate.
const inlineDoc = (): any =>
  parseAllDocuments(readFileSync(VECTORS + 'trustroots.yaml', 'utf8'))
    .map((d) => d.toJS() as any)
    .find((d) => d?.metadata?.name === 'inline-keys');

const doc = (spec: unknown, name = 'tr') => ({
  apiVersion: 'policy.sigstore.dev/v1alpha1',
  kind: 'TrustRoot',
  metadata: { name },
  spec,
});
const yamlOf = (...docs: unknown[]) => docs.map((d) => `---\n${stringify(d)}`).join('');

function invalid(text: string, message: RegExp): void {
  assert.throws(
    () => parseTrustRootYaml(text, { where: 'f.yaml' }),
    (e: unknown) => {
      assert.ok(e instanceof TrustRootLoadError, String(e));
      assert.equal(e.reason, 'RESOURCE_INVALID');
      assert.match(e.message, message);
      return true;
    },
  );
}

test('validation errors name the document and the field', () => {
  const good = doc({ repository: { root, mirrorFS: 'AAAA' } }, 'first');
  invalid(
    yamlOf(good, doc({ repository: { root, mirrorFS: 'AAAA', foo: 1 } }, 'second')),
    /^TrustRoot second \(f\.yaml document 2, line \d+\): spec\.repository\.foo: unknown field/,
  );
  invalid(
    yamlOf(doc({ repository: { mirrorFS: 'AAAA' } })),
    /TrustRoot tr \(f\.yaml document 1, line 1\): spec\.repository\.root: missing field/,
  );
  invalid(yamlOf(doc({ repository: { root } })), /spec\.repository\.mirrorFS: missing field/);
  invalid(
    yamlOf(doc({ repository: { root: Buffer.from('nope').toString('base64'), mirrorFS: 'AAAA' } })),
    /spec\.repository\.root: is not a JSON TUF root\.json/,
  );
  invalid(yamlOf(doc({ remote: { root } })), /spec\.remote\.mirror: missing field/);
  invalid(
    yamlOf(doc({ remote: { mirror: 'https://x' }, sigstoreKeys: {} })),
    /spec: expected exactly one of repository, remote, sigstoreKeys, got remote and sigstoreKeys/,
  );
  invalid(yamlOf(doc({})), /spec: expected exactly one of repository, remote, sigstoreKeys, got neither/);
  invalid(
    yamlOf({ ...doc({ remote: { mirror: 'https://x' } }), apiVersion: 'policy.sigstore.dev/v1beta1' }),
    /f\.yaml document 1, line 1: apiVersion: must be policy\.sigstore\.dev\/v1alpha1/,
  );
  invalid(
    yamlOf({ ...doc({ remote: { mirror: 'https://x' } }), metadata: {} }),
    /f\.yaml document 1, line 1: metadata\.name: missing field/,
  );
  invalid(
    yamlOf(good, good),
    /TrustRoot first \(f\.yaml document 2, line \d+\): metadata\.name "first" is already used by TrustRoot first \(f\.yaml document 1/,
  );
  invalid('apiVersion: [unclosed\n', /f\.yaml document 1, line 1: invalid YAML/);
  invalid(
    yamlOf({
      ...doc({ remote: { mirror: 'https://x' } }),
      metadata: { name: 'p', annotations: { 'sigguard.dev/root-sha256': 'xyz' } },
    }),
    /metadata\.annotations\.sigguard\.dev\/root-sha256: must be 64 hex digits/,
  );
});

test('other kinds in a multi-document file are an error unless asked to be ignored', () => {
  const cip = {
    apiVersion: 'policy.sigstore.dev/v1beta1',
    kind: 'ClusterImagePolicy',
    metadata: { name: 'p' },
    spec: {},
  };
  const text = yamlOf(cip, doc({ remote: { mirror: 'https://tuf.example' } }));
  invalid(text, /f\.yaml document 1, line 1: (apiVersion|kind): must be/);
  const only = parseTrustRootYaml(text, { ignoreOtherKinds: true });
  assert.deepEqual(
    only.map((r) => [r.name, r.spec.remote?.mirror, r.spec.remote?.targets]),
    [['tr', 'https://tuf.example', 'targets']],
  );
});

test('sigstoreKeys: field errors and policy-controller conversion rules', async () => {
  const load = (mutate: (d: any) => void) => {
    const d = inlineDoc();
    mutate(d);
    return loadTrustRootsFromYaml(yamlOf(d), { where: 'k.yaml', now: NOW });
  };
  const rejects = (mutate: (d: any) => void, message: RegExp) =>
    assert.rejects(load(mutate), (e: unknown) => e instanceof TrustRootLoadError && message.test(e.message));
  await rejects(
    (d) => delete d.spec.sigstoreKeys.certificateAuthorities[0].subject.organization,
    /TrustRoot inline-keys \(k\.yaml document 1, line 1\): spec\.sigstoreKeys\.certificateAuthorities\[0\]\.subject\.organization: missing field/,
  );
  await rejects(
    (d) => (d.spec.sigstoreKeys.tLogs[0].hashAlgorithm = 'md5'),
    /spec\.sigstoreKeys\.tLogs\[0\]\.hashAlgorithm: unsupported hashAlgorithm "md5"/,
  );
  await rejects(
    (d) => (d.spec.sigstoreKeys.ctLogs[0].publicKey = 'not base64!'),
    /spec\.sigstoreKeys\.ctLogs\[0\]\.publicKey: is not valid base64/,
  );
  await rejects(
    (d) =>
      (d.spec.sigstoreKeys.tLogs[0].publicKey = Buffer.from(
        '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n',
      ).toString('base64')),
    /spec\.sigstoreKeys\.tLogs\[0\]\.publicKey: not a valid DER SubjectPublicKeyInfo/,
  );
  await rejects((d) => {
    d.spec.sigstoreKeys.certificateAuthorities = [];
    d.spec.sigstoreKeys.timestampAuthorities = [];
  }, /spec\.sigstoreKeys: needs at least one certificateAuthorities or timestampAuthorities entry/);
  await rejects((d) => {
    const pem = Buffer.from(d.spec.sigstoreKeys.timestampAuthorities[0].certChain, 'base64').toString();
    const leaf = pem.slice(0, pem.indexOf('-----END CERTIFICATE-----') + 26);
    d.spec.sigstoreKeys.timestampAuthorities[0].certChain = Buffer.from(leaf + leaf + pem).toString('base64');
  }, /timestampAuthorities\[0\]\.certChain: holds 3 leaf certificates; a TSA chain may hold at most one/);
  // hashAlgorithm accepts sha256 as well as sha-256; validity starts at the epoch, as policy-controller writes it
  const [root] = [...(await load((d) => (d.spec.sigstoreKeys.tLogs[0].hashAlgorithm = 'SHA256')))];
  assert.equal((root!.json as any).tlogs[0].hashAlgorithm, 'SHA2_256');
  assert.equal((root!.json as any).certificateAuthorities[0].validFor.start, '1970-01-01T00:00:00Z');
  assert.equal(inline.spec.sigstoreKeys!.certificateAuthorities!.length, 1);
});

test('PEM chain override replaces the certificate authorities of one trust root, keeping logs and TSAs', async () => {
  const [base] = [...(await loadTrustRootsFromYaml(yamlOf(inlineDoc()), { now: NOW }))];
  const tsaPem = Buffer.from(inlineDoc().spec.sigstoreKeys.timestampAuthorities[0].certChain, 'base64').toString();
  const custom = withCertificateChain(base!, tsaPem, 'authority keyless-1 certChain');
  assert.equal(custom.name, base!.name);
  assert.notEqual(custom.digest, base!.digest);
  assert.deepEqual(
    (custom.json as any).certificateAuthorities[0].certChain,
    (base!.json as any).timestampAuthorities[0].certChain,
  );
  assert.equal(custom.trustedRoot.certificateAuthorities.length, 1);
  assert.deepEqual((custom.json as any).tlogs, (base!.json as any).tlogs);
  assert.deepEqual((custom.json as any).timestampAuthorities, (base!.json as any).timestampAuthorities);
  // the base root is untouched
  assert.notDeepEqual((base!.json as any).certificateAuthorities, (custom.json as any).certificateAuthorities);
  assert.throws(
    () => withCertificateChain(base!, 'not a pem', 'authority a certChain'),
    (e: unknown) =>
      e instanceof TrustRootLoadError &&
      e.reason === 'BAD_PEM' &&
      /authority a certChain: no PEM block found/.test(e.message),
  );
  assert.throws(
    () => withCertificateChain(base!, '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----', 'c'),
    (e: unknown) =>
      e instanceof TrustRootLoadError && /PEM block 1 is "PUBLIC KEY", expected CERTIFICATE/.test(e.message),
  );
});

test('composeTrustRoot takes CAs and CT logs from one root, transparency logs and TSAs from others', async () => {
  const [inlineRoot] = [...(await loadTrustRootsFromYaml(yamlOf(inlineDoc()), { now: NOW }))];
  const generated = parseTrustedRoot(readFileSync(VECTORS + '../trusted_root.json', 'utf8'), { name: 'generated' });
  const ca = inlineRoot!;
  assert.equal(composeTrustRoot({ ca, tlog: ca, tsa: ca }), ca, 'one root for all three is that root');
  const mixed = composeTrustRoot({ ca, tlog: generated, tsa: ca });
  assert.equal(mixed.name, `${ca.name}+generated+${ca.name}`);
  const j = (r: typeof ca) => r.json as any;
  assert.deepEqual(j(mixed).certificateAuthorities, j(ca).certificateAuthorities);
  assert.deepEqual(j(mixed).ctlogs, j(ca).ctlogs);
  assert.deepEqual(j(mixed).tlogs, j(generated).tlogs);
  assert.deepEqual(j(mixed).timestampAuthorities, j(ca).timestampAuthorities);
  assert.notDeepEqual(
    j(mixed).tlogs,
    j(ca).tlogs,
    'the two roots have different logs, so the test shows which was taken',
  );
  const noTsa = composeTrustRoot({
    ca,
    tlog: ca,
    tsa: parseTrustedRoot({ ...j(generated), timestampAuthorities: [] }),
  });
  assert.deepEqual(j(noTsa).timestampAuthorities, []);
});
