// Key-signed bundles of every key type, made here with node:crypto (no log entry, no timestamp:
// thresholds 0), each verified with the right key configuration and with a wrong one. Runs in Node
// and Chromium through verifyBundleCase, so the browser shims see the same hash/scheme choices
// @sigguard/verify makes for keys (SHA-384/512 ECDSA, PSS padding on rsaEncryption keys, pure Ed25519).
import { constants, createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { sharedTestSigstore, type KeyType } from '@sigguard/test-vectors';
import type { Case, CaseTable } from './tables.ts';

type Hash = 'sha256' | 'sha384' | 'sha512';
const DIGEST_NAMES: Record<Hash, string> = { sha256: 'SHA2_256', sha384: 'SHA2_384', sha512: 'SHA2_512' };
const ARTIFACT = Buffer.from('browser key types');
const STATEMENT = Buffer.from(
  JSON.stringify({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'a', digest: { sha256: createHash('sha256').update(ARTIFACT).digest('hex') } }],
    predicateType: 'https://example.com/p',
    predicate: {},
  }),
);
const PAYLOAD_TYPE = 'application/vnd.in-toto+json';

interface KeyCase {
  name: string;
  keys: { publicKey: KeyObject; privateKey: KeyObject };
  hash: Hash | null;
  pss?: boolean;
  good: { hashAlgorithm?: Hash; rsaScheme?: 'pss' | 'pkcs1v15' };
  wrong?: { hashAlgorithm?: Hash; rsaScheme?: 'pss' | 'pkcs1v15' };
}

