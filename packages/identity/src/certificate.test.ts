// readSignerCertificate + matching on certificates from the project's test CA (@sigguard/test-vectors)
// and on hand-made certificates for the cases a CA does not issue (otherName, critical unknowns, …).
import 'reflect-metadata';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { GeneralName, OtherName, SubjectAlternativeName } from '@peculiar/asn1-x509';
import { Utf8String } from 'asn1js';
import { generateKeyPair, githubWorkflowExtensions, sharedTestSigstore } from '@sigguard/test-vectors';
import { CertificateError, compileIdentities, readSignerCertificate, SIGSTORE_OTHERNAME_OID } from './index-node.ts';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const GHA = 'https://token.actions.githubusercontent.com';
const NOW = new Date('2026-01-02T03:04:05Z');
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

const der = (c: x509.X509Certificate) => new Uint8Array(c.rawData);
const utf8Der = (s: string) => new Utf8String({ value: s }).toBER(false);
const raw = (s: string) => new TextEncoder().encode(s);

async function makeCert(extensions: x509.Extension[], opts: { ca?: boolean } = {}): Promise<x509.X509Certificate> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const exts = [...extensions];
  if (opts.ca) exts.push(new x509.BasicConstraintsExtension(true, 0, true));
  return x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '0a1b',
    name: 'O=sigguard-identity-test',
    notBefore: NOW,
    notAfter: new Date(NOW.getTime() + 600_000),
    keys,
    signingAlgorithm: ALG,
    extensions: exts,
  });
}

function sanExtension(names: GeneralName[], critical = true): x509.Extension {
  return new x509.Extension('2.5.29.17', critical, AsnConvert.serialize(new SubjectAlternativeName(names)));
}
const otherName = (oid: string, value: string) =>
  new GeneralName({ otherName: new OtherName({ typeId: oid, value: utf8Der(value) }) });
const fulcio = (arc: number, value: BufferSource) => new x509.Extension(`1.3.6.1.4.1.57264.1.${arc}`, false, value);

test('test CA: GitHub workflow certificate exposes issuer and every extension it carries', async () => {
  const sigstore = await sharedTestSigstore();
  const ext = githubWorkflowExtensions({
    repository: 'acme/app',
    workflowPath: '.github/workflows/release.yml',
    ref: 'refs/tags/v1.2.3',
    sha: 'a'.repeat(40),
    trigger: 'push',
  });
  const subject = 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.2.3';
  const leaf = await sigstore.fulcio.issue({
    key: await generateKeyPair('ecdsa-p256'),
    subject,
    issuer: GHA,
    extensions: ext,
    notBefore: NOW,
  });
  const cert = readSignerCertificate(der(leaf));
  assert.deepEqual(cert.sans, [{ type: 'uri', value: subject }]);
  assert.equal(cert.issuer, GHA);
  assert.equal(cert.notBefore.getTime(), NOW.getTime());
  assert.equal(cert.notAfter.getTime() - cert.notBefore.getTime(), 600_000);
  for (const name of [
    'githubWorkflowTrigger',
    'githubWorkflowSHA',
    'githubWorkflowRepository',
    'githubWorkflowRef',
    'buildSignerURI',
    'runnerEnvironment',
    'sourceRepositoryURI',
    'sourceRepositoryRef',
    'buildTrigger',
    'runInvocationURI',
    'sourceRepositoryVisibilityAtSigning',
  ] as const) {
    assert.equal(cert.extensions[name], ext[name], name);
  }
  assert.deepEqual(cert.unknownCriticalExtensions, [], 'the CT poison is removed from the final certificate');

  const policy = compileIdentities([
    {
      issuer: GHA,
      subjectRegExp: '^https://github\\.com/acme/app/\\.github/workflows/release\\.yml@refs/tags/v[0-9.]+$',
      extensions: {
        sourceRepositoryURI: 'https://github.com/acme/app',
        sourceRepositoryRef: 'refs/tags/v1.2.3',
        runnerEnvironment: 'github-hosted',
        buildTrigger: 'push',
      },
    },
  ]);
  assert.equal(policy.match(cert).ok, true, policy.match(cert).reason);
  const selfHostedOnly = compileIdentities([
    { issuer: GHA, subject, extensions: { runnerEnvironment: 'self-hosted' } },
  ]).match(cert);
  assert.equal(selfHostedOnly.ok, false);
  assert.match(selfHostedOnly.reason, /runnerEnvironment is "github-hosted", required "self-hosted"/);
});

