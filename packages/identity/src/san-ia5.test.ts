// Issue 11 item 6: rfc822Name, URI and dNSName SANs are IA5Strings. A certificate OpenSSL
// writes with raw UTF-8 in them (it does not check) is refused, as Go's crypto/x509 refuses
// it, instead of being read as Latin-1 and compared as mojibake.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CertificateError, readSignerCertificate } from './index-node.ts';

const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' });
const skip = openssl.status === 0 ? false : 'openssl is not installed (scripts/install-system-deps.sh installs it)';
if (skip) console.log(`# skipped: ${skip}`);
const dir = mkdtempSync(join(tmpdir(), 'sigguard-san-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A self-signed P-256 certificate made by OpenSSL with this subjectAltName, as PEM text. */
function opensslCert(name: string, san: string): string {
  const out = join(dir, `${name}.pem`);
  const r = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(dir, `${name}.key`),
      '-out',
      out,
      '-days',
      '1',
      '-subj',
      '/CN=sigguard-san-test',
      '-addext',
      `subjectAltName=${san}`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(out, 'utf8');
}

const refused = (kind: string) => (e: unknown) =>
  e instanceof CertificateError &&
  e.code === 'CERTIFICATE_MALFORMED' &&
  new RegExp(`subjectAltName ${kind} has a non-ASCII byte 0xc3 at \\d+: not an IA5String`).test(e.message);

test('ASCII email, URI and DNS SANs from OpenSSL are read as written', { skip }, () => {
  const cert = readSignerCertificate(
    opensslCert('ascii', 'email:ci@example.com,URI:https://example.com/wf,DNS:example.com'),
  );
  assert.deepEqual(cert.sans, [
    { type: 'email', value: 'ci@example.com' },
    { type: 'uri', value: 'https://example.com/wf' },
    { type: 'dns', value: 'example.com' },
  ]);
});

test('raw UTF-8 in an rfc822Name, a URI or a dNSName SAN is refused, not decoded as Latin-1', { skip }, () => {
  assert.throws(() => readSignerCertificate(opensslCert('email', 'email:jürgen@example.com')), refused('rfc822Name'));
  assert.throws(
    () => readSignerCertificate(opensslCert('uri', 'URI:https://example.com/ü')),
    refused('uniformResourceIdentifier'),
  );
  assert.throws(() => readSignerCertificate(opensslCert('dns', 'DNS:exämple.com')), refused('dNSName'));
  // One bad SAN among good ones is enough.
  assert.throws(
    () => readSignerCertificate(opensslCert('mixed', 'email:ci@example.com,URI:https://exämple.com/')),
    refused('uniformResourceIdentifier'),
  );
});
