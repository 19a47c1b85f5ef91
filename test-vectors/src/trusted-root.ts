// trusted_root.json (protobuf JSON, media type version 0.1) describing the private instance.
import type { x509 } from './pki/x509.ts';
import { b64 } from './encoding.ts';
import type { KeyPair } from './pki/keys.ts';

export const TRUSTED_ROOT_MEDIA_TYPE = 'application/vnd.dev.sigstore.trustedroot+json;version=0.1';

export interface TrustedRootJSON {
  mediaType: string;
  tlogs: TransparencyLogJSON[];
  certificateAuthorities: CertificateAuthorityJSON[];
  ctlogs: TransparencyLogJSON[];
  timestampAuthorities: CertificateAuthorityJSON[];
}

export interface TransparencyLogJSON {
  baseUrl: string;
  hashAlgorithm: 'SHA2_256';
  publicKey: { rawBytes: string; keyDetails: string; validFor: ValidityJSON };
  logId: { keyId: string };
}

export interface CertificateAuthorityJSON {
  subject: { organization: string; commonName: string };
  uri: string;
  certChain: { certificates: { rawBytes: string }[] };
  validFor: ValidityJSON;
}

export interface ValidityJSON {
  start: string;
  end?: string;
}

export function validity(start: Date, end?: Date): ValidityJSON {
  return end ? { start: start.toISOString(), end: end.toISOString() } : { start: start.toISOString() };
}

export function transparencyLog(baseUrl: string, key: KeyPair, validFor: ValidityJSON): TransparencyLogJSON {
  return {
    baseUrl,
    hashAlgorithm: 'SHA2_256',
    publicKey: { rawBytes: b64(key.spki), keyDetails: key.keyDetails, validFor },
    logId: { keyId: b64(key.keyId) },
  };
}

/** `chain` in trusted_root order: the issuing certificate first, the root last. */
export function certificateAuthority(
  uri: string,
  organization: string,
  commonName: string,
  chain: x509.X509Certificate[],
  validFor: ValidityJSON,
): CertificateAuthorityJSON {
  return {
    subject: { organization, commonName },
    uri,
    certChain: { certificates: chain.map((c) => ({ rawBytes: b64(new Uint8Array(c.rawData)) })) },
    validFor,
  };
}
