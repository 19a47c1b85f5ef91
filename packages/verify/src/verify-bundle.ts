// verifyBundle(): one Sigstore bundle against a TrustRoot, an artifact (bytes or sha256
// digest) and a signer identity or trusted keys. Synchronous core (verifyBundleSync)
// so the browser build can run it with synchronous crypto shims; verifyBundle() is the
// async facade. Never throws for bad input: every problem is a failed Check.
import type { Bundle } from '@sigstore/bundle';
import type { SignedEntity, Signer, TrustMaterial } from '@sigstore/verify';
import type { X509Certificate } from '@sigstore/core';
import type { TrustRoot } from '@sigguard/trust-root';
import type { IdentityMatcher, SignerCertificate } from '@sigguard/identity';
import { CHECK_NAMES, type Check, type CheckName } from './checks.ts';
import { checkProofsMatchCheckpoints } from './checkpoint-binding.ts';
import { checkTimestampTokens } from './timestamp-binding.ts';
import { BundleVerificationError, type VerifyErrorCode } from './errors.ts';
import { DEFAULT_MAX_BUNDLE_BYTES, describeBundle, parseBundle } from './bundle-input.ts';
import {
  artifactSha256,
  checkDigestOption,
  checkInTotoSubject,
  checkMessageDigest,
  digestSignatureContent,
  type ArtifactDigest,
  type InTotoStatement,
} from './artifact.ts';
import { trustMaterialFor, withPublicKey, type TrustedPublicKey } from './trust-material.ts';
import { sigstoreSteps } from './sigstore-internals.ts';
import { addRequestedChecks, type RequestedChecks } from './requested-checks.ts';
import { readGenTimesAsDer } from './rfc3161-gen-time.ts';
import { signatureAlgorithmProblem } from './certificate-algorithm.ts';
import { prepareEntity, readLeafIdentity, signedEntityOf } from './fast/index.ts';
import { MESSAGE_HASH, checkKeyScheme, keySignatureContent, type KeySignatureContent } from './key-signature.ts';
import {
  certificateSignatureContent,
  checkCertificateMessageDigest,
  registeredAlgorithm,
} from './certificate-signature.ts';

export interface VerifyBundleOptions extends RequestedChecks {
  /** The artifact bytes. For DSSE bundles they are hashed and matched to an in-toto subject. */
  artifact?: Uint8Array;
  /** The artifact's digest instead of its bytes (message signatures need an ECDSA P-256 certificate, or an ECDSA key whose hash is sha256). */
  artifactDigest?: ArtifactDigest;
  trustRoot: TrustRoot;
  /** Required for certificate-signed bundles: who must have signed (exact or RE2 issuer/subject). */
  identities?: IdentityMatcher;
  /** Required for key-signed bundles: trusted public keys; the bundle verifies if any key does. */
  keys?: TrustedPublicKey[];
  /** Time used when the bundle carries no trusted timestamp (only with timestampThreshold 0). Default: now. */
  now?: Date;
  /** Minimum verified transparency-log entries. Default 1. */
  tlogThreshold?: number;
  /** Minimum embedded SCTs for certificates. Default 1. */
  ctlogThreshold?: number;
  /** Minimum verified timestamps (RFC3161 or tlog integrated time). Default 1. */
  timestampThreshold?: number;
  /** Largest bundle document accepted. Default 32 MiB. */
  maxBundleBytes?: number;
}

export interface BundleSigner {
  kind: 'certificate' | 'public-key';
  /** The matched or first SAN, e.g. a workflow URI or an email. */
  subject?: string;
  issuer?: string;
  certificate?: SignerCertificate;
  /** Index into options.keys of the key that verified. */
  keyIndex?: number;
}

