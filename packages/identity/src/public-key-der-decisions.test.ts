// parsePublicKeys' decisions on RSA, RSASSA-PSS, PKCS#1 and Ed25519 DER that no key generator writes: keys
// described to OpenSSL (`asn1parse -genconf`, testdata/openssl-asn1.ts) around a real node:crypto modulus,
// each refused with a reason naming what is wrong, or read with the scheme and hash the key is bound to.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { PublicKeyError } from './errors.ts';
import { toPem } from './pem.ts';
import { parsePublicKey, parsePublicKeys, type ParsePublicKeyOptions } from './public-key.ts';
import { type GenConf, opensslGenconfAll, opensslMissing as skip } from './testdata/openssl-asn1.ts';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
const jwk = rsa.export({ format: 'jwk' });
const hex = (b64url: string) => Buffer.from(b64url, 'base64url').toString('hex').toUpperCase();
const N = `INTEGER:0x${hex(jwk.n!)}`;
const E = `INTEGER:0x${hex(jwk.e!)}`;
const RSA_ENCRYPTION_SPKI = new Uint8Array(rsa.export({ type: 'spki', format: 'der' }));

const OID = {
  rsaEncryption: 'OID:rsaEncryption',
  pss: 'OID:1.2.840.113549.1.1.10',
  ed25519: 'OID:1.3.101.112',
  sha256: 'OID:sha256',
  sha384: 'OID:sha384',
  sha512: 'OID:sha512',
};

/** SubjectPublicKeyInfo { algorithm { oid, params? }, BIT STRING of `key` (a section name or raw hex) }. */
function spki(oid: string, params: string | undefined, key: string, sections: GenConf = {}): GenConf {
  const alg: Record<string, string> = { oid };
  if (params !== undefined) alg.params = params;
  const bits = key.startsWith('hex:')
    ? `FORMAT:HEX,BITSTRING:${key.slice(4)}`
    : `BITWRAP,${key.includes(':') ? key : `SEQUENCE:${key}`}`;
  return {
    '': { asn1: 'SEQUENCE:spki' },
    spki: { alg: 'SEQUENCE:alg', key: bits },
    alg,
    rsa: { n: N, e: E },
    ...sections,
  };
}
/** A PKCS#1 RSAPublicKey of these fields, on its own (for "RSA PUBLIC KEY" PEM). */
const pkcs1 = (fields: Record<string, string>): GenConf => ({ '': { asn1: 'SEQUENCE:k' }, k: fields });
const pss = (params: Record<string, string> | undefined, sections: GenConf = {}) =>
  spki(OID.pss, params && 'SEQUENCE:params', 'rsa', { ...(params ? { params } : {}), ...sections });

const refused = (code: string, message: string) => (e: unknown) =>
  e instanceof PublicKeyError && e.code === code && e.message === message;

test('RSA keys whose PKCS#1 key does not parse are refused, in SPKI and in "RSA PUBLIC KEY" PEM', { skip }, () => {
  const NOT_PKCS1: [string, Record<string, string>][] = [
    ['one INTEGER', { n: N }],
    ['three INTEGERs', { n: N, e: E, x: E }],
    ['an exponent that is text', { n: N, e: 'UTF8:65537' }],
    ['a modulus that is text', { n: 'UTF8:n', e: E }],
  ];
  const ders = opensslGenconfAll([
    ...NOT_PKCS1.map(([, fields]) => spki(OID.rsaEncryption, 'NULL', 'bad', { bad: fields })),
    ...NOT_PKCS1.map(([, fields]) => pkcs1(fields)),
    spki(OID.rsaEncryption, 'NULL', 'SET:set', { set: { n: N, e: E } }),
  ]);
  const twoIntegers = 'not a SEQUENCE of two DER INTEGERs';
  NOT_PKCS1.forEach(([what], i) => {
    const inSpki = toPem('PUBLIC KEY', ders[i]!);
    assert.throws(
      () => parsePublicKey(inSpki),
      refused('KEY_INVALID', `RSA public key does not parse: ${twoIntegers}`),
      what,
    );
    const inPkcs1 = toPem('RSA PUBLIC KEY', ders[NOT_PKCS1.length + i]!);
    const message = `"RSA PUBLIC KEY" does not parse as PKCS#1: ${twoIntegers}`;
    assert.throws(() => parsePublicKey(inPkcs1), refused('KEY_INVALID', message), what);
  });
  // A SET holding the two INTEGERs in place of the SEQUENCE.
  const set = toPem('PUBLIC KEY', ders.at(-1)!);
  assert.throws(() => parsePublicKey(set), refused('KEY_INVALID', `RSA public key does not parse: ${twoIntegers}`));
  const notDer = opensslGenconfAll([spki(OID.rsaEncryption, 'NULL', 'hex:3005')])[0]!;
  const short = 'a length runs past the end of the data';
  assert.throws(
    () => parsePublicKey(toPem('PUBLIC KEY', notDer)),
    refused('KEY_INVALID', `RSA public key does not parse: ${short}`),
  );
  const good = toPem('PUBLIC KEY', RSA_ENCRYPTION_SPKI);
  assert.throws(
    () => parsePublicKeys(good + toPem('RSA PUBLIC KEY', Uint8Array.of(0x30, 0x05))),
    refused('KEY_INVALID', `PEM block 2: "RSA PUBLIC KEY" does not parse as PKCS#1: ${short}`),
  );
});

