// The committed vector cases: how each is made and what a verifier must conclude.
import { sha256, utf8 } from '../encoding.ts';
import { githubWorkflowExtensions } from '../pki/fulcio-extensions.ts';
import type { KeyPair } from '../pki/keys.ts';
import { IN_TOTO_PAYLOAD_TYPE, type SignedBundle, type TestSigstore } from '../sigstore.ts';
import type { BundleJSON } from '../bundle/build.ts';
import { TestRekor } from '../log/rekor.ts';
import { TestTSA } from '../pki/tsa.ts';
import { TestCTLog } from '../pki/ct-log.ts';

/** Check codes as @sigguard/verify names them (see docs/architecture.md). */
export type FailureCode =
  | 'SIGNATURE'
  | 'CERTIFICATE_CHAIN'
  | 'SCT'
  | 'TLOG'
  | 'TIMESTAMP'
  | 'IDENTITY'
  | 'ARTIFACT_DIGEST';

export type Outcome = { verified: true } | { verified: false; code: FailureCode };

export interface VectorCase {
  name: string;
  description: string;
  bundle: BundleJSON;
  /** Bytes to verify the bundle against (not always what was signed, for negative cases). */
  artifact: Uint8Array;
  /** Keyless identity to require. */
  identity?: { subject: string; issuer: string };
  /** Trusted public key (key-based cases). */
  key?: KeyPair;
  /** When the verifier should consider "now". */
  verifyAt: Date;
  expected: Outcome;
  /** What plain @sigstore/verify concludes (it does not check `now`, DSSE subjects or artifact digests
   *  of DSSE); `verified` or its VerificationError / PolicyError code. */
  sigstoreJs: 'verified' | string;
}

export const SIGNED_AT = new Date('2026-01-15T12:00:00Z');
/** Within the 10-minute certificate validity. */
export const VERIFY_AT = new Date('2026-01-15T12:01:00Z');
/** After every leaf certificate has expired. */
export const VERIFY_LATE = new Date('2026-03-01T00:00:00Z');

export const ALICE = { subject: 'alice@example.com', issuer: 'https://accounts.example.com' };

const ARTIFACT = utf8('sigguard test artifact: hello, world\n');
const OTHER_ARTIFACT = utf8('sigguard test artifact: goodbye, world\n');

function statementFor(artifact: Uint8Array, name = 'artifact.txt'): object {
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name, digest: { sha256: sha256(artifact).toString('hex') } }],
    predicateType: 'https://slsa.dev/provenance/v1',
    predicate: {
      buildDefinition: { buildType: 'https://sigguard.test/build/v1' },
      runDetails: { builder: { id: 'https://sigguard.test/builder' } },
    },
  };
}

/** Replace the first inclusion-proof hash: the proof no longer leads to the checkpoint's root. */
function breakInclusionProof(bundle: BundleJSON): BundleJSON {
  const copy = structuredClone(bundle) as BundleJSON & {
    verificationMaterial: { tlogEntries: { inclusionProof: { hashes: string[] } }[] };
  };
  const proof = copy.verificationMaterial.tlogEntries[0]?.inclusionProof;
  if (!proof || proof.hashes.length === 0) throw new Error('breakInclusionProof: bundle has no inclusion proof hashes');
  proof.hashes[0] = Buffer.alloc(32, 0x42).toString('base64');
  return copy;
}

type EditableBundle = BundleJSON & {
  verificationMaterial: {
    tlogEntries: { integratedTime: string }[];
    timestampVerificationData: { rfc3161Timestamps: { signedTimestamp: string }[] };
  };
};

/** Move the integrated time by one second (still inside the certificate's validity): the SET no longer covers the entry. */
function shiftIntegratedTime(bundle: BundleJSON): BundleJSON {
  const copy = structuredClone(bundle) as EditableBundle;
  const entry = copy.verificationMaterial.tlogEntries[0];
  if (!entry) throw new Error('shiftIntegratedTime: no tlog entry');
  entry.integratedTime = String(Number(entry.integratedTime) + 1);
  return copy;
}

