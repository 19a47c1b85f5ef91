// The independent verifier: plain @sigstore/verify, configured as sigstore-go's defaults
// (one tlog entry, one timestamp, one SCT for certificates).
import { createPublicKey } from 'node:crypto';
import { bundleFromJSON } from '@sigstore/bundle';
import { PublicKeyDetails, TrustedRoot, type PublicKey } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import type { BundleSeed } from './bundle-seeds.ts';

export type Oracle = (text: string) => string;

export function sigstoreJsOracle(seed: BundleSeed): Oracle {
  const rootJSON = TrustedRoot.fromJSON(seed.trustedRootJSON);
  const keyDER = seed.keyPEM ? createPublicKey(seed.keyPEM).export({ format: 'der', type: 'spki' }) : undefined;
  const policy = seed.identity
    ? { subjectAlternativeName: seed.identity.subject, extensions: { issuer: seed.identity.issuer } }
    : undefined;
  return (text) => {
    try {
      const bundle = bundleFromJSON(JSON.parse(text));
      const keys: Record<string, PublicKey> = {};
      const material = bundle.verificationMaterial.content;
      if (keyDER && material.$case === 'publicKey') {
        keys[material.publicKey.hint] = {
          rawBytes: keyDER,
          keyDetails: PublicKeyDetails.PUBLIC_KEY_DETAILS_UNSPECIFIED,
        };
      }
      const verifier = new Verifier(toTrustMaterial(rootJSON, keys), {
        tlogThreshold: 1,
        ctlogThreshold: keyDER ? 0 : 1,
        timestampThreshold: 1,
      });
      verifier.verify(toSignedEntity(bundle, Buffer.from(seed.artifact)), policy);
      return 'verified';
    } catch (e) {
      return (e as { code?: string }).code ?? `uncoded: ${String(e).slice(0, 200)}`;
    }
  };
}
