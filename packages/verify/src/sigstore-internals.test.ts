// The upstream members sigstore-internals.ts relies on exist in the installed @sigstore/verify and
// @sigstore/core, and mean what it takes them to mean. An upgrade that renames or removes one fails here
// by name (and verification itself then fails closed, "unsupported version", instead of skipping a step).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ASN1Obj, X509Certificate } from '@sigstore/core';
import { Verifier, toSignedEntity } from '@sigstore/verify';
import { bundleFromJSON } from '@sigstore/bundle';
import { loadVectors } from '@sigguard/test-vectors';
import { outerSignatureAlgorithm, sigstoreSteps, VERIFIER_STEP_NAMES } from './sigstore-internals.ts';
import { trustMaterialFor } from './trust-material.ts';
import { parseTrustedRoot } from '@sigguard/trust-root';

const v = loadVectors().find((x) => x.name === 'keyless-rekor-v2-tsa')!;

test('@sigstore/verify Verifier still has the four private steps verify() runs', () => {
  for (const name of VERIFIER_STEP_NAMES) {
    assert.equal(
      typeof (Verifier.prototype as unknown as Record<string, unknown>)[name],
      'function',
      `Verifier.prototype.${name}`,
    );
  }
  // verify() is those steps: its source names each one (a new fifth step would need a look here).
  const body = Verifier.prototype.verify.toString();
  for (const name of VERIFIER_STEP_NAMES) assert.match(body, new RegExp(`\\b${name}\\b`), `verify() calls ${name}`);
});

test('sigstoreSteps runs the real steps on a real bundle: timestamps, key, logs, signature', () => {
  const trustRoot = parseTrustedRoot(v.trustedRootJSON as object);
  const material = { ...trustMaterialFor(trustRoot), publicKey: () => assert.fail('a keyless bundle asks for no key') };
  const steps = sigstoreSteps(material, { tlogThreshold: 1, ctlogThreshold: 1, timestampThreshold: 1 });
  const entity = toSignedEntity(bundleFromJSON(v.bundleJSON), Buffer.from(v.artifactBytes));
  const times = steps.verifyTimestamps(entity);
  assert.ok(times.length > 0 && times.every((t) => t instanceof Date));
  steps.verifyTLogs(entity);
  const signer = steps.verifySigningKey(entity, times);
  steps.verifySignature(entity, signer);
});

const vm = (v.bundleJSON as any).verificationMaterial;
const signingCertificate = Buffer.from(
  vm.certificate?.rawBytes ?? vm.x509CertificateChain.certificates[0].rawBytes,
  'base64',
);

test("@sigstore/core X509Certificate's private signatureAlgorithmObj is the outer AlgorithmIdentifier", () => {
  const der = signingCertificate;
  const cert = X509Certificate.parse(der);
  const outer = outerSignatureAlgorithm(cert);
  assert.ok(outer, 'read');
  // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
  const expected = ASN1Obj.parseBuffer(der).subs[1]!.toDER();
  assert.deepEqual(Buffer.from(outer.toDER()), Buffer.from(expected));
});

test('a certificate object without the private getter fails closed by name', () => {
  const cert = X509Certificate.parse(signingCertificate);
  const bare = Object.setPrototypeOf({ ...cert }, Object.prototype) as X509Certificate;
  assert.throws(() => outerSignatureAlgorithm(bare), /signatureAlgorithmObj: unsupported version/);
});