test('an RSA key of 2048 bits is accepted, 2047 refused; the bit length skips leading zero bytes', { skip }, () => {
  const modulus = (hexDigits: string) =>
    spki(OID.rsaEncryption, 'NULL', 'm', { m: { n: `INTEGER:0x${hexDigits}`, e: E } });
  const [b2048, b2047, zero, b9] = opensslGenconfAll([
    modulus(`80${'00'.repeat(255)}`),
    modulus(`7F${'FF'.repeat(255)}`),
    modulus('00'),
    modulus('0100'),
  ]).map((der) => toPem('PUBLIC KEY', der));
  assert.equal(parsePublicKey(b2048!).rsaBits, 2048);
  const weak = (bits: number) =>
    refused(
      'KEY_WEAK',
      `RSA key is ${bits} bits; keys below 2048 bits are refused (allowWeakRSA accepts them, not recommended)`,
    );
  assert.throws(() => parsePublicKey(b2047!), weak(2047));
  assert.throws(() => parsePublicKey(zero!), weak(0));
  assert.throws(() => parsePublicKey(b9!), weak(9));
  assert.equal(parsePublicKey(b9!, { allowWeakRSA: true }).rsaBits, 9);
  const notTrue = { allowWeakRSA: 'yes' } as unknown as ParsePublicKeyOptions;
  assert.throws(() => parsePublicKey(b9!, notTrue), weak(9), 'only allowWeakRSA: true accepts a weak key');
});

test('an rsaEncryption key: PKCS#1 v1.5 by default, the WebCrypto parameters of its scheme and hash', () => {
  const pem = toPem('PUBLIC KEY', RSA_ENCRYPTION_SPKI);
  const v15 = parsePublicKey(pem, { hashAlgorithm: 'sha384' });
  assert.equal(v15.description, 'RSA 2048 PKCS#1 v1.5 (sha384)');
  assert.deepEqual(v15.webCrypto, {
    spki: RSA_ENCRYPTION_SPKI,
    importParams: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' },
    verifyParams: { name: 'RSASSA-PKCS1-v1_5' },
  });
  const withPss = parsePublicKey(pem, { rsaScheme: 'pss', hashAlgorithm: 'sha512' });
  assert.equal(withPss.description, 'RSA 2048 PSS (sha512)');
  assert.deepEqual(withPss.webCrypto, {
    spki: RSA_ENCRYPTION_SPKI,
    importParams: { name: 'RSA-PSS', hash: 'SHA-512' },
    verifyParams: { name: 'RSA-PSS', saltLength: 64 },
  });
});

