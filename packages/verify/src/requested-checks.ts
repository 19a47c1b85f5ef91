// Checks a caller may ask for on top of Sigstore's (ClusterImagePolicy semantics, cosign legacy
// evidence), and the signer id: run after the bundle verified or failed, reported after its checks.
import type { Check } from './checks.ts';
import { BundleVerificationError } from './errors.ts';
import type { TrustedPublicKey } from './trust-material.ts';
import type { BundleVerification } from './verify-bundle.ts';
import { hex, sameBytes } from './hex-bytes.ts';

export interface RequestedChecks {
  /**
   * At least one RFC 3161 timestamp must be present (policy-controller's rfc3161timestamp.trustRootRef);
   * a log entry's integrated time does not stand in. Those present are verified like any other.
   */
  rfc3161TimestampRequired?: boolean;
  /**
   * The public keys (DER SPKI) a transparency-log entry recorded outside the bundle (a cosign legacy
   * Rekor bundle): a key-signed bundle then verifies only if the key that verified is one of them.
   * Not checked when tlogThreshold is 0 (the log is not consulted).
   */
  tlogPublicKeys?: readonly Uint8Array[];
}

/** RFC 3161 timestamps in the bundle JSON (counted on the document: a bundle that did not parse has its own failure). */
function rfc3161Count(input: unknown): number {
  if (typeof input !== 'object' || input === null || input instanceof Uint8Array) return 0;
  const vm = (input as { verificationMaterial?: { timestampVerificationData?: { rfc3161Timestamps?: unknown } } })
    .verificationMaterial;
  const list = vm?.timestampVerificationData?.rfc3161Timestamps;
  return Array.isArray(list) ? list.length : 0;
}

function fail(result: BundleVerification, check: Check & { code: 'TIMESTAMP' | 'TLOG' }): void {
  result.checks.push(check);
  result.ok = false;
  result.error ??= new BundleVerificationError(check.code, check.name, check.reason);
}

/**
 * Adds the requested checks and `signerId` to a finished verification. `input` is the bundle as given
 * (a parsed JSON object is counted; text and bytes are parsed only by the verification itself).
 */
export function addRequestedChecks(
  result: BundleVerification,
  input: unknown,
  o: RequestedChecks & { keys?: TrustedPublicKey[]; tlogThreshold?: number },
): BundleVerification {
  const verified = result.ok;
  if (o.rfc3161TimestampRequired) {
    const n = rfc3161Count(typeof input === 'string' ? safeParse(input) : input);
    const name = 'rfc3161-timestamp';
    if (n > 0)
      result.checks.push({
        name,
        status: 'pass',
        reason: `${n} RFC 3161 timestamp(s) present (rfc3161timestamp.trustRootRef)`,
      });
    else
      fail(result, {
        name,
        status: 'fail',
        reason: 'rfc3161timestamp.trustRootRef requires a signed RFC 3161 timestamp; the bundle has none',
        code: 'TIMESTAMP',
      });
  }
  const key = result.signer?.kind === 'public-key' ? o.keys?.[result.signer.keyIndex ?? -1] : undefined;
  if (verified && result.signer?.kind === 'public-key' && o.tlogPublicKeys && o.tlogThreshold !== 0) {
    const name = 'rekor-public-key';
    if (key !== undefined && o.tlogPublicKeys.some((k) => sameBytes(k, key.spki))) {
      result.checks.push({
        name,
        status: 'pass',
        reason: 'public key in the Rekor entry is the authority key that verified',
      });
    } else {
      fail(result, {
        name,
        status: 'fail',
        reason: 'public key in the Rekor entry is not the authority key that verified',
        code: 'TLOG',
      });
    }
  }
  // Who signed, for counting distinct signers: the key, or the certificate's issuer and SANs.
  if (key) result.signerId = `key:${hex(key.spki)}`;
  else if (result.signer?.certificate) {
    const c = result.signer.certificate;
    result.signerId = `certificate:${JSON.stringify([c.issuer ?? '', ...c.sans.map((s) => `${s.type}:${s.value}`).sort()])}`;
  }
  return result;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
