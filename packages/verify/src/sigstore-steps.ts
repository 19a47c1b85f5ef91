// One @sigstore/verify Verifier, driven step by step so each step becomes its own Check.
// Verifier.verify() runs exactly these four steps in this order (timestamps, signing
// key incl. chain + SCTs, tlog entries, signature); they are private in the .d.ts but
// plain methods at runtime. Calling them one by one lets us (a) say which step failed
// and (b) fall back to the caller's `now` when a bundle legitimately carries no
// timestamp (thresholds 0), as cosign does.
import { Verifier, type SignedEntity, type Signer, type TrustMaterial, type VerifierOptions } from '@sigstore/verify';

interface VerifierSteps {
  verifyTimestamps(entity: SignedEntity): Date[];
  verifySigningKey(entity: SignedEntity, timestamps: Date[]): Signer;
  verifyTLogs(entity: SignedEntity): void;
  verifySignature(entity: SignedEntity, signer: Signer): void;
}

const STEP_NAMES = ['verifyTimestamps', 'verifySigningKey', 'verifyTLogs', 'verifySignature'] as const;

export function sigstoreSteps(material: TrustMaterial, options: VerifierOptions): VerifierSteps {
  const v = new Verifier(material, options) as unknown as Record<string, unknown>;
  for (const name of STEP_NAMES) {
    // Fail closed if a future @sigstore/verify renames a step.
    if (typeof v[name] !== 'function') throw new Error(`@sigstore/verify Verifier has no ${name}(): unsupported version`);
  }
  return v as unknown as VerifierSteps;
}
