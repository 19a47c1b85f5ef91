// readSignerCertificate (over @sigstore/core's DER parser) against the reading it replaced (asn1js +
// @peculiar/asn1-x509, kept as reference/peculiar-certificate.ts): the same result on every certificate in
// test-vectors/ and the sigstore-conformance vectors (../shared), on certificates OpenSSL writes with every
// SAN kind and the extensions a signer reading looks at, and the same accept/refuse decision on bit-flip
// mutants. Where the two differ on a mutant, the new reading must be the stricter one (Go's x509 refuses).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { readSignerCertificate } from './certificate.ts';
import { readSignerCertificate as readWithPeculiar } from './reference/peculiar-certificate.ts';
import { sharedVectors } from '@sigguard/test-vectors/support/locations';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const TEST_VECTORS = join(REPO, 'test-vectors');
const CONFORMANCE = sharedVectors('sigstore-conformance');

type Outcome = { ok: unknown } | { error: string };

function outcome(read: () => unknown): Outcome {
  try {
    return { ok: read() };
  } catch (e) {
    return { error: (e as Error & { code?: string }).code ?? String(e) };
  }
}

// Every base64 DER value under a "rawBytes" key and every PEM CERTIFICATE block under `dir`.
function certificatesUnder(dir: string, into: Map<string, Uint8Array>): void {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) certificatesUnder(path, into);
    else if (/\.(json|pem|crt)$/.test(name) && statSync(path).size < 4_000_000) {
      const text = readFileSync(path, 'utf8');
      for (const m of text.matchAll(/"rawBytes"\s*:\s*"([A-Za-z0-9+/=]+)"/g))
        into.set(m[1]!, Buffer.from(m[1]!, 'base64'));
      for (const m of text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)) {
        const b64 = m[1]!.replace(/\\n|\s/g, '');
        into.set(b64, Buffer.from(b64, 'base64'));
      }
    }
  }
}

function corpus(): { certificates: Uint8Array[]; conformance: boolean } {
  const found = new Map<string, Uint8Array>();
  certificatesUnder(TEST_VECTORS, found);
  const conformance = !CONFORMANCE.skip;
  if (conformance) certificatesUnder(CONFORMANCE.path, found);
  else console.log(`# ${CONFORMANCE.skip}: compared on test-vectors/ only`);
  // Only what the reference reads as a certificate (rawBytes also holds signatures, keys, timestamps).
  const certificates = [...found.values()].filter((der) => 'ok' in outcome(() => readWithPeculiar(der)));
  return { certificates, conformance };
}

test('the same reading as @peculiar/asn1-x509 on every certificate of test-vectors/ and the conformance vectors', () => {
  const { certificates, conformance } = corpus();
  assert.ok(certificates.length >= (conformance ? 40 : 5), `only ${certificates.length} certificates found`);
  for (const der of certificates) {
    assert.deepEqual(
      outcome(() => readSignerCertificate(der)),
      outcome(() => readWithPeculiar(der)),
      Buffer.from(der).toString('base64'),
    );
  }
  console.log(`# ${certificates.length} certificates compared`);
});

test('bit-flip mutants: never accepted where the reference refuses; equal results where both accept', () => {
  const leaves = corpus().certificates.slice(0, 4);
  let compared = 0;
  let stricter = 0;
  let invalidUtf8 = 0;
  for (const der of leaves) {
    for (let i = 0; i < der.length; i += 6) {
      for (const mask of [0x01, 0x04, 0x80]) {
        const m = Uint8Array.from(der);
        m[i]! ^= mask;
        const mine = outcome(() => readSignerCertificate(m));
        const theirs = outcome(() => readWithPeculiar(m));
        compared++;
        const where = `mutant of byte ${i} (mask ${mask}) of ${Buffer.from(der).toString('base64')}`;
        if (!('ok' in mine)) {
          if ('ok' in theirs) stricter++;
        } else if (!('ok' in theirs)) {
          assert.fail(`${where}: accepted here, refused by the reference (${theirs.error})`);
        } else if (!isDeepStrictEqual(mine, theirs)) {
          // asn1js reads invalid UTF-8 in a UTF8String as Latin-1; here such a Fulcio value is not used (warned).
          const warnings = (mine.ok as { warnings: string[] }).warnings;
          assert.ok(
            warnings.some((w) => w.endsWith('not valid UTF-8')),
            `${where}: read differently`,
          );
          invalidUtf8++;
        }
      }
    }
  }
  assert.ok(compared > 1000, `only ${compared} mutants`);
  console.log(
    `# ${compared} mutants compared; ${stricter} refused here but read by the reference (Go-strict DER), ` +
      `${invalidUtf8} with invalid UTF-8 in a Fulcio value (not used here, read as Latin-1 there)`,
  );
});