export interface BundleVerification {
  ok: boolean;
  checks: Check[];
  signer?: BundleSigner;
  /** The verified in-toto statement (DSSE bundles only, only when ok). */
  statement?: InTotoStatement;
  /** Signing times the verification relied on (verified timestamps, or `now`). */
  signingTimes?: Date[];
  /**
   * Who signed, stable across bundles: `key:<hex SPKI>` of the key that verified, or
   * `certificate:` and the JSON of the certificate's issuer and sorted SANs (for N-of-M signer counts).
   */
  signerId?: string;
  error?: BundleVerificationError;
}

type Input = string | Uint8Array | Record<string, unknown>;

class CheckLog {
  readonly checks: Check[] = [];
  signer?: BundleSigner;
  pass(name: CheckName, reason: string): void {
    this.checks.push({ name, status: 'pass', reason });
  }
  skip(name: CheckName, reason: string): void {
    this.checks.push({ name, status: 'skip', reason });
  }
  fail(error: BundleVerificationError): BundleVerification {
    this.checks.push({ name: error.check, status: 'fail', reason: error.message, code: error.code });
    const done = new Set(this.checks.map((c) => c.name));
    for (const name of CHECK_NAMES) {
      if (!done.has(name))
        this.checks.push({ name, status: 'skip', reason: `not evaluated: ${error.check} check failed` });
    }
    return { ok: false, checks: this.checks, error, ...(this.signer ? { signer: this.signer } : {}) };
  }
}

// @sigstore/verify error code -> our code and check, for the step that raised it.
function fromSigstore(e: unknown, code: VerifyErrorCode, check: CheckName): BundleVerificationError {
  if (e instanceof BundleVerificationError) return e;
  const err = e as { code?: string; message?: string; cause?: { message?: string } };
  let message = err?.message ?? String(e);
  if (err?.cause?.message) message += `: ${err.cause.message}`;
  if (err?.code) message = `${message} (${err.code})`;
  return new BundleVerificationError(code, check, message, { cause: e });
}

function checkOptions(o: VerifyBundleOptions): void {
  if (!o || typeof o !== 'object')
    throw new BundleVerificationError('INVALID_OPTIONS', 'bundle', 'options are required');
  if (o.artifact !== undefined && !(o.artifact instanceof Uint8Array)) {
    throw new BundleVerificationError('INVALID_OPTIONS', 'artifact', 'options.artifact must be a Uint8Array');
  }
  if ((o.artifact === undefined) === (o.artifactDigest === undefined)) {
    throw new BundleVerificationError(
      'INVALID_OPTIONS',
      'artifact',
      'exactly one of options.artifact and options.artifactDigest is required',
    );
  }
  if (o.artifactDigest) checkDigestOption(o.artifactDigest);
  if (!o.identities && !o.keys?.length) {
    throw new BundleVerificationError(
      'INVALID_OPTIONS',
      'identity',
      'options.identities (keyless) or options.keys (key-based) is required',
    );
  }
  for (const k of ['tlogThreshold', 'ctlogThreshold', 'timestampThreshold', 'maxBundleBytes'] as const) {
    const n = o[k];
    if (n !== undefined && (!Number.isInteger(n) || n < 0)) {
      throw new BundleVerificationError(
        'INVALID_OPTIONS',
        'bundle',
        `options.${k} must be a non-negative integer, got ${String(n)}`,
      );
    }
  }
  o.keys?.forEach((k, i) => {
    if (k && typeof k === 'object') checkKeyScheme(k, i);
  });
  if (o.now !== undefined && (!(o.now instanceof Date) || Number.isNaN(o.now.getTime()))) {
    throw new BundleVerificationError('INVALID_OPTIONS', 'timestamps', 'options.now must be a valid Date');
  }
}

function toBuffer(b: Uint8Array): Buffer {
  return Buffer.from(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength);
}

