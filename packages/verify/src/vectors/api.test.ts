// The programmatic API signs fresh artifacts at test time; what it signs verifies through
// sigguard's verifyBundle, and a tampered copy does not.
import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify as nodeVerify, X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import { RFC3161Timestamp } from '@sigstore/core';
import { compileIdentities, readSignerCertificate } from '@sigguard/identity';
import { parseTrustedRoot } from '@sigguard/trust-root';
import { publicKeyFromPem, verifyBundle } from '../index.ts';
import {
  canonicalJSON,
  cosignLegacyAttestation,
  cosignLegacySignature,
  githubWorkflowExtensions,
  sharedTestSigstore,
  simpleSigningPayload,
} from '@sigguard/test-vectors';

const s = await sharedTestSigstore();
const trustRoot = parseTrustedRoot(s.trustedRoot());
const alice = { subject: 'alice@example.com', issuer: 'https://accounts.example.com' };
const identities = compileIdentities([alice]);

function tampered(bytes: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[0] = (copy[0] ?? 0) ^ 0xff;
  return copy;
}

function failedCode(result: { checks: { status: string; code?: string }[] }): string | undefined {
  return result.checks.find((c) => c.status === 'fail')?.code;
}

test('trustedRoot() is a v0.1 trusted root listing the CA, the Rekor v1 and v2 logs, the CT log and the TSA', () => {
  const root = s.trustedRoot();
  assert.equal(root.mediaType, 'application/vnd.dev.sigstore.trustedroot+json;version=0.1');
  assert.deepEqual(
    [root.certificateAuthorities.length, root.tlogs.length, root.ctlogs.length, root.timestampAuthorities.length],
    [1, 2, 1, 1],
  );
  assert.equal(root.certificateAuthorities[0]?.certChain.certificates.length, 2);
});

test('keyless: a fresh artifact verifies, a tampered copy does not', async () => {
  const artifact = new TextEncoder().encode(`fresh artifact ${Date.now()}`);
  const signed = await s.signKeyless({ ...alice, artifact, withTimestamp: true });
  const ok = await verifyBundle(signed.bundle as never, { artifact, trustRoot, identities });
  assert.equal(ok.ok, true, JSON.stringify(ok.checks));
  const bad = await verifyBundle(signed.bundle as never, { artifact: tampered(artifact), trustRoot, identities });
  assert.equal(bad.ok, false);
  assert.equal(failedCode(bad), 'ARTIFACT_DIGEST');
});

test('keyless: the certificate carries the SAN, the issuer and the code-signing EKU', async () => {
  const signed = await s.signKeyless({ ...alice, artifact: new Uint8Array([1, 2, 3]) });
  const cert = new X509Certificate(signed.certificatePEM ?? '');
  assert.equal(cert.subjectAltName, 'email:alice@example.com');
  assert.ok(cert.checkIssued(new X509Certificate(Buffer.from(s.fulcio.intermediate.cert.rawData))));
  assert.ok(cert.keyUsage?.includes('1.3.6.1.5.5.7.3.3'));
  assert.equal(readSignerCertificate(new Uint8Array(cert.raw)).extensions.issuer, alice.issuer);
  assert.match(signed.chainPEM ?? '', /(-----BEGIN CERTIFICATE-----[\s\S]+){2}/);
});

test('keyless: GitHub workflow extensions 1.2–1.6 and 1.9–1.22 read back through @sigguard/identity', async () => {
  const gh = githubWorkflowExtensions({
    repository: 'octo/app',
    workflowPath: '.github/workflows/ci.yml',
    ref: 'refs/heads/main',
    sha: 'b'.repeat(40),
  });
  const subject = 'https://github.com/octo/app/.github/workflows/ci.yml@refs/heads/main';
  const signed = await s.signKeyless({
    subject,
    issuer: gh.issuer ?? '',
    extensions: gh,
    artifact: new Uint8Array([4]),
  });
  const read = readSignerCertificate(new Uint8Array(signed.certificate?.rawData ?? new ArrayBuffer(0)));
  for (const [name, value] of Object.entries(gh)) {
    assert.equal((read.extensions as Record<string, string | undefined>)[name], value, name);
  }
  const matcher = compileIdentities([
    { subject, issuer: gh.issuer ?? '', extensions: { sourceRepositoryRef: 'refs/heads/main' } },
  ]);
  const ok = await verifyBundle(signed.bundle as never, {
    artifact: new Uint8Array([4]),
    trustRoot,
    identities: matcher,
  });
  assert.equal(ok.ok, true, JSON.stringify(ok.checks));
});

test('key-based: a fresh artifact verifies with the signer key, not with a tampered artifact or another key', async () => {
  const artifact = new TextEncoder().encode('key-signed');
  const signed = await s.signWithKey({ artifact, key: 'ecdsa-p256' });
  const keys = [publicKeyFromPem(signed.publicKeyPEM)];
  assert.equal((await verifyBundle(signed.bundle as never, { artifact, trustRoot, keys })).ok, true);
  assert.equal(
    (await verifyBundle(signed.bundle as never, { artifact: tampered(artifact), trustRoot, keys })).ok,
    false,
  );
  const other = await s.signWithKey({ artifact, key: 'ecdsa-p256' });
  assert.equal(
    (await verifyBundle(signed.bundle as never, { artifact, trustRoot, keys: [publicKeyFromPem(other.publicKeyPEM)] }))
      .ok,
    false,
  );
});