const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' });
const skip = openssl.status === 0 ? false : 'openssl is not installed (scripts/install-system-deps.sh installs it)';
if (skip) console.log(`# skipped: ${skip}`);
const dir = mkdtempSync(join(tmpdir(), 'sigguard-cert-diff-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A self-signed certificate OpenSSL writes with exactly these -addext values (none: a v1 certificate). */
function opensslCert(name: string, key: string[], extensions: string[]): Uint8Array {
  const out = join(dir, `${name}.der`);
  const conf = join(dir, `${name}.cnf`);
  writeFileSync(
    conf,
    '[req]\ndistinguished_name=dn\nx509_extensions=ext\n[dn]\n[ext]\n[dn_sect]\nCN=dir name\nO=sigguard\n',
  );
  const r = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      ...key,
      '-nodes',
      '-keyout',
      join(dir, `${name}.key`),
      '-outform',
      'DER',
      '-out',
      out,
      '-days',
      '2',
      '-subj',
      '/C=DE/O=sigguard test/CN=differential',
      '-config',
      conf,
      ...extensions.flatMap((e) => ['-addext', e]),
    ],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  return new Uint8Array(readFileSync(out));
}

const EC = ['ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];
const OPENSSL_CASES: [string, string[], string[]][] = [
  [
    'every-san-kind',
    EC,
    [
      'subjectAltName=email:ci@example.com,URI:https://example.com/wf,DNS:example.com,IP:192.0.2.7,IP:2001:db8::1,' +
        'IP:::1,IP:fe80:0:0:1:0:0:0:1,otherName:1.3.6.1.4.1.57264.1.7;UTF8:user!example.com,' +
        'otherName:1.2.3.4;UTF8:not-sigstore,dirName:dn_sect,RID:1.2.3.4',
    ],
  ],
  [
    'fulcio-extensions',
    EC,
    [
      'subjectAltName=critical,email:ci@example.com',
      '1.3.6.1.4.1.57264.1.1=ASN1:FORMAT:UTF8,UTF8String:https://raw-issuer.example',
      '1.3.6.1.4.1.57264.1.8=ASN1:UTF8String:https://issuer.example',
      '1.3.6.1.4.1.57264.1.12=ASN1:UTF8String:https://github.com/o/r',
      '1.3.6.1.4.1.57264.1.13=ASN1:PRINTABLESTRING:abc',
      '1.3.6.1.4.1.57264.1.14=ASN1:INTEGER:7',
      'extendedKeyUsage=codeSigning,1.2.3.4.5',
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
    ],
  ],
  [
    'ca-unknown-critical',
    ['rsa:2048'],
    ['basicConstraints=critical,CA:TRUE,pathlen:2', '1.2.3.4.5.6=critical,ASN1:NULL'],
  ],
  [
    'p384-ia5-issuer',
    ['ec', '-pkeyopt', 'ec_paramgen_curve:secp384r1'],
    ['1.3.6.1.4.1.57264.1.8=ASN1:IA5STRING:https://ia5.example'],
  ],
  ['ed25519-v1-no-extensions', ['ed25519'], []],
  ['rsa-pss-key', ['rsa-pss', '-pkeyopt', 'rsa_keygen_bits:2048'], ['subjectAltName=URI:spiffe://example.org/w']],
];

test('the same reading as @peculiar/asn1-x509 on certificates OpenSSL writes', { skip }, () => {
  for (const [name, key, extensions] of OPENSSL_CASES) {
    const der = opensslCert(name, key, extensions);
    const mine = outcome(() => readSignerCertificate(der));
    assert.ok('ok' in mine, `${name}: ${JSON.stringify(mine)}`);
    assert.deepEqual(
      mine,
      outcome(() => readWithPeculiar(der)),
      name,
    );
  }
});