function signedEntity(bundle: Bundle, o: VerifyBundleOptions): SignedEntity {
  try {
    const artifact = o.artifact ? toBuffer(o.artifact) : undefined;
    const entity = prepareEntity(readGenTimesAsDer(signedEntityOf(bundle, artifact)));
    const problem = entity.key.$case === 'certificate' ? signatureAlgorithmProblem(entity.key.certificate) : undefined;
    if (problem) throw new Error(`signing certificate: ${problem}`);
    return entity;
  } catch (e) {
    const what = (e as Error)?.message ?? String(e);
    throw new BundleVerificationError(
      'MALFORMED_BUNDLE',
      'bundle',
      `bundle certificate or timestamp cannot be parsed: ${what}`,
      { cause: e },
    );
  }
}

/** Synchronous verification (the core the browser build uses). */
export function verifyBundleSync(input: Input, options: VerifyBundleOptions): BundleVerification {
  const log = new CheckLog();
  let result: BundleVerification;
  try {
    result = run(input, options, log);
  } catch (e) {
    // Fail closed: anything unexpected is a failed check, never an allow.
    const error =
      e instanceof BundleVerificationError
        ? e
        : new BundleVerificationError(
            'MALFORMED_BUNDLE',
            'bundle',
            `verification could not complete: ${(e as Error)?.message ?? String(e)}`,
            { cause: e },
          );
    result = log.fail(error);
  }
  return options && typeof options === 'object' ? addRequestedChecks(result, input, options) : result;
}

/** Verify one Sigstore bundle. Resolves (never rejects) with ok and the checks that decided it. */
export async function verifyBundle(input: Input, options: VerifyBundleOptions): Promise<BundleVerification> {
  return verifyBundleSync(input, options);
}

function run(input: Input, o: VerifyBundleOptions, log: CheckLog): BundleVerification {
  checkOptions(o);
  const bundle = parseBundle(input, o.maxBundleBytes ?? DEFAULT_MAX_BUNDLE_BYTES);
  log.pass('bundle', describeBundle(bundle));

  const base = trustMaterialFor(o.trustRoot);
  log.pass('trust-root', `trust root ${o.trustRoot.name} (sha256:${o.trustRoot.digest.slice(0, 12)}…)`);

  // Artifact binding first: cheap, and the clearest reason when the wrong file is given.
  let statement: InTotoStatement | undefined;
  if (bundle.content.$case === 'messageSignature') {
    log.pass('artifact', checkMessageDigest(bundle, o.artifact, o.artifactDigest));
  } else {
    const r = checkInTotoSubject(bundle, artifactSha256(o.artifact, o.artifactDigest));
    statement = r.statement;
    log.pass('artifact', r.reason);
  }

  const vm = bundle.verificationMaterial.content;
  const keyless = vm.$case !== 'publicKey';
  if (keyless && !o.identities) {
    throw new BundleVerificationError(
      'IDENTITY',
      'signing-key',
      'bundle is signed with a certificate, but only public keys were given to verify against',
    );
  }
  if (!keyless && !o.keys?.length) {
    throw new BundleVerificationError(
      'PUBLIC_KEY',
      'signing-key',
      'bundle is signed with a public key (no certificate), but a certificate identity was required',
    );
  }

  const entity = signedEntity(bundle, o);
  const thresholds = {
    tlogThreshold: o.tlogThreshold ?? 1,
    ctlogThreshold: o.ctlogThreshold ?? 1,
    timestampThreshold: o.timestampThreshold ?? 1,
  };

  if (keyless) {
    const leaf = entity.key.$case === 'certificate' ? entity.key.certificate : undefined;
    return verifyWith(
      bundle,
      entity,
      { ...base, publicKey: () => unreachableKey() },
      o,
      thresholds,
      log,
      statement,
      leaf,
    );
  }
  // Key-based: any trusted key may have signed (hints are not authoritative).
  let last: BundleVerification | undefined;
  const keys = o.keys ?? [];
  for (let i = 0; i < keys.length; i++) {
    const attempt = new CheckLog();
    attempt.checks.push(...log.checks);
    try {
      const r = verifyWith(
        bundle,
        entity,
        withPublicKey(base, keys[i]!),
        o,
        thresholds,
        attempt,
        statement,
        undefined,
        keys[i]!,
      );
      r.signer = { kind: 'public-key', keyIndex: i };
      return r;
    } catch (e) {
      if (!(e instanceof BundleVerificationError)) throw e;
      last = attempt.fail(
        keys.length > 1
          ? new BundleVerificationError(e.code, e.check, `no trusted key verified the bundle; key ${i}: ${e.message}`)
          : e,
      );
    }
  }
  return last!;
}