/** Put another bundle's RFC 3161 timestamps in this one: their message imprint is another signature's. */
function withTimestampsOf(bundle: BundleJSON, donor: BundleJSON): BundleJSON {
  const copy = structuredClone(bundle) as EditableBundle;
  copy.verificationMaterial.timestampVerificationData = structuredClone(
    (donor as EditableBundle).verificationMaterial.timestampVerificationData,
  );
  return copy;
}

function flipSignatureInBundle(bundle: BundleJSON): BundleJSON {
  const copy = structuredClone(bundle) as BundleJSON & { messageSignature: { signature: string } };
  const sig = Buffer.from(copy.messageSignature.signature, 'base64');
  sig[sig.length - 8] = (sig[sig.length - 8] ?? 0) ^ 0x01;
  copy.messageSignature.signature = sig.toString('base64');
  return copy;
}

export async function buildCases(s: TestSigstore): Promise<VectorCase[]> {
  const cases: VectorCase[] = [];
  const keyless = (extra: Partial<Parameters<TestSigstore['signKeyless']>[0]> = {}): Promise<SignedBundle> =>
    s.signKeyless({ ...ALICE, artifact: ARTIFACT, signedAt: SIGNED_AT, ...extra });
  const ok: Outcome = { verified: true };
  const add = (
    c: Omit<VectorCase, 'verifyAt' | 'artifact'> & Partial<Pick<VectorCase, 'verifyAt' | 'artifact'>>,
  ): void => {
    cases.push({ verifyAt: VERIFY_AT, artifact: ARTIFACT, ...c });
  };

  add({
    name: 'keyless-v0.3-message',
    description:
      'Valid keyless message signature, bundle v0.3 (Fulcio cert with ' +
      'SCT, Rekor entry with SET, inclusion proof and checkpoint).',
    bundle: (await keyless()).bundle,
    identity: ALICE,
    expected: ok,
    sigstoreJs: 'verified',
  });
  add({
    name: 'keyless-v0.3-legacy-media-type',
    description:
      'Valid keyless message signature, v0.3 under its older media ' +
      'type application/vnd.dev.sigstore.bundle+json;version=0.3.',
    bundle: (await keyless({ bundleVersion: '0.3-legacy' })).bundle,
    identity: ALICE,
    expected: ok,
    sigstoreJs: 'verified',
  });
  add({
    name: 'keyless-v0.2-message',
    description:
      'Valid keyless message signature, bundle v0.2 (x509CertificateChain ' +
      'with the leaf and its CAs, inclusion proof required).',
    bundle: (await keyless({ bundleVersion: '0.2' })).bundle,
    identity: ALICE,
    expected: ok,
    sigstoreJs: 'verified',
  });
  add({
    name: 'keyless-v0.1-message',
    description: 'Valid keyless message signature, bundle v0.1 (x509CertificateChain, SET only, no inclusion proof).',
    bundle: (await keyless({ bundleVersion: '0.1', withProof: false })).bundle,
    identity: ALICE,
    expected: ok,
    sigstoreJs: 'verified',
  });
  add({
    name: 'keyless-v0.3-tsa',
    description: 'Valid keyless message signature with both an RFC 3161 timestamp and a SET.',
    bundle: (await keyless({ withTimestamp: true })).bundle,
    identity: ALICE,
    expected: ok,
    sigstoreJs: 'verified',
  });

  const keyed = await s.signWithKey({ artifact: ARTIFACT, signedAt: SIGNED_AT, key: 'ecdsa-p256' });
  add({
    name: 'key-v0.3-message',
    description:
      'Valid public-key (ECDSA P-256) message signature, bundle v0.3 with a publicKey hint and a Rekor entry.',
    bundle: keyed.bundle,
    key: keyed.key,
    expected: ok,
    sigstoreJs: 'verified',
  });
  for (const type of ['ecdsa-p384', 'ecdsa-p521', 'rsa-pkcs1-2048'] as const) {
    const signed = await s.signWithKey({ artifact: ARTIFACT, signedAt: SIGNED_AT, key: type });
    add({
      name: `key-${type}-message`,
      description: `Valid public-key (${type}) message signature, bundle v0.3.`,
      bundle: signed.bundle,
      key: signed.key,
      expected: ok,
      sigstoreJs: 'verified',
    });
  }
  const otherKey = await s.signWithKey({ artifact: ARTIFACT, signedAt: SIGNED_AT, key: 'ecdsa-p256' });
  add({
    name: 'key-wrong-key',
    description: 'Public-key signature checked against a different trusted key (the one of key-v0.3-message).',
    bundle: otherKey.bundle,
    key: keyed.key,
    expected: { verified: false, code: 'SIGNATURE' },
    sigstoreJs: 'SIGNATURE_ERROR',
  });

  const statement = statementFor(ARTIFACT);
  add({
    name: 'keyless-dsse-subject-match',
    description: 'Valid keyless DSSE in-toto statement whose subject digest is the artifact.',
    bundle: (await s.signKeyless({ ...ALICE, dsseStatement: statement, signedAt: SIGNED_AT })).bundle,
    identity: ALICE,
    expected: ok,
    sigstoreJs: 'verified',
  });
  add({
    name: 'keyless-dsse-subject-mismatch',
    description: 'Valid keyless DSSE statement, checked against an artifact that is not among its subjects.',
    bundle: (await s.signKeyless({ ...ALICE, dsseStatement: statementFor(OTHER_ARTIFACT), signedAt: SIGNED_AT }))
      .bundle,
    identity: ALICE,
    expected: { verified: false, code: 'ARTIFACT_DIGEST' },
    sigstoreJs: 'verified',
  });
  const keyedDsse = await s.signWithKey({ dsseStatement: statement, signedAt: SIGNED_AT, key: 'ecdsa-p256' });
  add({
    name: 'key-dsse-subject-match',
    description: 'Valid public-key DSSE in-toto statement whose subject digest is the artifact.',
    bundle: keyedDsse.bundle,
    key: keyedDsse.key,
    expected: ok,
    sigstoreJs: 'verified',
  });

  const alice = await keyless();
  add({
    name: 'keyless-wrong-identity',
    description: 'Valid bundle for alice@example.com, policy requires bob@example.com.',
    bundle: alice.bundle,
    identity: { subject: 'bob@example.com', issuer: ALICE.issuer },
    expected: { verified: false, code: 'IDENTITY' },
    sigstoreJs: 'UNTRUSTED_SIGNER_ERROR',
  });
  add({
    name: 'keyless-wrong-issuer',
    description:
      'Valid bundle issued for https://accounts.example.com, policy requires https://token.actions.githubusercontent.com.',
    bundle: alice.bundle,
    identity: { subject: ALICE.subject, issuer: 'https://token.actions.githubusercontent.com' },
    expected: { verified: false, code: 'IDENTITY' },
    sigstoreJs: 'UNTRUSTED_SIGNER_ERROR',
  });
  add({
    name: 'keyless-wrong-artifact',
    description: 'Valid bundle checked against different bytes than were signed.',
    bundle: alice.bundle,
    identity: ALICE,
    artifact: OTHER_ARTIFACT,
    expected: { verified: false, code: 'ARTIFACT_DIGEST' },
    sigstoreJs: 'SIGNATURE_ERROR',
  });

  const otherCA = await s.createOtherCA();
  add({
    name: 'keyless-other-ca',
    description: 'Certificate issued by a CA (own root and intermediate) that the trusted root does not list.',
    bundle: (await keyless({ ca: otherCA })).bundle,
    identity: ALICE,
    expected: { verified: false, code: 'CERTIFICATE_CHAIN' },
    sigstoreJs: 'CERTIFICATE_ERROR',
  });
  add({
    name: 'keyless-tampered-signature',
    description: 'Signature does not verify; the log entry and bundle agree on the corrupted signature.',
    bundle: (await keyless({ corruptSignature: true })).bundle,
    identity: ALICE,
    expected: { verified: false, code: 'SIGNATURE' },
    sigstoreJs: 'SIGNATURE_ERROR',
  });
  add({
    name: 'keyless-signature-differs-from-log',
    description: 'Bundle signature altered after logging: it no longer matches the Rekor entry body.',
    bundle: flipSignatureInBundle(alice.bundle),
    identity: ALICE,
    expected: { verified: false, code: 'TLOG' },
    sigstoreJs: 'TLOG_BODY_ERROR',
  });

  add({
    name: 'keyless-expired-with-tsa',
    description:
      'Certificate expired at verification time; an RFC 3161 timestamp (no SET) proves signing within its validity.',
    bundle: (await keyless({ withTimestamp: true, withPromise: false })).bundle,
    identity: ALICE,
    verifyAt: VERIFY_LATE,
    expected: ok,
    sigstoreJs: 'verified',
  });
  add({
    name: 'keyless-expired-with-set',
    description:
      'Certificate expired at verification time; the SET integrated time proves signing within its validity.',
    bundle: (await keyless()).bundle,
    identity: ALICE,
    verifyAt: VERIFY_LATE,
    expected: ok,
    sigstoreJs: 'verified',
  });
  add({
    name: 'keyless-expired-without-timestamp',
    description: 'Certificate expired at verification time and nothing (no SET, no TSA) proves when it was signed.',
    bundle: (await keyless({ withPromise: false })).bundle,
    identity: ALICE,
    verifyAt: VERIFY_LATE,
    expected: { verified: false, code: 'TIMESTAMP' },
    sigstoreJs: 'TIMESTAMP_ERROR',
  });
  add({
    name: 'keyless-timestamp-after-expiry',
    description: 'The only timestamp (TSA, no SET) is after the certificate expired: signed outside its validity.',
    bundle: (await keyless({ withTimestamp: true, withPromise: false, validitySeconds: 2 })).bundle,
    identity: ALICE,
    verifyAt: VERIFY_AT,
    expected: { verified: false, code: 'CERTIFICATE_CHAIN' },
    sigstoreJs: 'CERTIFICATE_ERROR',
  });
  add({
    name: 'keyless-no-sct',
    description: 'Certificate without an embedded SCT.',
    bundle: (await keyless({ embedSCT: false })).bundle,
    identity: ALICE,
    expected: { verified: false, code: 'SCT' },
    sigstoreJs: 'CERTIFICATE_ERROR',
  });

  const otherRekor = await TestRekor.create('https://rekor.other.test');
  add({
    name: 'keyless-untrusted-rekor',
    description:
      'Entry (with SET and checkpoint) from a Rekor-style log the trusted root does not list; no other timestamp.',
    bundle: (await keyless({ rekor: otherRekor })).bundle,
    identity: ALICE,
    expected: { verified: false, code: 'TLOG' },
    sigstoreJs: 'TLOG_INCLUSION_PROMISE_ERROR',
  });
  add({
    name: 'keyless-broken-inclusion-proof',
    description: 'Inclusion proof hash replaced: the proof does not reach the signed checkpoint root.',
    bundle: breakInclusionProof((await keyless({ withPromise: false, withTimestamp: true })).bundle),
    identity: ALICE,
    expected: { verified: false, code: 'TLOG' },
    sigstoreJs: 'TLOG_INCLUSION_PROOF_ERROR',
  });
  add({
    name: 'keyless-no-tlog-entry',
    description: 'RFC 3161 timestamp but no transparency-log entry at all.',
    bundle: (await keyless({ tlog: false, withTimestamp: true })).bundle,
    identity: ALICE,
    expected: { verified: false, code: 'TLOG' },
    sigstoreJs: 'TLOG_ERROR',
  });
  const otherTSA = await TestTSA.create({
    name: 'sigguard-other',
    notBefore: s.notBefore,
    notAfter: s.notAfter,
    uri: 'https://tsa.other.test',
  });
  add({
    name: 'keyless-untrusted-tsa',
    description: 'RFC 3161 timestamp from a TSA the trusted root does not list (entry without SET).',
    bundle: (await keyless({ tsa: otherTSA, withTimestamp: true, withPromise: false })).bundle,
    identity: ALICE,
    expected: { verified: false, code: 'TIMESTAMP' },
    sigstoreJs: 'TIMESTAMP_ERROR',
  });
  add({
    name: 'keyless-dsse-expired-with-tsa',
    description:
      'DSSE statement, certificate expired at verification time, ' +
      'RFC 3161 timestamp (no SET) proves signing within validity.',
    bundle: (
      await s.signKeyless({
        ...ALICE,
        dsseStatement: statement,
        signedAt: SIGNED_AT,
        withTimestamp: true,
        withPromise: false,
      })
    ).bundle,
    identity: ALICE,
    verifyAt: VERIFY_LATE,
    expected: ok,
    sigstoreJs: 'verified',
  });
  add({
    name: 'keyless-dsse-intoto-v0.1',
    description:
      'Valid keyless DSSE statement logged as an intoto 0.0.2 entry (as cosign attest did), v0.1 bundle with SET only.',
    bundle: (
      await s.signKeyless({
        ...ALICE,
        dsseStatement: statement,
        signedAt: SIGNED_AT,
        bundleVersion: '0.1',
        withProof: false,
        dsseLogKind: 'intoto',
      })
    ).bundle,
    identity: ALICE,
    expected: ok,
    sigstoreJs: 'verified',
  });
  add({
    name: 'keyless-dsse-v0.2',
    description: 'Valid keyless DSSE statement in a v0.2 bundle.',
    bundle: (await s.signKeyless({ ...ALICE, dsseStatement: statement, signedAt: SIGNED_AT, bundleVersion: '0.2' }))
      .bundle,
    identity: ALICE,
    expected: ok,
    sigstoreJs: 'verified',
  });
  const ed = await s.signWithKey({ dsseStatement: statement, signedAt: SIGNED_AT, key: 'ed25519' });
  add({
    name: 'key-ed25519-dsse',
    description: 'Valid public-key (Ed25519) DSSE statement.',
    bundle: ed.bundle,
    key: ed.key,
    expected: ok,
    sigstoreJs: 'verified',
  });

  add({
    name: 'keyless-set-tampered-time',
    description:
      'Integrated time moved by one second after logging (still ' +
      'within the certificate validity): the SET no longer verifies.',
    bundle: shiftIntegratedTime((await keyless({ bundleVersion: '0.1', withProof: false })).bundle),
    identity: ALICE,
    expected: { verified: false, code: 'TLOG' },
    sigstoreJs: 'TLOG_INCLUSION_PROMISE_ERROR',
  });
  const donor = (await keyless({ withTimestamp: true, withPromise: false })).bundle;
  add({
    name: 'keyless-timestamp-for-other-signature',
    description:
      'RFC 3161 timestamp (the only timestamp) taken from another bundle: its message imprint is another signature.',
    bundle: withTimestampsOf((await keyless({ withTimestamp: true, withPromise: false })).bundle, donor),
    identity: ALICE,
    expected: { verified: false, code: 'TIMESTAMP' },
    sigstoreJs: 'TIMESTAMP_ERROR',
  });
  const otherCTLog = await TestCTLog.create('https://ctfe.other.test');
  add({
    name: 'keyless-untrusted-sct',
    description:
      'Certificate from the trusted CA whose embedded SCT comes from a CT log the trusted root does not list.',
    bundle: (await keyless({ ctlog: otherCTLog })).bundle,
    identity: ALICE,
    expected: { verified: false, code: 'SCT' },
    sigstoreJs: 'CERTIFICATE_ERROR',
  });
  add({
    name: 'keyless-rekor-v2-tsa',
    description:
      'Valid keyless message signature logged as a Rekor v2 hashedrekord 0.0.2 ' +
      'entry (inclusion proof and checkpoint, no SET) with an RFC 3161 timestamp.',
    bundle: (await keyless({ rekorVersion: 2, withTimestamp: true })).bundle,
    identity: ALICE,
    expected: ok,
    sigstoreJs: 'verified',
  });
  add({
    name: 'keyless-dsse-rekor-v2-tsa',
    description: 'Valid keyless DSSE statement logged as a Rekor v2 dsse 0.0.2 entry, with an RFC 3161 timestamp.',
    bundle: (
      await s.signKeyless({
        ...ALICE,
        dsseStatement: statement,
        signedAt: SIGNED_AT,
        rekorVersion: 2,
        withTimestamp: true,
      })
    ).bundle,
    identity: ALICE,
    expected: ok,
    sigstoreJs: 'verified',
  });
  const keyedV2 = await s.signWithKey({
    artifact: ARTIFACT,
    signedAt: SIGNED_AT,
    key: 'ecdsa-p256',
    rekorVersion: 2,
    withTimestamp: true,
  });
  add({
    name: 'key-rekor-v2-tsa',
    description:
      'Valid public-key message signature logged as a Rekor v2 hashedrekord 0.0.2 entry, with an RFC 3161 timestamp.',
    bundle: keyedV2.bundle,
    key: keyedV2.key,
    expected: ok,
    sigstoreJs: 'verified',
  });
  add({
    name: 'keyless-rekor-v2-without-timestamp',
    description: 'Rekor v2 entry (no SET) and no RFC 3161 timestamp: nothing proves when it was signed.',
    bundle: (await keyless({ rekorVersion: 2 })).bundle,
    identity: ALICE,
    expected: { verified: false, code: 'TIMESTAMP' },
    sigstoreJs: 'TIMESTAMP_ERROR',
  });

  add({
    name: 'keyless-issuer-v1-extension-only',
    description:
      'Valid keyless signature from an older certificate that ' +
      'carries the issuer only in the deprecated raw 1.1 extension.',
    bundle: (await keyless({ issuerEncoding: 'v1-only' })).bundle,
    identity: ALICE,
    expected: ok,
    sigstoreJs: 'verified',
  });
  add({
    name: 'keyless-issuer-v2-extension-only',
    description: 'Valid keyless signature whose certificate carries the issuer only in the DER 1.8 extension.',
    bundle: (await keyless({ issuerEncoding: 'v2-only' })).bundle,
    identity: ALICE,
    expected: ok,
    sigstoreJs: 'verified',
  });

  const gh = githubWorkflowExtensions({
    repository: 'sigguard/example',
    workflowPath: '.github/workflows/release.yml',
    ref: 'refs/tags/v1.2.3',
    sha: 'a'.repeat(40),
  });
  const ghSubject = 'https://github.com/sigguard/example/.github/workflows/release.yml@refs/tags/v1.2.3';
  add({
    name: 'keyless-github-workflow',
    description:
      'Valid GitHub Actions keyless signature: URI SAN, issuer ' +
      'token.actions.githubusercontent.com, extensions 1.2–1.6 and 1.9–1.22.',
    bundle: (
      await s.signKeyless({
        subject: ghSubject,
        issuer: gh.issuer ?? '',
        extensions: gh,
        artifact: ARTIFACT,
        signedAt: SIGNED_AT,
      })
    ).bundle,
    identity: { subject: ghSubject, issuer: gh.issuer ?? '' },
    expected: ok,
    sigstoreJs: 'verified',
  });
  return cases;
}

export const DSSE_PAYLOAD_TYPE = IN_TOTO_PAYLOAD_TYPE;