function pae(type: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(type)} ${type} ${body.length} `), body]);
}

function bundleFor(k: KeyCase, dsse: boolean): string {
  const data = dsse ? pae(PAYLOAD_TYPE, STATEMENT) : ARTIFACT;
  const key = k.pss
    ? { key: k.keys.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
    : k.keys.privateKey;
  const sig = sign(k.hash, data, key).toString('base64');
  const digestHash = k.hash ?? 'sha256';
  const content = dsse
    ? {
        dsseEnvelope: {
          payload: STATEMENT.toString('base64'),
          payloadType: PAYLOAD_TYPE,
          signatures: [{ sig, keyid: '' }],
        },
      }
    : {
        messageSignature: {
          messageDigest: {
            algorithm: DIGEST_NAMES[digestHash],
            digest: createHash(digestHash).update(ARTIFACT).digest('base64'),
          },
          signature: sig,
        },
      };
  return JSON.stringify({
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: {
      publicKey: { hint: 'k' },
      tlogEntries: [],
      timestampVerificationData: { rfc3161Timestamps: [] },
    },
    ...content,
  });
}

export function keyTypesTable(): CaseTable {
  const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
  const specs: KeyCase[] = [
    {
      name: 'ECDSA P-256',
      keys: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
      hash: 'sha256',
      good: { hashAlgorithm: 'sha256' },
      wrong: { hashAlgorithm: 'sha384' },
    },
    {
      name: 'ECDSA P-384/SHA-384',
      keys: generateKeyPairSync('ec', { namedCurve: 'P-384' }),
      hash: 'sha384',
      good: { hashAlgorithm: 'sha384' },
      wrong: { hashAlgorithm: 'sha256' },
    },
    {
      name: 'ECDSA P-521/SHA-512',
      keys: generateKeyPairSync('ec', { namedCurve: 'P-521' }),
      hash: 'sha512',
      good: { hashAlgorithm: 'sha512' },
      wrong: { hashAlgorithm: 'sha256' },
    },
    { name: 'RSA PKCS#1 v1.5', keys: rsa(), hash: 'sha256', good: {}, wrong: { rsaScheme: 'pss' } },
    {
      name: 'RSA-PSS, rsaEncryption key',
      keys: rsa(),
      hash: 'sha256',
      pss: true,
      good: { rsaScheme: 'pss' },
      wrong: {},
    },
    {
      name: 'RSA-PSS, id-RSASSA-PSS key',
      keys: generateKeyPairSync('rsa-pss', { modulusLength: 2048 }),
      hash: 'sha256',
      pss: true,
      good: {},
    },
    { name: 'Ed25519', keys: generateKeyPairSync('ed25519'), hash: null, good: {} },
  ];
  const cases: Case[] = [];
  const artifactBase64 = ARTIFACT.toString('base64');
  for (const k of specs) {
    const keyPem = k.keys.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    for (const dsse of [false, true]) {
      const base = { bundle: bundleFor(k, dsse), keyPem, artifactBase64, tlogThreshold: 0, timestampThreshold: 0 };
      const kind = dsse ? 'DSSE' : 'message';
      cases.push({ id: `${k.name} ${kind}`, expectOk: true, input: { ...base, keyOptions: k.good } });
      if (k.wrong)
        cases.push({
          id: `${k.name} ${kind}, wrong hash or scheme`,
          expectOk: false,
          input: { ...base, keyOptions: k.wrong },
        });
    }
  }
  return { name: 'key types (key-signed, every key type)', runner: 'verifyBundleCase', cases };
}

// Keyless: fresh bundles from the private Sigstore instance (certificate, SCT, log entry, RFC 3161
// timestamp) with every certificate key type the algorithm registry lists, each verifying with
// its registered algorithm only: signed with another hash, tampered, or for another artifact is denied.
const KEYLESS_TYPES: { type: KeyType; wrongHash?: Hash }[] = [
  { type: 'ecdsa-p256', wrongHash: 'sha384' },
  { type: 'ecdsa-p384', wrongHash: 'sha256' },
  { type: 'ecdsa-p521', wrongHash: 'sha256' },
  { type: 'rsa-pkcs1-2048', wrongHash: 'sha384' },
  { type: 'rsa-pss-spki-2048', wrongHash: 'sha384' },
  { type: 'ed25519' }, // message: a sha384 digest is declared; DSSE has no hash to get wrong
];
const KEYLESS_IDENTITY = { subject: 'keyless@sigguard.test', issuer: 'https://issuer.sigguard.test' };

export async function keylessKeyTypesTable(): Promise<CaseTable> {
  const sigstore = await sharedTestSigstore();
  const trustedRoot = JSON.stringify(sigstore.trustedRoot());
  const artifactBase64 = ARTIFACT.toString('base64');
  const otherArtifactBase64 = Buffer.from('another artifact').toString('base64');
  const cases: Case[] = [];
  for (const { type, wrongHash } of KEYLESS_TYPES) {
    for (const dsse of [false, true]) {
      const kind = dsse ? 'DSSE' : 'message';
      const content = dsse ? { dsse: { payload: STATEMENT, payloadType: PAYLOAD_TYPE } } : { artifact: ARTIFACT };
      const sign = (extra: object) =>
        sigstore.signKeyless({ ...KEYLESS_IDENTITY, keyType: type, withTimestamp: true, ...content, ...extra });
      const input = (bundle: object, artifact = artifactBase64) => ({
        bundle: JSON.stringify(bundle),
        trustedRoot,
        identity: KEYLESS_IDENTITY,
        artifactBase64: artifact,
      });
      const good = (await sign({})).bundle;
      cases.push({ id: `keyless ${type} ${kind}`, expectOk: true, input: input(good) });
      cases.push({
        id: `keyless ${type} ${kind}, wrong artifact`,
        expectOk: false,
        input: input(good, otherArtifactBase64),
      });
      cases.push({
        id: `keyless ${type} ${kind}, tampered signature`,
        expectOk: false,
        input: input((await sign({ corruptSignature: true })).bundle),
      });
      const hash = wrongHash ?? (dsse ? undefined : 'sha384');
      if (hash)
        cases.push({
          id: `keyless ${type} ${kind}, ${hash} (not the registered hash)`,
          expectOk: false,
          input: input((await sign({ hash })).bundle),
        });
    }
  }
  return { name: 'key types (keyless certificates, every registered key type)', runner: 'verifyBundleCase', cases };
}
