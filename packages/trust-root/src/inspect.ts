// What a TrustRoot holds, for people: the TrustRoot summary plus, for every CA and
// TSA certificate, its subject, issuer and validity (legacy and PEM-override roots
// carry no subject field of their own, so the certificates are the only names).
import type { Name } from '@peculiar/asn1-x509';
import { asn1Schema, asn1X509 } from './deps/peculiar-asn1.ts';
import { isCaCertificate } from './pem.ts';
import type { AuthoritySummary, LogSummary, TrustRoot } from './trusted-root.ts';

export interface CertificateInfo {
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  isCA: boolean;
}

export interface AuthorityInspection extends AuthoritySummary {
  chain: CertificateInfo[];
}

export interface TrustRootInspection {
  name: string;
  digest: string;
  mediaType: string;
  certificateAuthorities: AuthorityInspection[];
  tlogs: (LogSummary & { logIdHex: string })[];
  ctlogs: (LogSummary & { logIdHex: string })[];
  timestampAuthorities: AuthorityInspection[];
}

const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.5': 'serialNumber',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

function nameString(name: Name): string {
  return name
    .map((rdn) => rdn.map((atv) => `${SHORT_NAMES[atv.type] ?? atv.type}=${atv.value.toString()}`).join('+'))
    .join(', ');
}

function certificateInfo(der: Uint8Array): CertificateInfo {
  const tbs = asn1Schema().AsnConvert.parse(der, asn1X509().Certificate).tbsCertificate;
  return {
    subject: nameString(tbs.subject),
    issuer: nameString(tbs.issuer),
    notBefore: tbs.validity.notBefore.getTime().toISOString(),
    notAfter: tbs.validity.notAfter.getTime().toISOString(),
    isCA: isCaCertificate(der),
  };
}

const hex = (b64: string) => Array.from(atob(b64), (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');

export function inspectTrustRoot(root: TrustRoot): TrustRootInspection {
  const s = root.summary();
  const authorities = (summaries: AuthoritySummary[], list: TrustRoot['trustedRoot']['certificateAuthorities']) =>
    summaries.map((a, i) => ({
      ...a,
      chain: (list[i]?.certChain?.certificates ?? []).map((c) => certificateInfo(c.rawBytes)),
    }));
  return {
    name: s.name,
    digest: s.digest,
    mediaType: s.mediaType,
    certificateAuthorities: authorities(s.certificateAuthorities, root.trustedRoot.certificateAuthorities),
    tlogs: s.tlogs.map((l) => ({ ...l, logIdHex: hex(l.logId) })),
    ctlogs: s.ctlogs.map((l) => ({ ...l, logIdHex: hex(l.logId) })),
    timestampAuthorities: authorities(s.timestampAuthorities, root.trustedRoot.timestampAuthorities),
  };
}