function unreachableKey(): never {
  throw new BundleVerificationError('PUBLIC_KEY', 'signing-key', 'certificate bundle asked for a public key');
}

function verifyWith(
  bundle: Bundle,
  entity0: SignedEntity,
  material: TrustMaterial,
  o: VerifyBundleOptions,
  thresholds: { tlogThreshold: number; ctlogThreshold: number; timestampThreshold: number },
  log: CheckLog,
  statement: InTotoStatement | undefined,
  leaf: X509Certificate | undefined,
  key?: TrustedPublicKey,
): BundleVerification {
  // Digest-only message signatures: swap in the prehashed-ECDSA signature content.
  // Key-signed bundles: swap in content that verifies with the key's hash and scheme.
  // Certificate-signed bundles: content that verifies with the key's registered algorithm.
  let entity = entity0;
  let keyContent: KeySignatureContent | undefined;
  if (o.artifactDigest && bundle.content.$case === 'messageSignature') {
    const spki = leaf ? new Uint8Array(leaf.publicKey) : key!.spki;
    if (key) checkDigestHash(bundle, key);
    else checkCertificateMessageDigest(bundle, registeredAlgorithm(spki));
    entity = { ...entity0, signature: digestSignatureContent(bundle, spki) };
  } else if (key) {
    keyContent = keySignatureContent(bundle, entity0.signature, o.artifact, key);
    entity = { ...entity0, signature: keyContent };
  } else if (leaf) {
    keyContent = certificateSignatureContent(bundle, entity0.signature, o.artifact, new Uint8Array(leaf.publicKey));
    entity = { ...entity0, signature: keyContent };
  }
  const steps = sigstoreSteps(material, thresholds);

  // Too few log entries is the log's failure, not a timestamp one (@sigstore/verify would first
  // report the missing integrated time as "expected 1 timestamps").
  const entries = bundle.verificationMaterial.tlogEntries.length;
  const required = thresholds.tlogThreshold;
  if (entries < required) {
    throw new BundleVerificationError(
      'TLOG',
      'transparency-log',
      `the bundle has ${entries === 0 ? 'no' : `only ${entries}`} transparency log ` +
        `entr${entries === 1 ? 'y' : 'ies'}; ${required} required (tlogThreshold ${required})`,
    );
  }

  let times: Date[];
  try {
    checkTimestampTokens(entity, material);
    times = steps.verifyTimestamps(entity);
  } catch (e) {
    throw fromSigstore(e, 'TIMESTAMP', 'timestamps');
  }
  if (times.length > 0) {
    log.pass(
      'timestamps',
      `${times.length} timestamp${times.length === 1 ? '' : 's'}: ${times.map((t) => t.toISOString()).join(', ')} (RFC3161 tokens verified against trusted TSAs; log integrated times are authenticated by the transparency-log check)`,
    );
  } else {
    times = [o.now ?? new Date()];
    log.pass(
      'timestamps',
      `no timestamp required (threshold 0); certificates and keys are checked at ${times[0]!.toISOString()}`,
    );
  }

  // The log is checked before the signing key: a log integrated time is only trustworthy once
  // its SET or inclusion proof is, and the certificate is judged at that time.
  try {
    checkProofsMatchCheckpoints(bundle);
    steps.verifyTLogs(entity);
  } catch (e) {
    throw fromSigstore(e, 'TLOG', 'transparency-log');
  }
  const n = bundle.verificationMaterial.tlogEntries.length;
  log.pass(
    'transparency-log',
    n
      ? `${n} transparency log entr${n === 1 ? 'y' : 'ies'} verified (inclusion and body match)`
      : 'no entry required (tlogThreshold 0)',
  );

  let signer: Signer;
  try {
    signer = steps.verifySigningKey(entity, times);
  } catch (e) {
    const sct = /SCT/.test((e as Error)?.message ?? '');
    throw fromSigstore(e, sct ? 'SCT' : leaf ? 'CERTIFICATE_CHAIN' : 'PUBLIC_KEY', sct ? 'sct' : 'signing-key');
  }
  if (leaf) {
    log.pass(
      'signing-key',
      `certificate (serial ${leaf.serialNumber.toString('hex')}) chains to a trusted CA valid at signing time`,
    );
    log.pass(
      'sct',
      thresholds.ctlogThreshold > 0
        ? `at least ${thresholds.ctlogThreshold} SCT verified against a trusted CT log`
        : 'not required (ctlogThreshold 0)',
    );
  }

  try {
    steps.verifySignature(entity, signer);
  } catch (e) {
    const err = fromSigstore(e, 'SIGNATURE', 'signature');
    // With a public key, a signature that does not verify may be another key's: say so, and do
    // not claim above that the trusted key signed (signing-key is then "not evaluated").
    const by = leaf ? '' : ' with the trusted public key (signed by another key, or the content changed)';
    if (!keyContent) throw new BundleVerificationError(err.code, err.check, `${err.message}${by}`, { cause: e });
    const why = keyContent.explain();
    const message = `${err.message}${by} (checked ${keyContent.describe()})${why ? `: ${why}` : ''}`;
    throw new BundleVerificationError(err.code, err.check, message, { cause: e });
  }
  if (!leaf) {
    // Only now is it known that the trusted key made the signature.
    log.pass('signing-key', 'signed with a trusted public key (the signature verifies with it), valid at signing time');
    log.skip('sct', 'public-key bundle: no certificate, no SCT');
  }
  log.pass(
    'signature',
    o.artifactDigest && bundle.content.$case === 'messageSignature'
      ? 'signature verifies over the artifact digest (prehashed ECDSA)'
      : keyContent
        ? `signature verifies (${keyContent.describe()})`
        : 'signature verifies',
  );

  const result: BundleVerification = { ok: true, checks: log.checks, signingTimes: times };
  if (statement) result.statement = statement;
  if (!leaf) {
    log.skip('identity', 'public-key bundle: the trusted key is the identity');
    return result;
  }

  let cert: SignerCertificate;
  try {
    cert = readLeafIdentity(leaf);
  } catch (e) {
    throw new BundleVerificationError(
      'IDENTITY',
      'identity',
      `signing certificate cannot be read: ${(e as Error).message}`,
      { cause: e },
    );
  }
  const m = o.identities!.match(cert);
  const signerInfo: BundleSigner = { kind: 'certificate', certificate: cert };
  if (cert.issuer !== undefined) signerInfo.issuer = cert.issuer;
  const subject = m.subject?.value ?? cert.sans[0]?.value;
  if (subject !== undefined) signerInfo.subject = subject;
  result.signer = log.signer = signerInfo;
  if (!m.ok) throw new BundleVerificationError('IDENTITY', 'identity', m.reason);
  log.pass('identity', m.reason);
  return result;
}

// Digest mode has only the messageDigest: if the key's hash differs, the signed hash is unknown.
function checkDigestHash(bundle: Bundle, key: TrustedPublicKey): void {
  if (key.hashAlgorithm === undefined || bundle.content.$case !== 'messageSignature') return;
  const md = bundle.content.messageSignature.messageDigest.algorithm;
  const mdName = MESSAGE_HASH[md];
  if (mdName !== key.hashAlgorithm) {
    throw new BundleVerificationError(
      'SIGNATURE',
      'signature',
      `the key's hash algorithm is ${key.hashAlgorithm} but the bundle's message digest is ${mdName ?? `algorithm ${md}`}: with only the artifact digest the signed hash cannot be checked; pass the artifact bytes instead`,
    );
  }
}
