// The one place where @sigguard/verify reaches past the public API of @sigstore/verify and
// @sigstore/core. Each access is checked when used (fail closed: "unsupported version"), and
// sigstore-internals.test.ts fails on an upstream rename, so an upgrade cannot silently skip a step.
// (The hot path in fast/ prepares upstream's own parsed objects; see docs/architecture.md.)
import type { X509Certificate } from '@sigstore/core';
import { Verifier, type SignedEntity, type Signer, type TrustMaterial, type VerifierOptions } from '@sigstore/verify';

/**
 * Verifier.verify() runs exactly these four steps in this order (timestamps, signing key incl. chain
 * and SCTs, tlog entries, signature); they are private in the .d.ts but plain methods at runtime.
 * Calling them one by one lets us (a) say which step failed and (b) fall back to the caller's `now`
 * when a bundle legitimately carries no timestamp (thresholds 0), as cosign does.
 */
export interface VerifierSteps {
  verifyTimestamps(entity: SignedEntity): Date[];
  verifySigningKey(entity: SignedEntity, timestamps: Date[]): Signer;
  verifyTLogs(entity: SignedEntity): void;
  verifySignature(entity: SignedEntity, signer: Signer): void;
}

export const VERIFIER_STEP_NAMES = ['verifyTimestamps', 'verifySigningKey', 'verifyTLogs', 'verifySignature'] as const;

export function sigstoreSteps(material: TrustMaterial, options: VerifierOptions): VerifierSteps {
  const v = new Verifier(material, options) as unknown as Record<string, unknown>;
  for (const name of VERIFIER_STEP_NAMES) {
    if (typeof v[name] !== 'function')
      throw new Error(`@sigstore/verify Verifier has no ${name}(): unsupported version`);
  }
  return v as unknown as VerifierSteps;
}

/** The parts of an @sigstore/core ASN.1 node read through these accessors. */
export interface Asn1Node {
  tag: { number: number; constructed: boolean; isContextSpecific: (n?: number) => boolean };
  subs: Asn1Node[];
  toDER(): Uint8Array;
}

/**
 * A certificate's outer (unsigned) signatureAlgorithm AlgorithmIdentifier: a private getter of
 * @sigstore/core's X509Certificate. Undefined when the certificate has none; throws when the getter is gone.
 */
export function outerSignatureAlgorithm(cert: X509Certificate): Asn1Node | undefined {
  if (!hasGetter(cert, 'signatureAlgorithmObj')) {
    throw new Error('@sigstore/core X509Certificate has no signatureAlgorithmObj: unsupported version');
  }
  return (cert as unknown as { signatureAlgorithmObj?: Asn1Node }).signatureAlgorithmObj;
}

function hasGetter(o: object, name: string): boolean {
  for (let p: object | null = o; p; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, name);
    if (d) return typeof d.get === 'function' || d.value !== undefined;
  }
  return false;
}
