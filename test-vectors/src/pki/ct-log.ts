// A Certificate Transparency log that issues embedded SCTs (RFC 6962 §3.2, precert_entry).
import { sha256, uint } from '../encoding.ts';
import { generateKeyPair, type KeyPair } from './keys.ts';

export class TestCTLog {
  readonly key: KeyPair;
  readonly baseUrl: string;

  constructor(key: KeyPair, baseUrl: string) {
    this.key = key;
    this.baseUrl = baseUrl;
  }

  static async create(baseUrl = 'https://ctfe.sigguard.test'): Promise<TestCTLog> {
    return new TestCTLog(await generateKeyPair('ecdsa-p256'), baseUrl);
  }

  get logId(): Buffer {
    return this.key.keyId;
  }

  /**
   * Sign a precertificate entry and return the TLS-encoded SignedCertificateTimestamp.
   * `tbs` is the precertificate TBS with the poison extension removed; `issuerSpki`
   * the DER public key of the issuing CA.
   */
  issueSCT(tbs: Uint8Array, issuerSpki: Uint8Array, at: Date): Buffer {
    const timestamp = uint(at.getTime(), 8);
    const extensions = Buffer.alloc(0);
    const signed = Buffer.concat([
      uint(0, 1), // version v1
      uint(0, 1), // signature_type certificate_timestamp
      timestamp,
      uint(1, 2), // entry_type precert_entry
      sha256(issuerSpki),
      uint(tbs.length, 3),
      tbs,
      uint(extensions.length, 2),
      extensions,
    ]);
    const signature = this.key.sign(signed);
    return Buffer.concat([
      uint(0, 1),
      this.logId,
      timestamp,
      uint(extensions.length, 2),
      extensions,
      uint(4, 1), // hash sha256
      uint(3, 1), // signature ecdsa
      uint(signature.length, 2),
      signature,
    ]);
  }
}

/** The TLS SignedCertificateTimestampList carried in the 1.3.6.1.4.1.11129.2.4.2 extension. */
export function sctList(scts: Uint8Array[]): Buffer {
  const items = scts.map((s) => Buffer.concat([uint(s.length, 2), s]));
  const body = Buffer.concat(items);
  return Buffer.concat([uint(body.length, 2), body]);
}