test('an id-RSASSA-PSS key: the hash its parameters bind, refused when they do not parse', { skip }, () => {
  const sha = (h: keyof typeof OID) => ({ h: 'EXPLICIT:0,SEQUENCE:hv' as const, hv: { oid: OID[h] } });
  const [absent, sha512, sha256Full, sha1Default, sha384] = opensslGenconfAll([
    pss(undefined),
    pss({ h: sha('sha512').h }, { hv: sha('sha512').hv }),
    pss(
      {
        h: sha('sha256').h,
        mgf: 'EXPLICIT:1,SEQUENCE:mgf',
        salt: 'EXPLICIT:2,INTEGER:32',
        trailer: 'EXPLICIT:3,INTEGER:1',
      },
      { hv: sha('sha256').hv, mgf: { oid: 'OID:mgf1', h: 'SEQUENCE:hv' } },
    ),
    pss({}),
    pss({ h: sha('sha384').h }, { hv: { oid: OID.sha384, params: 'NULL' } }),
  ]).map((der) => toPem('PUBLIC KEY', der));

  // No parameters: any hash, the caller's (sha256 by default).
  assert.equal(parsePublicKey(absent!).hashAlgorithm, 'sha256');
  assert.equal(parsePublicKey(absent!, { hashAlgorithm: 'sha512' }).hashAlgorithm, 'sha512');
  const key = parsePublicKey(sha512!);
  assert.deepEqual([key.rsaScheme, key.hashAlgorithm, key.description], ['pss', 'sha512', 'RSA 2048 PSS (sha512)']);
  // WebCrypto cannot import id-RSASSA-PSS: the same key under rsaEncryption, PSS in the parameters.
  assert.deepEqual(key.webCrypto, {
    spki: RSA_ENCRYPTION_SPKI,
    importParams: { name: 'RSA-PSS', hash: 'SHA-512' },
    verifyParams: { name: 'RSA-PSS', saltLength: 64 },
  });
  assert.equal(parsePublicKey(sha512!, { hashAlgorithm: 'sha512' }).hashAlgorithm, 'sha512');
  assert.equal(parsePublicKey(sha512!, { rsaScheme: 'pss' }).rsaScheme, 'pss');
  assert.throws(
    () => parsePublicKey(sha512!, { hashAlgorithm: 'SHA256' }),
    refused('KEY_INVALID', 'RSASSA-PSS key is bound to sha512, but hashAlgorithm is sha256'),
  );
  assert.throws(
    () => parsePublicKey(absent!, { rsaScheme: 'pkcs1v15' }),
    refused('KEY_INVALID', 'an RSASSA-PSS key cannot verify PKCS#1 v1.5 signatures'),
  );
  assert.equal(parsePublicKey(sha256Full!).hashAlgorithm, 'sha256');
  assert.equal(parsePublicKey(sha384!).hashAlgorithm, 'sha384');
  assert.throws(
    () => parsePublicKey(sha1Default!),
    refused('KEY_UNSUPPORTED', 'RSASSA-PSS key uses hash 1.3.14.3.2.26; only SHA-256/384/512 are supported'),
  );
});

test('RSASSA-PSS parameters that are not RSASSA-PSS-params are refused', { skip }, () => {
  const hv = { oid: OID.sha256 };
  const NOT_PARAMS: [string, GenConf][] = [
    ['a SET', spki(OID.pss, 'SET:params', 'rsa', { params: { h: 'EXPLICIT:0,SEQUENCE:hv' }, hv })],
    ['[1] before [0]', pss({ mgf: 'EXPLICIT:1,SEQUENCE:hv', h: 'EXPLICIT:0,SEQUENCE:hv' }, { hv })],
    ['[0] twice', pss({ h: 'EXPLICIT:0,SEQUENCE:hv', g: 'EXPLICIT:0,SEQUENCE:hv' }, { hv })],
    ['a [4] field', pss({ h: 'EXPLICIT:0,SEQUENCE:hv', x: 'EXPLICIT:4,INTEGER:1' }, { hv })],
    ['a universal field', pss({ h: 'SEQUENCE:hv' }, { hv })],
    ['a field of two elements', pss({ h: 'IMPLICIT:0,SEQUENCE:two' }, { two: { a: 'SEQUENCE:hv', b: 'NULL' }, hv })],
  ];
  const NO_OID: [string, GenConf][] = [
    ['a hash AlgorithmIdentifier of an INTEGER', pss({ h: 'EXPLICIT:0,SEQUENCE:hv' }, { hv: { i: 'INTEGER:1' } })],
    ['a hash that is an INTEGER', pss({ h: 'EXPLICIT:0,INTEGER:1' })],
  ];
  const ders = opensslGenconfAll([...NOT_PARAMS, ...NO_OID].map(([, conf]) => conf));
  NOT_PARAMS.forEach(([what], i) => {
    const message = 'RSASSA-PSS parameters do not parse: not RSASSA-PSS-params';
    assert.throws(() => parsePublicKey(toPem('PUBLIC KEY', ders[i]!)), refused('KEY_INVALID', message), what);
  });
  NO_OID.forEach(([what], i) => {
    const message = 'RSASSA-PSS parameters do not parse: hashAlgorithm has no OID';
    const pem = toPem('PUBLIC KEY', ders[NOT_PARAMS.length + i]!);
    assert.throws(() => parsePublicKey(pem), refused('KEY_INVALID', message), what);
  });
});

