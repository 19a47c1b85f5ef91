// Real Fulcio certificates from the sigstore-conformance vectors (../shared). Skipped visibly when absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileIdentities, readSignerCertificate } from './index-node.ts';
import { CONFORMANCE_BEACON, sharedVectors } from '@sigguard/test-vectors/support/locations';

const { path: ASSETS, skip } = sharedVectors('sigstore-conformance/test/assets/bundle-verify');

function leaf(name: string): Uint8Array {
  const b = JSON.parse(readFileSync(join(ASSETS, name, 'bundle.sigstore.json'), 'utf8'));
  const vm = b.verificationMaterial;
  const raw = vm.certificate?.rawBytes ?? vm.x509CertificateChain?.certificates?.[0]?.rawBytes;
  return new Uint8Array(Buffer.from(raw, 'base64'));
}

const { subject: BEACON, issuer: GHA } = CONFORMANCE_BEACON;

test('GitHub Actions leaf: URI SAN, issuer, every Fulcio extension', { skip }, () => {
  const cert = readSignerCertificate(leaf('happy-path-v0.3'));
  assert.deepEqual(cert.sans, [{ type: 'uri', value: BEACON }]);
  assert.equal(cert.issuer, GHA);
  assert.equal(cert.extensions.githubWorkflowTrigger, 'workflow_dispatch');
  assert.equal(cert.extensions.githubWorkflowRepository, 'sigstore-conformance/extremely-dangerous-public-oidc-beacon');
  assert.equal(cert.extensions.githubWorkflowRef, 'refs/heads/main');
  assert.equal(
    cert.extensions.sourceRepositoryURI,
    'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon',
  );
  assert.equal(cert.extensions.sourceRepositoryRef, 'refs/heads/main');
  assert.equal(cert.extensions.buildSignerURI, BEACON);
  assert.equal(cert.extensions.runnerEnvironment, 'github-hosted');
  assert.equal(cert.extensions.sourceRepositoryVisibilityAtSigning, 'public');
  assert.equal(
    cert.extensions.runInvocationURI,
    'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/actions/runs/8347481628/attempts/1',
  );
  assert.equal(cert.notBefore.toISOString(), '2024-03-19T17:26:26.000Z');
  assert.equal(cert.notAfter.toISOString(), '2024-03-19T17:36:26.000Z');
  assert.deepEqual(cert.unknownCriticalExtensions, []);
  assert.equal(cert.isCA, false);
  assert.deepEqual(cert.warnings, []);
});

test('the conformance default identity matches the beacon certificates exactly', { skip }, () => {
  const m = compileIdentities([{ issuer: GHA, subject: BEACON }]);
  for (const name of ['happy-path-v0.1', 'happy-path-v0.2', 'happy-path-v0.3', 'bundle-with-sct-with-extensions']) {
    const r = m.match(readSignerCertificate(leaf(name)));
    assert.equal(r.ok, true, `${name}: ${r.reason}`);
    assert.deepEqual(r.subject, { type: 'uri', value: BEACON });
  }
});

test('email SAN leaves: wrong identity is refused with a reason naming what the certificate has', { skip }, () => {
  const cert = readSignerCertificate(leaf('bundle-with-root-cert_fail'));
  assert.deepEqual(cert.sans, [{ type: 'email', value: 'a@tny.town' }]);
  assert.equal(cert.issuer, 'https://github.com/login/oauth');
  const r = compileIdentities([{ issuer: GHA, subject: BEACON }]).match(cert);
  assert.equal(r.ok, false);
  assert.match(r.reason, /a@tny\.town/);
  assert.match(r.reason, /github\.com\/login\/oauth/);

  const google = readSignerCertificate(leaf('integrated-time-in-future_fail'));
  const ok = compileIdentities([
    { issuer: 'https://accounts.google.com', subject: 'untrusted-sa@sigstore-conformance.iam.gserviceaccount.com' },
  ]).match(google);
  assert.equal(ok.ok, true, ok.reason);
});

test('regexp identities on real certificates: unanchored like Go, exact stays exact', { skip }, () => {
  const cert = readSignerCertificate(leaf('happy-path-v0.3'));
  const sub = (subjectRegExp: string) => compileIdentities([{ issuer: GHA, subjectRegExp }]).match(cert).ok;
  assert.equal(sub('sigstore-conformance/extremely-dangerous'), true); // substring: Go MatchString semantics
  assert.equal(sub('^https://github\\.com/sigstore-conformance/.*@refs/heads/main$'), true);
  assert.equal(sub('^https://github\\.com/sigstore-conformance/.*@refs/heads/release$'), false);
  assert.equal(sub('(?i)^HTTPS://GITHUB\\.COM/SIGSTORE-CONFORMANCE/'), true);
  // exact subject is not a prefix or substring match
  assert.equal(compileIdentities([{ issuer: GHA, subject: BEACON.slice(0, -4) }]).match(cert).ok, false);
  assert.equal(
    compileIdentities([{ issuerRegExp: '^https://token\\.actions\\.githubusercontent\\.com$', subject: BEACON }]).match(
      cert,
    ).ok,
    true,
  );
  assert.equal(compileIdentities([{ issuer: GHA + '/', subject: BEACON }]).match(cert).ok, false);
});

test('required Fulcio extension values on a real certificate', { skip }, () => {
  const cert = readSignerCertificate(leaf('happy-path-v0.3'));
  const m = (extensions: Record<string, string>) =>
    compileIdentities([{ issuer: GHA, subject: BEACON, extensions }]).match(cert);
  assert.equal(
    m({ sourceRepositoryRef: 'refs/heads/main', buildTrigger: 'workflow_dispatch', runnerEnvironment: 'github-hosted' })
      .ok,
    true,
  );
  const r = m({ sourceRepositoryRef: 'refs/heads/release' });
  assert.equal(r.ok, false);
  assert.match(r.reason, /sourceRepositoryRef is "refs\/heads\/main", required "refs\/heads\/release"/);
  assert.equal(m({ runnerEnvironment: 'self-hosted' }).ok, false);
});
