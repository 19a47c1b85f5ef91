// Key authorities: real keys of every type generated with node:crypto; signatures made with the
// private key must verify with what parsePublicKey returns (PEM for node:crypto, params for WebCrypto).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createPublicKey, generateKeyPairSync, sign, verify, webcrypto, type KeyObject } from 'node:crypto';
import {
  KmsUnavailableError,
  parsePublicKey,
  parsePublicKeys,
  PolicyInvalidError,
  PublicKeyError,
  type AuthorityKey,
} from './index-node.ts';

const MESSAGE = new TextEncoder().encode('sigguard key authority test');

function spkiPem(k: KeyObject): string {
  return k.export({ type: 'spki', format: 'pem' }) as string;
}

const ec = (namedCurve: string) => generateKeyPairSync('ec', { namedCurve });
const p256 = ec('prime256v1');
const p384 = ec('secp384r1');
const p521 = ec('secp521r1');
const rsa2048 = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 });
const rsa512 = generateKeyPairSync('rsa', { modulusLength: 512 });
const ed = generateKeyPairSync('ed25519');

// Sign with node:crypto, verify through the parsed key's PEM and WebCrypto parameters.
async function assertVerifies(key: AuthorityKey, priv: KeyObject): Promise<void> {
  const hash = key.kind === 'ed25519' ? null : key.hashAlgorithm;
  const pss = key.rsaScheme === 'pss';
  const sigOpts = pss
    ? { key: priv, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
    : priv;
  const sig = sign(hash, MESSAGE, sigOpts);
  const pub = createPublicKey(key.pem);
  const verOpts = pss
    ? { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
    : pub;
  assert.equal(verify(hash, MESSAGE, verOpts, sig), true, `node verify ${key.description}`);

  const webSig = key.kind === 'ecdsa' ? sign(hash, MESSAGE, { key: priv, dsaEncoding: 'ieee-p1363' }) : sig;
  const ck = await webcrypto.subtle.importKey(
    'spki',
    key.webCrypto.spki,
    key.webCrypto.importParams as unknown as Parameters<typeof webcrypto.subtle.importKey>[2],
    false,
    ['verify'],
  );
  const ok = await webcrypto.subtle.verify(
    key.webCrypto.verifyParams as unknown as Parameters<typeof webcrypto.subtle.verify>[0],
    ck,
    webSig,
    MESSAGE,
  );
  assert.equal(ok, true, `WebCrypto verify ${key.description}`);
  const tampered = new Uint8Array(MESSAGE);
  tampered[0] = (tampered[0] ?? 0) ^ 1;
  assert.equal(
    await webcrypto.subtle.verify(
      key.webCrypto.verifyParams as unknown as Parameters<typeof webcrypto.subtle.verify>[0],
      ck,
      webSig,
      tampered,
    ),
    false,
  );
}

test('ECDSA P-256/P-384/P-521 with each hash algorithm', async () => {
  for (const [pair, curve] of [
    [p256, 'P-256'],
    [p384, 'P-384'],
    [p521, 'P-521'],
  ] as const) {
    for (const hashAlgorithm of ['sha256', 'sha384', 'sha512']) {
      const key = parsePublicKey(spkiPem(pair.publicKey), { hashAlgorithm });
      assert.equal(key.kind, 'ecdsa');
      assert.equal(key.curve, curve);
      assert.equal(key.hashAlgorithm, hashAlgorithm);
      await assertVerifies(key, pair.privateKey);
    }
  }
});

test('hashAlgorithm defaults to sha256 and is trimmed and lower-cased (policy-controller)', () => {
  assert.equal(parsePublicKey(spkiPem(p384.publicKey)).hashAlgorithm, 'sha256');
  assert.equal(parsePublicKey(spkiPem(p256.publicKey), { hashAlgorithm: ' SHA512 ' }).hashAlgorithm, 'sha512');
  assert.throws(() => parsePublicKey(spkiPem(p256.publicKey), { hashAlgorithm: 'md5' }), PolicyInvalidError);
  assert.throws(() => parsePublicKey(spkiPem(p256.publicKey), { hashAlgorithm: 'sha224' }), /sha224 is not supported/);
});

test('RSA 2048 PKCS#1 v1.5 (SPKI and "RSA PUBLIC KEY" PKCS#1 PEM) and PSS', async () => {
  const spki = parsePublicKey(spkiPem(rsa2048.publicKey));
  assert.equal(spki.kind, 'rsa');
  assert.equal(spki.rsaBits, 2048);
  assert.equal(spki.rsaScheme, 'pkcs1v15');
  await assertVerifies(spki, rsa2048.privateKey);

  const pkcs1 = parsePublicKey(rsa2048.publicKey.export({ type: 'pkcs1', format: 'pem' }) as string);
  assert.deepEqual(pkcs1.spki, spki.spki, 'PKCS#1 input is rewrapped into the same SPKI');
  assert.equal(pkcs1.pem, spkiPem(rsa2048.publicKey));

  const pss = parsePublicKey(spkiPem(rsa2048.publicKey), { rsaScheme: 'pss', hashAlgorithm: 'sha384' });
  assert.equal(pss.rsaScheme, 'pss');
  await assertVerifies(pss, rsa2048.privateKey);
});

test('an RSASSA-PSS (id-RSASSA-PSS) key takes its hash from the key parameters', async () => {
  const pair = generateKeyPairSync('rsa-pss', {
    modulusLength: 2048,
    hashAlgorithm: 'sha384',
    mgf1HashAlgorithm: 'sha384',
  });
  const key = parsePublicKey(spkiPem(pair.publicKey));
  assert.equal(key.rsaScheme, 'pss');
  assert.equal(key.hashAlgorithm, 'sha384');
  await assertVerifies(key, pair.privateKey);
  assert.throws(() => parsePublicKey(spkiPem(pair.publicKey), { hashAlgorithm: 'sha256' }), /bound to sha384/);
  assert.throws(() => parsePublicKey(spkiPem(pair.publicKey), { rsaScheme: 'pkcs1v15' }), /cannot verify PKCS#1 v1.5/);
});

test('Ed25519', async () => {
  const key = parsePublicKey(spkiPem(ed.publicKey));
  assert.equal(key.kind, 'ed25519');
  await assertVerifies(key, ed.privateKey);
});

test('weak RSA keys are refused by default with a clear error; allowWeakRSA accepts them', async () => {
  for (const [pair, bits] of [
    [rsa1024, 1024],
    [rsa512, 512],
  ] as const) {
    assert.throws(
      () => parsePublicKey(spkiPem(pair.publicKey)),
      (e: unknown) =>
        e instanceof PublicKeyError &&
        e.code === 'KEY_WEAK' &&
        e.message.includes(`RSA key is ${bits} bits`) &&
        e.message.includes('2048'),
    );
    const key = parsePublicKey(spkiPem(pair.publicKey), { allowWeakRSA: true });
    assert.equal(key.rsaBits, bits);
    await assertVerifies(key, pair.privateKey);
  }
});

test('several keys in one PEM (rotation): parsePublicKeys returns all, parsePublicKey refuses to pick one', () => {
  const pem = `# old key\n${spkiPem(p256.publicKey)}\n# new key\n${spkiPem(ed.publicKey)}`;
  const keys = parsePublicKeys(pem);
  assert.deepEqual(
    keys.map((k) => k.kind),
    ['ecdsa', 'ed25519'],
  );
  assert.throws(() => parsePublicKey(pem), /found 2; use parsePublicKeys/);
  // one weak key among several fails the whole set, naming which block
  assert.throws(() => parsePublicKeys(pem + spkiPem(rsa1024.publicKey)), /PEM block 3: RSA key is 1024 bits/);
});

test('malformed PEM and wrong PEM types give clear errors', () => {
  const good = spkiPem(p256.publicKey);
  const cases: Array<[string, RegExp]> = [
    ['', /no "-----BEGIN PUBLIC KEY-----" block/],
    ['not a key at all', /no "-----BEGIN PUBLIC KEY-----" block/],
    [good.replace('-----END PUBLIC KEY-----', ''), /without a matching "END"/],
    [good.replace(/[A-Za-z0-9+/]{10}\n/, '!!!!!!!!!!\n'), /not valid base64/],
    [good.replace('END PUBLIC KEY', 'END CERTIFICATE'), /ends with "END CERTIFICATE"/],
    ['-----BEGIN PUBLIC KEY-----\nMAA=\n-----END PUBLIC KEY-----\n', /does not parse as SubjectPublicKeyInfo/],
    ['-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n', /not one DER value/],
    [
      `-----BEGIN PUBLIC KEY-----\n${Buffer.concat([p256.publicKey.export({ type: 'spki', format: 'der' }), Buffer.from([0])]).toString('base64')}\n-----END PUBLIC KEY-----\n`,
      /1 trailing byte/,
    ],
    [p256.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, /private key/],
    [good.replaceAll('PUBLIC KEY', 'SOMETHING ELSE'), /unknown public key PEM type "SOMETHING ELSE"/],
  ];
  for (const [pem, re] of cases) {
    assert.throws(
      () => parsePublicKey(pem),
      (e: unknown) => e instanceof PublicKeyError && e.code === 'KEY_INVALID' && re.test(e.message),
      re.source,
    );
  }
});

test('unsupported curves and algorithms are KEY_UNSUPPORTED', () => {
  const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
  assert.throws(
    () => parsePublicKey(spkiPem(k1.publicKey)),
    (e: unknown) =>
      e instanceof PublicKeyError && e.code === 'KEY_UNSUPPORTED' && /curve 1\.3\.132\.0\.10/.test(e.message),
  );
  const ed448 = generateKeyPairSync('ed448');
  assert.throws(
    () => parsePublicKey(spkiPem(ed448.publicKey)),
    (e: unknown) => e instanceof PublicKeyError && e.code === 'KEY_UNSUPPORTED',
  );
});

test('KMS references are recognised and refused: not available offline', () => {
  for (const ref of [
    'awskms:///arn:aws:kms:us-east-1:1234:key/abcd',
    'gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k',
    'azurekms://vault.vault.azure.net/key',
    'hashivault://transit-key',
    'k8s://ns/secret',
  ]) {
    assert.throws(
      () => parsePublicKey(ref),
      (e: unknown) =>
        e instanceof KmsUnavailableError &&
        e.code === 'KMS_UNAVAILABLE' &&
        /not available offline; export the public key/.test(e.message) &&
        e.reference === ref,
    );
  }
});