test('Ed25519 keys of any length but 32 bytes, keys with unused bits and non-SPKI shapes are refused', { skip }, () => {
  const [ed31, ed33, ed32, unused, algOnly, badParams, ecNull] = opensslGenconfAll([
    spki(OID.ed25519, undefined, `hex:${'11'.repeat(31)}`),
    spki(OID.ed25519, undefined, `hex:${'11'.repeat(33)}`),
    spki(OID.ed25519, undefined, `hex:${'11'.repeat(32)}`),
    { ...spki(OID.ed25519, undefined, 'hex:00'), spki: { alg: 'SEQUENCE:alg', key: 'FORMAT:BITLIST,BITSTRING:0' } },
    { ...spki(OID.ed25519, undefined, 'hex:00'), spki: { alg: 'SEQUENCE:alg' } },
    spki(OID.ed25519, 'IMPLICIT:12U,FORMAT:HEX,OCTETSTRING:FF', `hex:${'11'.repeat(32)}`),
    spki('OID:id-ecPublicKey', 'NULL', `hex:04${'11'.repeat(64)}`),
  ]).map((der) => toPem('PUBLIC KEY', der));
  assert.throws(() => parsePublicKey(ed31!), refused('KEY_INVALID', 'Ed25519 public key must be 32 bytes, got 31'));
  assert.throws(() => parsePublicKey(ed33!), refused('KEY_INVALID', 'Ed25519 public key must be 32 bytes, got 33'));
  assert.equal(parsePublicKey(ed32!).kind, 'ed25519');
  assert.throws(() => parsePublicKey(unused!), refused('KEY_INVALID', 'PEM public key BIT STRING has unused bits'));
  assert.throws(
    () => parsePublicKey(algOnly!),
    refused(
      'KEY_INVALID',
      'PEM public key does not parse as SubjectPublicKeyInfo: not a SEQUENCE of AlgorithmIdentifier and BIT STRING',
    ),
  );
  assert.throws(
    () => parsePublicKey(badParams!),
    refused(
      'KEY_INVALID',
      'PEM public key does not parse as SubjectPublicKeyInfo: invalid content in an element of universal tag 12',
    ),
  );
  assert.throws(
    () => parsePublicKey(ecNull!),
    refused('KEY_UNSUPPORTED', 'unsupported ECDSA curve (not a named curve) (supported: P-256, P-384, P-521)'),
  );
});

test('messages and descriptions name the key: PSS default hash, unknown algorithm, ECDSA curve and hash', {
  skip,
}, () => {
  const [mgfOnly, ed448, p256] = opensslGenconfAll([
    pss({ mgf: 'EXPLICIT:1,SEQUENCE:mgf' }, { mgf: { oid: 'OID:mgf1', h: 'SEQUENCE:hv' }, hv: { oid: OID.sha256 } }),
    spki('OID:1.3.101.113', undefined, `hex:${'11'.repeat(57)}`),
    spki('OID:id-ecPublicKey', 'OID:prime256v1', `hex:04${'11'.repeat(64)}`),
  ]).map((der) => toPem('PUBLIC KEY', der));
  // Without [0] the hash is SHA-1 (RFC 4055's default), whatever [1] holds.
  assert.throws(
    () => parsePublicKey(mgfOnly!),
    refused('KEY_UNSUPPORTED', 'RSASSA-PSS key uses hash 1.3.14.3.2.26; only SHA-256/384/512 are supported'),
  );
  assert.throws(
    () => parsePublicKey(ed448!),
    refused(
      'KEY_UNSUPPORTED',
      'unsupported public key algorithm 1.3.101.113 (supported: ECDSA P-256/P-384/P-521, RSA, Ed25519)',
    ),
  );
  assert.equal(parsePublicKey(p256!, { hashAlgorithm: 'sha512' }).description, 'ECDSA P-256 (sha512)');
});