test('test CA: email certificate; identities are ORed; issuer exact', async () => {
  const sigstore = await sharedTestSigstore();
  const leaf = await sigstore.fulcio.issue({
    key: await generateKeyPair('ecdsa-p256'),
    subject: 'dev@acme.test',
    issuer: 'https://accounts.google.com',
    notBefore: NOW,
  });
  const cert = readSignerCertificate(der(leaf));
  assert.deepEqual(cert.sans, [{ type: 'email', value: 'dev@acme.test' }]);
  const m = compileIdentities([
    { issuer: GHA, subjectRegExp: '.*' },
    { issuer: 'https://accounts.google.com', subject: 'dev@acme.test' },
  ]).match(cert);
  assert.equal(m.ok, true);
  assert.equal(m.identity, 1);
  assert.equal(
    compileIdentities([{ issuer: 'https://accounts.google.com/', subject: 'dev@acme.test' }]).match(cert).ok,
    false,
  );
  assert.equal(
    compileIdentities([{ issuerRegExp: '^https://accounts\\.google\\.com$', subjectRegExp: '@acme\\.test$' }]).match(
      cert,
    ).ok,
    true,
  );
});

test('Sigstore otherName SAN, DNS and IP SANs are all compared; other otherNames are not', async () => {
  const cert = readSignerCertificate(
    der(
      await makeCert([
        sanExtension([
          otherName(SIGSTORE_OTHERNAME_OID, 'alice!example.com'),
          otherName('1.3.6.1.4.1.311.20.2.3', 'upn@corp.test'),
          new GeneralName({ dNSName: 'build.acme.test' }),
          new GeneralName({ iPAddress: '10.1.2.3' }),
        ]),
        fulcio(1, raw('https://idp.acme.test')),
        fulcio(8, utf8Der('https://idp.acme.test')),
      ]),
    ),
  );
  assert.deepEqual(cert.sans, [
    { type: 'otherName', value: 'alice!example.com' },
    { type: 'dns', value: 'build.acme.test' },
    { type: 'ip', value: '10.1.2.3' },
  ]);
  assert.match(cert.warnings.join('\n'), /otherName 1\.3\.6\.1\.4\.1\.311\.20\.2\.3 is not Sigstore's/);
  const id = (subject: string) => compileIdentities([{ issuer: 'https://idp.acme.test', subject }]).match(cert).ok;
  assert.equal(id('alice!example.com'), true);
  assert.equal(id('build.acme.test'), true);
  assert.equal(id('10.1.2.3'), true);
  assert.equal(id('upn@corp.test'), false);
});

test('issuer: 1.8 preferred over 1.1; disagreement is reported; 1.1 alone still works', async () => {
  const both = readSignerCertificate(
    der(
      await makeCert([
        sanExtension([new GeneralName({ rfc822Name: 'a@b.test' })]),
        fulcio(1, raw('https://old.test')),
        fulcio(8, utf8Der('https://new.test')),
      ]),
    ),
  );
  assert.equal(both.issuer, 'https://new.test');
  assert.match(both.warnings.join(), /disagree/);
  assert.equal(compileIdentities([{ issuer: 'https://old.test', subject: 'a@b.test' }]).match(both).ok, false);
  assert.equal(compileIdentities([{ issuer: 'https://new.test', subject: 'a@b.test' }]).match(both).ok, true);

  const v1 = readSignerCertificate(
    der(
      await makeCert([sanExtension([new GeneralName({ rfc822Name: 'a@b.test' })]), fulcio(1, raw('https://old.test'))]),
    ),
  );
  assert.equal(v1.issuer, 'https://old.test');

  const none = readSignerCertificate(
    der(await makeCert([sanExtension([new GeneralName({ rfc822Name: 'a@b.test' })])])),
  );
  assert.equal(none.issuer, undefined);
  const r = compileIdentities([{ issuerRegExp: '.*', subject: 'a@b.test' }]).match(none);
  assert.equal(r.ok, false, 'a missing issuer never satisfies an issuer regexp, not even .*');
  assert.match(r.reason, /no OIDC issuer/);
});

test('raw (1.2–1.6) and DER (1.9+) encodings are each read their own way; undecodable values are reported, not used', async () => {
  const cert = readSignerCertificate(
    der(
      await makeCert([
        sanExtension([new GeneralName({ rfc822Name: 'a@b.test' })]),
        fulcio(8, utf8Der('https://idp.test')),
        fulcio(3, raw('0123456789abcdef0123456789abcdef01234567')),
        fulcio(12, utf8Der('https://github.com/acme/app')),
        fulcio(14, raw('refs/heads/main')), // raw bytes where DER is required
        fulcio(5, new Uint8Array([0xff, 0xfe])), // not UTF-8
      ]),
    ),
  );
  assert.equal(cert.extensions.githubWorkflowSHA, '0123456789abcdef0123456789abcdef01234567');
  assert.equal(cert.extensions.sourceRepositoryURI, 'https://github.com/acme/app');
  assert.equal(cert.extensions.sourceRepositoryRef, undefined);
  assert.equal(cert.extensions.githubWorkflowRepository, undefined);
  assert.match(cert.warnings.join('\n'), /1\.14 \(sourceRepositoryRef\) ignored/);
  assert.match(cert.warnings.join('\n'), /1\.5 \(githubWorkflowRepository\) ignored: not valid UTF-8/);
  const r = compileIdentities([
    { issuer: 'https://idp.test', subject: 'a@b.test', extensions: { sourceRepositoryRef: 'refs/heads/main' } },
  ]).match(cert);
  assert.equal(r.ok, false);
  assert.match(r.reason, /sourceRepositoryRef is absent/);
});

test('unknown critical extensions are reported and fail identity matching; CA certificates are not signers', async () => {
  const cert = readSignerCertificate(
    der(
      await makeCert([
        sanExtension([new GeneralName({ rfc822Name: 'a@b.test' })]),
        fulcio(8, utf8Der('https://idp.test')),
        new x509.Extension('1.2.3.4.5.6.7', true, new Uint8Array([5, 0])),
      ]),
    ),
  );
  assert.deepEqual(cert.unknownCriticalExtensions, ['1.2.3.4.5.6.7']);
  const r = compileIdentities([{ issuer: 'https://idp.test', subject: 'a@b.test' }]).match(cert);
  assert.equal(r.ok, false);
  assert.match(r.reason, /unknown critical extension\(s\) 1\.2\.3\.4\.5\.6\.7/);

  const ca = readSignerCertificate(
    der(
      await makeCert(
        [sanExtension([new GeneralName({ rfc822Name: 'a@b.test' })]), fulcio(8, utf8Der('https://idp.test'))],
        { ca: true },
      ),
    ),
  );
  assert.equal(ca.isCA, true);
  assert.match(
    compileIdentities([{ issuer: 'https://idp.test', subject: 'a@b.test' }]).match(ca).reason,
    /CA certificate/,
  );
});

test('a certificate with the same extension twice is malformed (RFC 5280 §4.2), so no second issuer can sneak in', async () => {
  const twice = await makeCert([
    sanExtension([new GeneralName({ rfc822Name: 'a@b.test' })]),
    fulcio(8, utf8Der('https://good.test')),
    fulcio(8, utf8Der('https://evil.test')),
  ]);
  assert.throws(
    () => readSignerCertificate(der(twice)),
    (e: unknown) =>
      e instanceof CertificateError &&
      e.code === 'CERTIFICATE_MALFORMED' &&
      /1\.3\.6\.1\.4\.1\.57264\.1\.8 more than once/.test(e.message),
  );
});

test('a bare public key where a certificate is expected is refused (GHSA-fx35-mq7g-6g98)', async () => {
  const key = await generateKeyPair('ecdsa-p256');
  for (const input of [new Uint8Array(key.spki), key.publicKeyPEM]) {
    assert.throws(
      () => readSignerCertificate(input),
      (e: unknown) =>
        e instanceof CertificateError && e.code === 'CERTIFICATE_EXPECTED' && /GHSA-fx35-mq7g-6g98/.test(e.message),
    );
  }
  assert.throws(
    () => readSignerCertificate(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])),
    (e: unknown) => e instanceof CertificateError && e.code === 'CERTIFICATE_MALFORMED',
  );
  assert.throws(
    () => readSignerCertificate(new Uint8Array()),
    (e: unknown) => e instanceof CertificateError && e.code === 'CERTIFICATE_MALFORMED',
  );
  const good = await makeCert([sanExtension([new GeneralName({ rfc822Name: 'a@b.test' })])]);
  assert.throws(() => readSignerCertificate(new Uint8Array([...der(good), 0, 1])), /2 trailing byte\(s\)/);
  assert.throws(
    () => readSignerCertificate(der(good).subarray(0, 100)),
    (e: unknown) => e instanceof CertificateError && e.code === 'CERTIFICATE_MALFORMED',
  );
  // PEM text of a real certificate is accepted
  const cert = await makeCert([sanExtension([new GeneralName({ rfc822Name: 'a@b.test' })])]);
  assert.deepEqual(readSignerCertificate(cert.toString('pem')).sans, [{ type: 'email', value: 'a@b.test' }]);
});
