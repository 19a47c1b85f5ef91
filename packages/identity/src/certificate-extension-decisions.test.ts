// The standard extensions' decisions (certificate-extensions.ts, certificate.ts) on certificates OpenSSL
// writes: `openssl req -x509` for what a CA can issue (every extension Go's crypto/x509 understands, marked
// critical), `asn1parse -genconf` (testdata/openssl-asn1.ts) for GeneralNames, extKeyUsage and
// basicConstraints values of every shape, each read or refused as Go's x509 and cosign read them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readSignerCertificate } from './certificate.ts';
import { CertificateError } from './errors.ts';
import { SIGSTORE_OTHERNAME_OID } from './fulcio-extensions.ts';
import { certificateConf, type GenConf, opensslGenconfAll, opensslMissing as skip } from './testdata/openssl-asn1.ts';

const dir = mkdtempSync(join(tmpdir(), 'sigguard-ext-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A self-signed P-256 certificate OpenSSL issues with this x509v3 extension section, as PEM text. */
function opensslCert(name: string, extensions: string): string {
  writeFileSync(
    join(dir, `${name}.cnf`),
    `[req]\ndistinguished_name=dn\n[dn]\n[ext]\n${extensions}\n[dir_sect]\nCN=dir\n`,
  );
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  args.push('-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.pem`), '-days', '1', '-subj', '/CN=t');
  const r = spawnSync('openssl', [...args, '-config', join(dir, `${name}.cnf`), '-extensions', 'ext'], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(join(dir, `${name}.pem`), 'utf8');
}

// Every extension Go's crypto/x509 handles when critical (and cosign therefore accepts), each marked critical.
const KNOWN_CRITICAL = [
  ['subjectKeyIdentifier=critical,hash', '2.5.29.14'],
  ['authorityKeyIdentifier=critical,keyid:always', '2.5.29.35'],
  ['keyUsage=critical,digitalSignature', '2.5.29.15'],
  ['subjectAltName=critical,email:a@b.test', '2.5.29.17'],
  ['basicConstraints=critical,CA:FALSE', '2.5.29.19'],
  ['nameConstraints=critical,permitted;DNS:example.test', '2.5.29.30'],
  ['crlDistributionPoints=critical,URI:http://crl.example.test/ca.crl', '2.5.29.31'],
  ['certificatePolicies=critical,1.2.3.4.5', '2.5.29.32'],
  ['policyMappings=critical,1.2.3.4.5:1.2.3.4.6', '2.5.29.33'],
  ['policyConstraints=critical,requireExplicitPolicy:0', '2.5.29.36'],
  ['extendedKeyUsage=critical,codeSigning,1.3.6.1.4.1.11129.2.1.9', '2.5.29.37'],
  ['inhibitAnyPolicy=critical,0', '2.5.29.54'],
  ['authorityInfoAccess=critical,OCSP;URI:http://ocsp.example.test', '1.3.6.1.5.5.7.1.1'],
];

test('every extension Go x509 understands may be critical; others are reported only when critical', { skip }, () => {
  const lines = KNOWN_CRITICAL.map(([line]) => line);
  const known = readSignerCertificate(opensslCert('known', lines.join('\n')));
  assert.deepEqual(
    known.extensionList,
    KNOWN_CRITICAL.map(([, oid]) => ({ oid, critical: true })),
  );
  assert.deepEqual(known.unknownCriticalExtensions, []);
  assert.deepEqual(known.extendedKeyUsages, ['1.3.6.1.5.5.7.3.3', '1.3.6.1.4.1.11129.2.1.9']);
  assert.equal(known.isCA, false);
  assert.deepEqual(known.sans, [{ type: 'email', value: 'a@b.test' }]);
  assert.deepEqual(known.warnings, []);

  const unknown = readSignerCertificate(
    opensslCert('unknown', `${lines[3]}\n1.2.3.4=critical,ASN1:NULL\n1.2.3.5=ASN1:NULL\n1.2.3.6=critical,ASN1:NULL`),
  );
  assert.deepEqual(unknown.unknownCriticalExtensions, ['1.2.3.4', '1.2.3.6']);
  assert.deepEqual(
    unknown.extensionList.filter((e) => e.oid.startsWith('1.2.3.')),
    [
      { oid: '1.2.3.4', critical: true },
      { oid: '1.2.3.5', critical: false },
      { oid: '1.2.3.6', critical: true },
    ],
  );
  assert.equal('extendedKeyUsages' in unknown, false);
});

test('one certificate with 1.1 and 1.8 issuers that agree: read, no warning', { skip }, () => {
  const issuer = 'https://idp.example.test';
  const both = readSignerCertificate(
    opensslCert(
      'issuers',
      `subjectAltName=email:a@b.test\n1.3.6.1.4.1.57264.1.1=DER:${Buffer.from(issuer).toString('hex')}\n` +
        `1.3.6.1.4.1.57264.1.8=ASN1:UTF8:${issuer}`,
    ),
  );
  assert.equal(both.issuer, issuer);
  assert.equal(both.extensions.issuer, issuer);
  assert.deepEqual(both.warnings, []);
  const v2 = readSignerCertificate(opensslCert('issuer-v2', `1.3.6.1.4.1.57264.1.8=ASN1:UTF8:${issuer}`));
  assert.equal(v2.issuer, issuer);
  assert.deepEqual(v2.warnings, []);
});

/**
 * A genconf certificate whose one extension is `oid` with the DER of `value` as its content (extra sections in
 * `sections`); a `value` of `bytes:HEX` is the content itself (bytes that need not be DER).
 */
function withExtension(oid: string, value: string, sections: GenConf = {}, critical = false): GenConf {
  const v = value.startsWith('bytes:') ? `FORMAT:HEX,OCTETSTRING:${value.slice(6)}` : `OCTWRAP,${value}`;
  const x1 = critical ? { oid: `OID:${oid}`, crit: 'BOOLEAN:TRUE', v } : { oid: `OID:${oid}`, v };
  return certificateConf({ exts: { e1: 'SEQUENCE:x1' }, x1, ...sections });
}
const san = (names: Record<string, string>, sections: GenConf = {}) =>
  withExtension('2.5.29.17', 'SEQUENCE:names', { names, ...sections });
const one = (conf: GenConf) => opensslGenconfAll([conf])[0]!;
const malformed = (message: string) => (e: unknown) =>
  e instanceof CertificateError && e.code === 'CERTIFICATE_MALFORMED' && e.message === message;

test('every GeneralName kind: compared ones read in certificate order, the others warned about', { skip }, () => {
  const c = readSignerCertificate(
    one(
      san(
        {
          a: 'IMPLICIT:1,IA5STRING:a@b.test',
          b: 'IMPLICIT:2,IA5STRING:example.test',
          c: 'IMPLICIT:6,IA5STRING:https://example.test/wf',
          d: 'IMPLICIT:7,FORMAT:HEX,OCTETSTRING:C0000207',
          e: 'EXPLICIT:4,SEQUENCE:name',
          f: 'IMPLICIT:8,OID:1.2.3.4',
          g: 'IMPLICIT:3,SEQUENCE:empty',
          h: 'IMPLICIT:5,SEQUENCE:edi',
          i: 'IMPLICIT:0,SEQUENCE:other',
          j: 'IMPLICIT:0,SEQUENCE:sigstore',
          k: 'IMPLICIT:1,FORMAT:HEX,OCTETSTRING:617F62',
        },
        {
          empty: {},
          edi: { p: 'EXPLICIT:1,UTF8:party' },
          other: { t: 'OID:1.2.3.4.5', v: 'EXPLICIT:0,UTF8:someone' },
          sigstore: { t: `OID:${SIGSTORE_OTHERNAME_OID}`, v: 'EXPLICIT:0,UTF8:user!example.test' },
        },
      ),
    ),
  );
  assert.deepEqual(c.sans, [
    { type: 'email', value: 'a@b.test' },
    { type: 'dns', value: 'example.test' },
    { type: 'uri', value: 'https://example.test/wf' },
    { type: 'ip', value: '192.0.2.7' },
    { type: 'otherName', value: 'user!example.test' },
    { type: 'email', value: 'a\x7fb' }, // DEL is ASCII, so IA5 (Go refuses only bytes over 0x7f)
  ]);
  const unsupported = 'subjectAltName of an unsupported kind (directoryName, registeredID, …); not compared';
  assert.deepEqual(c.warnings, [
    unsupported,
    unsupported,
    unsupported,
    unsupported,
    "subjectAltName otherName 1.2.3.4.5 is not Sigstore's; not compared",
  ]);
});

test('iPAddress SANs are written as Go net.IP.String writes them (cosign compares that text)', { skip }, () => {
  const CASES: [string, string][] = [
    ['20010DB8000000000000000000000001', '2001:db8::1'],
    ['00000000000000000000000000000001', '::1'],
    ['00000000000000000000000000000000', '::'],
    ['00010000000000000000000000000000', '1::'],
    ['20010DB8000000010001000100010001', '2001:db8:0:1:1:1:1:1'], // one zero group is not shortened
    ['00010000000000020000000000000003', '1:0:0:2::3'], // the longest run
    ['00010000000000020000000000030004', '1::2:0:0:3:4'], // the first of two equal runs
    ['FE80000000000000000000000000ABCD', 'fe80::abcd'],
    ['00000000000000000000FFFFC0000207', '192.0.2.7'], // IPv4-mapped: Go writes the IPv4 form
    ['000000000000000000000000C0000207', '::c000:207'], // IPv4-compatible is not mapped
    ['00000000000000000001FFFFC0000207', '::1:ffff:c000:207'],
    ['00000000000000000000FFFEC0000207', '::fffe:c000:207'],
    ['00000000000000000000FEFFC0000207', '::feff:c000:207'],
    ['FFFFFFFF', '255.255.255.255'],
  ];
  const names = Object.fromEntries(CASES.map(([hex], i) => [`n${i}`, `IMPLICIT:7,FORMAT:HEX,OCTETSTRING:${hex}`]));
  const [c, ...wrongLength] = opensslGenconfAll([
    san(names),
    ...['FORMAT:HEX,OCTETSTRING:C00002', 'FORMAT:HEX,OCTETSTRING:C000020701', 'NULL'].map((v) =>
      san({ ip: `IMPLICIT:7,${v}` }),
    ),
  ]).map((der) => () => readSignerCertificate(der));
  assert.deepEqual(
    c!().sans.map((s) => s.value),
    CASES.map(([, text]) => text),
  );
  [3, 5, 0].forEach((n, i) => {
    const wrong = malformed(`signer certificate subjectAltName iPAddress has ${n} bytes, not 4 or 16`);
    assert.throws(wrongLength[i]!, wrong);
  });
});

test('a subjectAltName Go x509 refuses is refused, naming what is wrong', { skip }, () => {
  const notParsed = 'signer certificate subjectAltName does not parse';
  const otherName = (fields: Record<string, string>) =>
    san({ o: 'IMPLICIT:0,SEQUENCE:o' }, { o: fields, two: { a: 'UTF8:x', b: 'UTF8:y' } });
  const sigstoreOid = `OID:${SIGSTORE_OTHERNAME_OID}`;
  const CASES: [string, GenConf, string][] = [
    [
      'a SET of names',
      withExtension('2.5.29.17', 'SET:names', { names: { a: 'IMPLICIT:1,IA5STRING:a@b.test' } }),
      `${notParsed}: not a SEQUENCE`,
    ],
    ['an unknown tag', san({ a: 'IMPLICIT:9,IA5STRING:x' }), `${notParsed}: unknown GeneralName tag 0x89`],
    [
      'a constructed rfc822Name',
      san({ a: 'IMPLICIT:1,SEQUENCE:s' }, { s: {} }),
      `${notParsed}: unknown GeneralName tag 0xa1`,
    ],
    [
      'an otherName of three elements',
      otherName({ t: sigstoreOid, v: 'EXPLICIT:0,UTF8:x', w: 'NULL' }),
      `${notParsed}: malformed otherName`,
    ],
    ['an otherName without its value', otherName({ t: sigstoreOid }), `${notParsed}: malformed otherName`],
    [
      'an otherName type that is text',
      otherName({ t: 'UTF8:x', v: 'EXPLICIT:0,UTF8:x' }),
      `${notParsed}: malformed otherName`,
    ],
    [
      'an otherName value tagged [1]',
      otherName({ t: sigstoreOid, v: 'EXPLICIT:1,UTF8:x' }),
      `${notParsed}: malformed otherName`,
    ],
    [
      'an otherName value of two elements',
      otherName({ t: sigstoreOid, v: 'IMPLICIT:0,SEQUENCE:two' }),
      `${notParsed}: malformed otherName`,
    ],
    [
      'a Sigstore otherName that is not a string',
      otherName({ t: sigstoreOid, v: 'EXPLICIT:0,INTEGER:7' }),
      'Sigstore otherName SAN does not decode: expected a DER string, found Integer',
    ],
    [
      'a non-ASCII first byte',
      san({ a: 'IMPLICIT:2,FORMAT:HEX,OCTETSTRING:C3A9' }),
      'signer certificate subjectAltName dNSName has a non-ASCII byte 0xc3 at 0: ' +
        'not an IA5String (Go crypto/x509 refuses such a certificate)',
    ],
    [
      'a value that is not DER',
      withExtension('2.5.29.17', 'bytes:3005'),
      `${notParsed}: a length runs past the end of the data`,
    ],
  ];
  const ders = opensslGenconfAll(CASES.map(([, conf]) => conf));
  CASES.forEach(([what, , message], i) => {
    assert.throws(() => readSignerCertificate(ders[i]!), malformed(message), what);
  });
});

test('extKeyUsage: a SEQUENCE of OIDs, else refused', { skip }, () => {
  const [two, none, set, integer, notDer] = opensslGenconfAll([
    withExtension('2.5.29.37', 'SEQUENCE:u', { u: { a: 'OID:codeSigning', b: 'OID:1.2.3.4' } }),
    withExtension('2.5.29.37', 'SEQUENCE:u', { u: {} }),
    withExtension('2.5.29.37', 'SET:u', { u: { a: 'OID:codeSigning' } }),
    withExtension('2.5.29.37', 'SEQUENCE:u', { u: { a: 'OID:codeSigning', b: 'INTEGER:1' } }),
    withExtension('2.5.29.37', 'bytes:3003'),
  ]).map((der) => () => readSignerCertificate(der).extendedKeyUsages);
  assert.deepEqual(two!(), ['1.3.6.1.5.5.7.3.3', '1.2.3.4']);
  assert.deepEqual(none!(), []);
  const refused = malformed('signer certificate extKeyUsage does not parse');
  assert.throws(set!, refused);
  assert.throws(integer!, refused);
  const short = 'a length runs past the end of the data';
  assert.throws(notDer!, malformed(`signer certificate extKeyUsage does not parse: ${short}`));
});

test('basicConstraints: cA and an optional pathLenConstraint, as Go reads them', { skip }, () => {
  const READ: [Record<string, string>, boolean][] = [
    [{}, false],
    [{ ca: 'BOOLEAN:TRUE' }, true],
    [{ ca: 'BOOLEAN:FALSE' }, false],
    [{ ca: 'BOOLEAN:TRUE', len: 'INTEGER:0' }, true],
    [{ len: 'INTEGER:3' }, false],
  ];
  const REFUSED: [string, Record<string, string>, string][] = [
    ['a SET', { ca: 'BOOLEAN:TRUE' }, 'SET'],
    ['two path lengths after cA', { ca: 'BOOLEAN:TRUE', a: 'INTEGER:0', b: 'INTEGER:0' }, 'SEQUENCE'],
    ['two path lengths', { a: 'INTEGER:0', b: 'INTEGER:0' }, 'SEQUENCE'],
    ['a path length that is text', { ca: 'BOOLEAN:TRUE', a: 'UTF8:0' }, 'SEQUENCE'],
    ['a first element that is text', { a: 'UTF8:0' }, 'SEQUENCE'],
    ['a BOOLEAN of 0x01', { ca: 'IMPLICIT:1U,FORMAT:HEX,OCTETSTRING:01' }, 'SEQUENCE'],
  ];
  const bc = (fields: Record<string, string>, container = 'SEQUENCE') =>
    withExtension('2.5.29.19', `${container}:b`, { b: fields }, true);
  const ders = opensslGenconfAll([
    ...READ.map(([fields]) => bc(fields)),
    ...REFUSED.map(([, fields, container]) => bc(fields, container)),
    withExtension('2.5.29.19', 'bytes:3005'),
  ]);
  READ.forEach(([fields, isCA], i) => assert.equal(readSignerCertificate(ders[i]!).isCA, isCA, JSON.stringify(fields)));
  const refused = malformed('signer certificate basicConstraints does not parse');
  REFUSED.forEach(([what], i) => assert.throws(() => readSignerCertificate(ders[READ.length + i]!), refused, what));
  assert.throws(
    () => readSignerCertificate(ders.at(-1)!),
    malformed('signer certificate basicConstraints does not parse: a length runs past the end of the data'),
  );
});