test('DSSE: a fresh statement verifies and yields the statement; a different artifact does not match its subject', async () => {
  const artifact = new TextEncoder().encode('attested artifact');
  const digest = createHash('sha256').update(artifact).digest('hex');
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'a', digest: { sha256: digest } }],
    predicateType: 'https://example.com/p',
    predicate: { ok: true },
  };
  const signed = await s.signKeyless({ ...alice, dsseStatement: statement, withTimestamp: true });
  const ok = await verifyBundle(signed.bundle as never, { artifact, trustRoot, identities });
  assert.equal(ok.ok, true, JSON.stringify(ok.checks));
  assert.deepEqual(ok.statement, statement);
  const bad = await verifyBundle(signed.bundle as never, { artifact: tampered(artifact), trustRoot, identities });
  assert.equal(failedCode(bad), 'ARTIFACT_DIGEST');
});

test('cosign legacy .sig pieces: signature, certificate, Rekor bundle annotation and RFC 3161 timestamp all check out', async () => {
  const payload = simpleSigningPayload('registry.test/app', `sha256:${'c'.repeat(64)}`);
  const layer = await cosignLegacySignature(s, payload, { signer: alice, withTimestamp: true });
  const cert = new X509Certificate(layer.certificatePEM ?? '');
  // The signature annotation verifies over the layer payload with the certificate key.
  assert.ok(nodeVerify('sha256', payload, cert.publicKey, Buffer.from(layer.signatureB64, 'base64')));
  // The SET covers the canonical {body, integratedTime, logID, logIndex}, signed by the trusted Rekor key.
  const rekorKey = createPublicKey({
    key: Buffer.from(s.trustedRoot().tlogs[0]?.publicKey.rawBytes ?? '', 'base64'),
    format: 'der',
    type: 'spki',
  });
  const rb = layer.rekorBundle;
  assert.ok(rb);
  assert.ok(
    nodeVerify(
      'sha256',
      Buffer.from(canonicalJSON(rb.Payload)),
      rekorKey,
      Buffer.from(rb.SignedEntryTimestamp, 'base64'),
    ),
  );
  assert.ok(
    !nodeVerify(
      'sha256',
      Buffer.from(canonicalJSON({ ...rb.Payload, logIndex: rb.Payload.logIndex + 1 })),
      rekorKey,
      Buffer.from(rb.SignedEntryTimestamp, 'base64'),
    ),
  );
  const body = JSON.parse(Buffer.from(rb.Payload.body, 'base64').toString()) as {
    kind: string;
    spec: { data: { hash: { value: string } } };
  };
  assert.equal(body.kind, 'hashedrekord');
  assert.equal(body.spec.data.hash.value, createHash('sha256').update(payload).digest('hex'));
  assert.equal(JSON.parse(layer.annotations['dev.sigstore.cosign/bundle'] ?? '{}').Payload.logID, rb.Payload.logID);
  // The RFC 3161 timestamp is over the raw signature, signed by the TSA leaf.
  const tsaLeaf = new X509Certificate(Buffer.from(s.tsa.leaf.cert.rawData));
  const ts = RFC3161Timestamp.parse(Buffer.from(layer.rfc3161Timestamp ?? new Uint8Array()));
  ts.verify(Buffer.from(layer.signatureB64, 'base64'), tsaLeaf.publicKey);
  assert.throws(() => ts.verify(Buffer.from('something else'), tsaLeaf.publicKey));
  // The same material as a v0.1 bundle verifies end to end.
  const result = await verifyBundle(layer.signed.bundle as never, { artifact: payload, trustRoot, identities });
  assert.equal(result.ok, true, JSON.stringify(result.checks));
});

test('cosign legacy .att pieces: the layer is the DSSE envelope and the intoto entry matches it', async () => {
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'registry.test/app', digest: { sha256: 'd'.repeat(64) } }],
    predicateType: 'https://slsa.dev/provenance/v1',
    predicate: {},
  };
  const layer = await cosignLegacyAttestation(s, statement, { signer: { key: 'ecdsa-p256' }, withTimestamp: true });
  assert.equal(layer.signatureB64, '');
  assert.equal(layer.certificatePEM, undefined);
  const envelope = JSON.parse(new TextDecoder().decode(layer.payload)) as { payload: string; payloadType: string };
  assert.deepEqual(JSON.parse(Buffer.from(envelope.payload, 'base64').toString()), statement);
  const body = JSON.parse(Buffer.from(layer.rekorBundle?.Payload.body ?? '', 'base64').toString()) as {
    kind: string;
    spec: { content: { hash: { value: string } } };
  };
  assert.equal(body.kind, 'intoto');
  assert.equal(body.spec.content.hash.value, createHash('sha256').update(layer.payload).digest('hex'));
  // As a v0.1 bundle (the SET covers the intoto entry) it verifies with the signing key.
  const result = await verifyBundle(layer.signed.bundle as never, {
    artifactDigest: { algorithm: 'sha256', hex: 'd'.repeat(64) },
    trustRoot,
    keys: [publicKeyFromPem(layer.publicKeyPEM)],
  });
  assert.equal(result.ok, true, JSON.stringify(result.checks));
  const tsaLeaf = new X509Certificate(Buffer.from(s.tsa.leaf.cert.rawData));
  RFC3161Timestamp.parse(Buffer.from(layer.rfc3161Timestamp ?? new Uint8Array())).verify(
    Buffer.from(layer.payload),
    tsaLeaf.publicKey,
  );
});
