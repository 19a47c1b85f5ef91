// Differential test: the browser crypto shim must answer exactly like node:crypto
// (true / false / throws) for random keys of every type sigstore uses, several digests
// (including undefined), tampered signatures and data, high-S ECDSA and every hash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as node from 'node:crypto';
import * as shim from './crypto.ts';
import { readFileSync } from 'node:fs';
import { p256, p384, p521 } from '@noble/curves/nist.js';

type Outcome = 'true' | 'false' | 'throws';

function outcome(fn: () => boolean): Outcome {
  try {
    return fn() ? 'true' : 'false';
  } catch {
    return 'throws';
  }
}

interface Mismatch {
  label: string;
  node: Outcome;
  shim: Outcome;
}

class Differ {
  checks = 0;
  mismatches: Mismatch[] = [];
  outcomes = new Map<Outcome, number>();
  compare(label: string, nodeFn: () => boolean, shimFn: () => boolean): Outcome {
    const n = outcome(nodeFn);
    const s = outcome(shimFn);
    this.checks++;
    this.outcomes.set(n, (this.outcomes.get(n) ?? 0) + 1);
    if (n !== s) this.mismatches.push({ label, node: n, shim: s });
    return n;
  }
}

interface TestKey {
  label: string;
  type: 'ec' | 'ed25519' | 'rsa' | 'rsa-pss';
  publicKey: node.KeyObject;
  privateKey: node.KeyObject;
  curve?: typeof p256;
}

