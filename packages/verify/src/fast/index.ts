// The verification hot path: the trust material and each bundle's certificates prepared so that every piece
// of work (DER encoding, key import, chain-link signature checks) happens once, while @sigstore/verify keeps
// making every decision. See docs/architecture.md ("Verification hot path").
import type { Bundle } from '@sigstore/bundle';
import { toSignedEntity, type SignedEntity, type TrustMaterial } from '@sigstore/verify';
import type { X509Certificate } from '@sigstore/core';
import { readSignerCertificate, type SignerCertificate } from '@sigguard/identity';
import { memoizeCertificate } from './certificate-memo.ts';
import { encodingOf } from './der-memo.ts';
import { memoizeTimestamp } from './timestamp-memo.ts';
import { signerCertificateOf } from './signer-certificate.ts';
import { withoutStackTraces as quietly } from './no-stack-traces.ts';
import { signedEntityParsedOnce } from './parsed-once.ts';

let enabled = true;

/** Testing switch (not exported by the package): off, verification takes plain @sigstore/verify's path. */
export function setHotPath(on: boolean): void {
  enabled = on;
}

export const hotPathEnabled = (): boolean => enabled;

/** Every CA and TSA certificate of the material: encoded, imported and chain-checked once per TrustRoot. */
export function prepareTrustMaterial<T extends Pick<TrustMaterial, 'certificateAuthorities' | 'timestampAuthorities'>>(
  material: T,
): T {
  if (!enabled) return material;
  for (const ca of [...material.certificateAuthorities, ...material.timestampAuthorities]) {
    for (const cert of ca.certChain) memoizeCertificate(cert);
  }
  return material;
}

/** `parse` without capturing stack traces (no-stack-traces.ts), on the hot path only. */
export function withoutStackTraces<T>(parse: () => T): T {
  return enabled ? quietly(parse) : parse();
}

/** toSignedEntity, with each distinct certificate and RFC 3161 token parsed once per process (hot path). */
export function signedEntityOf(bundle: Bundle, artifact: Buffer | undefined): SignedEntity {
  return enabled ? quietly(() => signedEntityParsedOnce(bundle, artifact)) : toSignedEntity(bundle, artifact);
}

/**
 * The bundle's signing certificate: encoded once however often the chain search compares or checks it; its RFC
 * 3161 tokens: the signed attributes and TSTInfo copied from the parsed bytes, not re-encoded.
 */
export function prepareEntity(entity: SignedEntity): SignedEntity {
  if (!enabled) return entity;
  if (entity.key.$case === 'certificate') memoizeCertificate(entity.key.certificate);
  for (const t of entity.timestamps) if (t.$case === 'timestamp-authority') memoizeTimestamp(t.timestamp);
  return entity;
}

/** X509Certificate.equals (same DER), comparing the parsed bytes instead of re-encoding both (hot path). */
export function sameCertificate(a: X509Certificate, b: X509Certificate): boolean {
  if (!enabled) return a.equals(b);
  const der = (c: X509Certificate) => encodingOf(c.root) ?? c.root.toDER();
  return der(a).equals(der(b));
}

/** The verified signing certificate's identity, read from the parse already made (hot path) or parsed anew. */
export function readLeafIdentity(leaf: X509Certificate): SignerCertificate {
  return enabled ? signerCertificateOf(leaf) : readSignerCertificate(new Uint8Array(leaf.root.toDER()));
}