const KEY_SPECS: { label: string; type: TestKey['type']; opts: object; curve?: typeof p256 }[] = [
  { label: 'P-256', type: 'ec', opts: { namedCurve: 'P-256' }, curve: p256 },
  { label: 'P-384', type: 'ec', opts: { namedCurve: 'P-384' }, curve: p384 },
  { label: 'P-521', type: 'ec', opts: { namedCurve: 'P-521' }, curve: p521 },
  { label: 'Ed25519', type: 'ed25519', opts: {} },
  { label: 'RSA-2048', type: 'rsa', opts: { modulusLength: 2048 } },
  { label: 'RSA-3072', type: 'rsa', opts: { modulusLength: 3072 } },
  { label: 'RSA-4096', type: 'rsa', opts: { modulusLength: 4096 } },
  { label: 'RSA-PSS-2048', type: 'rsa-pss', opts: { modulusLength: 2048 } },
  {
    label: 'RSA-PSS-2048-restricted-sha256-salt32',
    type: 'rsa-pss',
    opts: { modulusLength: 2048, hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256', saltLength: 32 },
  },
  {
    label: 'RSA-PSS-2048-restricted-sha384-mgf1sha256-salt20',
    type: 'rsa-pss',
    opts: { modulusLength: 2048, hashAlgorithm: 'sha384', mgf1HashAlgorithm: 'sha256', saltLength: 20 },
  },
];

async function makeKeys(): Promise<TestKey[]> {
  const gen = (type: string, opts: object) =>
    new Promise<{ publicKey: node.KeyObject; privateKey: node.KeyObject }>((resolve, reject) =>
      node.generateKeyPair(type as 'ec', opts as node.ECKeyPairKeyObjectOptions, (err, publicKey, privateKey) =>
        err ? reject(err) : resolve({ publicKey, privateKey }),
      ),
    );
  return Promise.all(
    KEY_SPECS.map(async (s) => ({ label: s.label, type: s.type, curve: s.curve, ...(await gen(s.type, s.opts)) })),
  );
}

// The encodings sigstore-js hands to createPublicKey: DER spki, PEM, and DER pkcs1 for RSA.
function keyForms(k: TestKey): { form: string; nodeKey: node.KeyObject; shimKey: shim.KeyObject }[] {
  const der = k.publicKey.export({ format: 'der', type: 'spki' });
  const pem = k.publicKey.export({ format: 'pem', type: 'spki' }) as string;
  const forms = [
    {
      form: 'spki-der',
      nodeKey: node.createPublicKey({ key: der, format: 'der', type: 'spki' }),
      shimKey: shim.createPublicKey({ key: der, format: 'der', type: 'spki' }),
    },
    { form: 'spki-pem', nodeKey: node.createPublicKey(pem), shimKey: shim.createPublicKey(pem) },
  ];
  if (k.type === 'rsa') {
    const pkcs1 = k.publicKey.export({ format: 'der', type: 'pkcs1' });
    forms.push({
      form: 'pkcs1-der',
      nodeKey: node.createPublicKey({ key: pkcs1, format: 'der', type: 'pkcs1' }),
      shimKey: shim.createPublicKey({ key: pkcs1, format: 'der', type: 'pkcs1' }),
    });
  }
  return forms;
}

const DIGESTS: (string | undefined)[] = [
  undefined,
  'sha256',
  'sha384',
  'sha512',
  'sha224',
  'sha1',
  'sha3-256',
  'SHA512',
  'RSA-SHA256',
  'md5',
  'nope',
];

const PSS_TAMPER_DIGESTS: (string | undefined)[] = [undefined, 'sha384', 'sha3-256', 'nope'];

function signWithFirstAccepted(digests: (string | null)[], data: Buffer, key: node.KeyObject): Buffer {
  for (const alg of digests) {
    try {
      return node.sign(alg, data, key);
    } catch {
      // Node refuses this digest for this key (Ed25519, restricted rsa-pss): try the next.
    }
  }
  throw new Error('no digest accepted for signing');
}

function flip(buf: Uint8Array, index: number): Buffer {
  const out = Buffer.from(buf);
  const i = ((index % out.length) + out.length) % out.length;
  out[i] = (out[i] as number) ^ 0x01;
  return out;
}

function highS(curve: typeof p256, der: Uint8Array): Buffer {
  const sig = curve.Signature.fromBytes(der, 'der');
  const n = curve.Point.Fn.ORDER;
  return Buffer.from(new curve.Signature(sig.r, n - sig.s).toBytes('der'));
}

test('crypto shim verify() matches node:crypto on random keys, digests, tampering and high-S', async (t) => {
  const keys = await makeKeys();
  const d = new Differ();
  for (const k of keys) {
    const data = node.randomBytes(64 + (k.label.length % 7) * 13);
    for (const digest of DIGESTS) {
      // A signature by Node for this digest, when Node can make one (else a sha256/pure one).
      const sig = signWithFirstAccepted([digest ?? null, 'sha256', 'sha384', null], data, k.privateKey);
      for (const f of keyForms(k)) {
        const label = `${k.label} ${f.form} digest=${String(digest)}`;
        if (digest === 'md5' && k.type === 'rsa') {
          // Deliberate, fail-closed difference: the shim refuses RSA-MD5 (Node accepts it).
          assert.throws(() => shim.verify(digest, data, f.shimKey, sig), { code: 'ERR_CRYPTO_INVALID_DIGEST' });
          continue;
        }
        d.compare(
          `${label} genuine`,
          () => node.verify(digest, data, f.nodeKey, sig),
          () => shim.verify(digest, data, f.shimKey, sig),
        );
        // Tampering and the high-S cases only on one encoding: the key form does not change them.
        if (f.form !== 'spki-der') continue;
        // A failing PSS check with "auto" salt tries every salt length (one RSA operation each):
        // tamper with a few digests only, to keep the test fast.
        if (k.type === 'rsa-pss' && !PSS_TAMPER_DIGESTS.includes(digest)) continue;
        for (const pos of [0, 7, -1]) {
          const bad = flip(sig, pos);
          d.compare(
            `${label} sig[${pos}] flipped`,
            () => node.verify(digest, data, f.nodeKey, bad),
            () => shim.verify(digest, data, f.shimKey, bad),
          );
        }
        const badData = flip(data, 3);
        d.compare(
          `${label} data flipped`,
          () => node.verify(digest, badData, f.nodeKey, sig),
          () => shim.verify(digest, badData, f.shimKey, sig),
        );
        const short = sig.subarray(0, sig.length - 1);
        d.compare(
          `${label} sig truncated`,
          () => node.verify(digest, data, f.nodeKey, short),
          () => shim.verify(digest, data, f.shimKey, short),
        );
        const long = Buffer.concat([sig, Buffer.of(0)]);
        d.compare(
          `${label} sig trailing byte`,
          () => node.verify(digest, data, f.nodeKey, long),
          () => shim.verify(digest, data, f.shimKey, long),
        );
        if (k.curve && digest !== 'nope') {
          let hs: Buffer | undefined;
          try {
            hs = highS(k.curve, sig);
          } catch {
            hs = undefined;
          }
          if (hs) {
            const h = hs;
            const r = d.compare(
              `${label} high-S`,
              () => node.verify(digest, data, f.nodeKey, h),
              () => shim.verify(digest, data, f.shimKey, h),
            );
            if (digest === undefined) assert.equal(r, 'true', 'OpenSSL accepts high-S ECDSA signatures');
          }
        }
      }
    }
    // Signatures by another key of the same type never verify.
    const other = keys.find((o) => o !== k && o.type === k.type);
    if (other) {
      const alg = k.type === 'ed25519' ? null : 'sha256';
      const sig = node.sign(alg, data, other.privateKey);
      const sk = shim.createPublicKey(k.publicKey.export({ format: 'pem', type: 'spki' }) as string);
      d.compare(
        `${k.label} signature by ${other.label}`,
        () => node.verify(alg, data, k.publicKey, sig),
        () => shim.verify(alg, data, sk, sig),
      );
    }
  }

  // ECDSA in IEEE P1363 form (dsaEncoding option), and PSS on a plain RSA key via options.
  for (const k of keys) {
    const data = node.randomBytes(40);
    const pem = k.publicKey.export({ format: 'pem', type: 'spki' }) as string;
    if (k.type === 'ec') {
      const sig = node.sign('sha384', data, { key: k.privateKey, dsaEncoding: 'ieee-p1363' });
      for (const s of [sig, flip(sig, 5)]) {
        d.compare(
          `${k.label} p1363`,
          () => node.verify('sha384', data, { key: k.publicKey, dsaEncoding: 'ieee-p1363' }, s),
          () => shim.verify('sha384', data, { key: pem, dsaEncoding: 'ieee-p1363' } as never, s),
        );
      }
    }
    if (k.type === 'rsa' || k.type === 'rsa-pss') {
      const pssOpts = k.type === 'rsa' ? { padding: node.constants.RSA_PKCS1_PSS_PADDING } : {};
      const alg = k.label.includes('sha384') ? 'sha384' : 'sha256';
      const hLen = alg === 'sha384' ? 48 : 32;
      for (const saltLength of [0, 20, hLen, node.constants.RSA_PSS_SALTLEN_MAX_SIGN]) {
        let sig: Buffer;
        try {
          sig = node.sign(alg, data, { key: k.privateKey, ...pssOpts, saltLength });
        } catch {
          continue; // salt shorter than the key's restriction: Node refuses to sign
        }
        for (const verifySalt of [undefined, saltLength, node.constants.RSA_PSS_SALTLEN_AUTO]) {
          const opt = verifySalt === undefined ? pssOpts : { ...pssOpts, saltLength: verifySalt };
          d.compare(
            `${k.label} PSS salt=${saltLength} verifySalt=${String(verifySalt)}`,
            () => node.verify(alg, data, { key: k.publicKey, ...opt }, sig),
            () => shim.verify(alg, data, { key: pem, ...opt } as never, sig),
          );
        }
        if (saltLength !== hLen) continue; // one tampered check per key: each costs a full salt scan
        d.compare(
          `${k.label} PSS salt=${saltLength} tampered`,
          () => node.verify(alg, data, { key: k.publicKey, ...pssOpts }, flip(sig, 9)),
          () => shim.verify(alg, data, { key: pem, ...pssOpts } as never, flip(sig, 9)),
        );
      }
    }
  }

  t.diagnostic(`${d.checks} verify checks: ${[...d.outcomes].map(([o, n]) => `${n} ${o}`).join(', ')}`);
  assert.deepEqual(d.mismatches, [], `${d.mismatches.length} of ${d.checks} checks differ from node:crypto`);
  assert.ok(d.checks >= 300, `only ${d.checks} checks ran`);
  // Guard against a test that cannot fail: every outcome kind must actually occur.
  for (const o of ['true', 'false', 'throws'] as const)
    assert.ok((d.outcomes.get(o) ?? 0) > 10, `too few '${o}' outcomes`);
});

test('crypto shim createHash() matches node:crypto for every digest, chunked and encoded', () => {
  const algs = [
    'md5',
    'sha1',
    'sha224',
    'sha256',
    'sha384',
    'sha512',
    'sha512-224',
    'sha512-256',
    'sha3-224',
    'sha3-256',
    'sha3-384',
    'sha3-512',
    'SHA256',
    'RSA-SHA1',
  ];
  let checks = 0;
  for (const alg of algs) {
    for (const len of [0, 1, 55, 64, 127, 1000]) {
      const data = node.randomBytes(len);
      const cut = Math.floor(len / 3);
      const want = node.createHash(alg).update(data.subarray(0, cut)).update(data.subarray(cut)).digest();
      const got = shim.createHash(alg).update(data.subarray(0, cut)).update(data.subarray(cut)).digest();
      assert.ok(Buffer.isBuffer(got));
      assert.equal(Buffer.from(got).toString('hex'), want.toString('hex'), `${alg} over ${len} bytes`);
      checks++;
    }
    assert.equal(
      shim.createHash(alg).update('héllo', 'utf8').digest('base64'),
      node.createHash(alg).update('héllo', 'utf8').digest('base64'),
    );
  }
  assert.throws(() => shim.createHash('nope'), { code: 'ERR_CRYPTO_INVALID_DIGEST' });
  assert.throws(() => node.createHash('nope'));
  const h = shim.createHash('sha256');
  h.digest();
  assert.throws(() => h.digest(), { code: 'ERR_CRYPTO_HASH_FINALIZED' });
  assert.ok(checks > 50);
});

test('crypto shim timingSafeEqual() matches node:crypto, including the length-mismatch throw', () => {
  const cases: [Uint8Array, Uint8Array][] = [
    [Buffer.from('abc'), Buffer.from('abc')],
    [Buffer.from('abc'), Buffer.from('abd')],
    [new Uint8Array(0), new Uint8Array(0)],
    [Buffer.from('abc'), Buffer.from('abcd')],
    [Buffer.from('xabcx').subarray(1, 4), Buffer.from('abc')],
  ];
  for (const [a, b] of cases) {
    assert.equal(
      outcome(() => shim.timingSafeEqual(a, b)),
      outcome(() => node.timingSafeEqual(a, b)),
    );
  }
});

test('crypto shim createPublicKey() refuses what node:crypto refuses', async () => {
  const ec = node.generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
  const der = ec.export({ format: 'der', type: 'spki' });
  const offCurve = Buffer.from(der);
  offCurve[offCurve.length - 1] = (offCurve[offCurve.length - 1] as number) ^ 0x01;
  const inputs: [string, unknown][] = [
    ['truncated spki', { key: der.subarray(0, der.length - 5), format: 'der', type: 'spki' }],
    ['trailing garbage', { key: Buffer.concat([der, Buffer.of(0)]), format: 'der', type: 'spki' }],
    ['point not on curve', { key: offCurve, format: 'der', type: 'spki' }],
    ['empty pem', '-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n'],
    ['not a key', 'hello'],
    ['valid', { key: der, format: 'der', type: 'spki' }],
  ];
  for (const [label, input] of inputs) {
    const n = outcome(() => node.createPublicKey(input as string) !== undefined);
    const s = outcome(() => shim.createPublicKey(input as string) !== undefined);
    assert.equal(s, n, label);
  }
});

test('crypto shim takes a certificate PEM like node:crypto (real Fulcio leaf, real signature)', () => {
  const dir = new URL('../../test/vectors/conformance-samples/', import.meta.url);
  const bundle = JSON.parse(readFileSync(new URL('happy-path-v0.3/bundle.sigstore.json', dir), 'utf8'));
  const der = Buffer.from(bundle.verificationMaterial.certificate.rawBytes, 'base64');
  const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
  const sig = Buffer.from(bundle.messageSignature.signature, 'base64');
  const artifact = readFileSync(new URL('a.txt', dir));
  const nodeKey = node.createPublicKey(pem);
  const shimKey = shim.createPublicKey(pem);
  assert.equal(shimKey.asymmetricKeyType, nodeKey.asymmetricKeyType);
  for (const [data, s] of [
    [artifact, sig],
    [flip(artifact, 0), sig],
    [artifact, flip(sig, 10)],
  ] as const) {
    assert.equal(
      outcome(() => shim.verify('sha256', data, shimKey, s)),
      outcome(() => node.verify('sha256', data, nodeKey, s)),
    );
  }
  assert.equal(shim.verify('sha256', artifact, shimKey, sig), true);
});

test('crypto shim rejects non-canonical and out-of-range ECDSA DER exactly like node:crypto', () => {
  const d = new Differ();
  const hex = (n: bigint): Buffer => {
    let h = n.toString(16);
    if (h.length % 2) h = '0' + h;
    if (parseInt(h.slice(0, 2), 16) & 0x80) h = '00' + h;
    return Buffer.from(h, 'hex');
  };
  const int = (b: Buffer) => Buffer.concat([Buffer.of(0x02, b.length), b]);
  // DER length: short form below 128, else 0x81 <len> (P-521 signatures need it).
  const seq = (body: Buffer, forceLong = false) =>
    body.length < 128 && !forceLong
      ? Buffer.concat([Buffer.of(0x30, body.length), body])
      : Buffer.concat([Buffer.of(0x30, 0x81, body.length), body]);
  for (const [namedCurve, curve] of [
    ['P-256', p256],
    ['P-384', p384],
    ['P-521', p521],
  ] as const) {
    const { publicKey, privateKey } = node.generateKeyPairSync('ec', { namedCurve });
    const shimKey = shim.createPublicKey(publicKey.export({ format: 'pem', type: 'spki' }) as string);
    const data = node.randomBytes(32);
    const sig = curve.Signature.fromBytes(node.sign('sha256', data, privateKey), 'der');
    const n = curve.Point.Fn.ORDER;
    const r = hex(sig.r);
    const s = hex(sig.s);
    const variants: Record<string, Buffer> = {
      canonical: seq(Buffer.concat([int(r), int(s)])),
      'extra leading zero in r': seq(Buffer.concat([int(Buffer.concat([Buffer.of(0), r])), int(s)])),
      'trailing byte': Buffer.concat([seq(Buffer.concat([int(r), int(s)])), Buffer.of(0)]),
      'r = 0': seq(Buffer.concat([int(Buffer.of(0)), int(s)])),
      'r = n': seq(Buffer.concat([int(hex(n)), int(s)])),
      's + n': seq(Buffer.concat([int(r), int(hex(sig.s + n))])),
      'negative r': seq(Buffer.concat([int(Buffer.concat([Buffer.of(0xff), r])), int(s)])),
      empty: Buffer.alloc(0),
      'IEEE P1363 where DER is expected': Buffer.from(sig.toBytes('compact')),
    };
    const body = Buffer.concat([int(r), int(s)]);
    if (body.length < 128) variants['long-form length when short suffices'] = seq(body, true);
    for (const [label, v] of Object.entries(variants)) {
      d.compare(
        `${namedCurve} ${label}`,
        () => node.verify('sha256', data, publicKey, v),
        () => shim.verify('sha256', data, shimKey, v),
      );
    }
  }
  assert.deepEqual(d.mismatches, []);
  assert.equal(
    d.outcomes.get('true'),
    3,
    `exactly the canonical signatures verify: ${JSON.stringify([...d.outcomes])}`,
  );
});

test('crypto shim Ed25519 edge cases (S >= L, small-order and non-canonical encodings) match node:crypto', () => {
  const d = new Differ();
  const { publicKey, privateKey } = node.generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  const prefix = der.subarray(0, der.length - 32);
  const data = Buffer.from('edge cases');
  const sig = node.sign(null, data, privateKey);
  const L = 2n ** 252n + 27742317777372353535851937790883648493n;
  const P = 2n ** 255n - 19n;
  const le = (n: bigint) => Buffer.from(n.toString(16).padStart(64, '0'), 'hex').reverse();
  const S = BigInt('0x' + Buffer.from(sig.subarray(32)).reverse().toString('hex'));
  const identity = le(1n);
  const keyOf = (raw: Buffer) => {
    const spki = Buffer.concat([prefix, raw]);
    return {
      n: node.createPublicKey({ key: spki, format: 'der', type: 'spki' }),
      s: shim.createPublicKey({ key: spki, format: 'der', type: 'spki' }),
    };
  };
  const real = keyOf(Buffer.from(der.subarray(der.length - 32)));
  const small = keyOf(identity);
  const nonCanonical = keyOf(le(P + 1n)); // y = 1 encoded as p + 1
  const cases: [string, { n: node.KeyObject; s: shim.KeyObject }, Buffer][] = [
    ['genuine', real, sig],
    ['S + L', real, Buffer.concat([sig.subarray(0, 32), le(S + L)])],
    ['small-order key, R = identity, S = 0', small, Buffer.concat([identity, Buffer.alloc(32)])],
    ['non-canonical key encoding', nonCanonical, Buffer.concat([identity, Buffer.alloc(32)])],
    ['non-canonical R encoding', small, Buffer.concat([le(P + 1n), Buffer.alloc(32)])],
  ];
  for (const [label, key, s] of cases)
    d.compare(
      label,
      () => node.verify(null, data, key.n, s),
      () => shim.verify(null, data, key.s, s),
    );
  assert.deepEqual(d.mismatches, []);
  assert.equal(d.outcomes.get('true'), 1);
});
