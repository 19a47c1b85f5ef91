// The standard extensions a signer certificate is read for (RFC 5280 §4.2.1): subjectAltName, extKeyUsage,
// basicConstraints, each from the content of its extnValue OCTET STRING, with Go crypto/x509's strictness.
import { CertificateError } from './errors.ts';
import type { SubjectAltName } from './certificate.ts';
import { SIGSTORE_OTHERNAME_OID } from './fulcio-extensions.ts';
import { TAG, booleanOf, isInteger, oidOf, parseDer, stringOf, tagOf, type ASN1Obj } from './der.ts';

const malformed = (message: string): CertificateError => new CertificateError('CERTIFICATE_MALFORMED', message);

function parsed(value: Uint8Array, what: string): ASN1Obj {
  try {
    return parseDer(value);
  } catch (e) {
    throw malformed(`signer certificate ${what} does not parse: ${(e as Error).message}`);
  }
}

// GeneralName tags: [1] rfc822Name, [2] dNSName, [6] uniformResourceIdentifier are IA5Strings (IMPLICIT),
// [7] iPAddress an OCTET STRING, [0] otherName constructed; the rest are kinds sigguard does not compare.
const IA5_NAMES: Record<number, { type: SubjectAltName['type']; kind: string }> = {
  0x81: { type: 'email', kind: 'rfc822Name' },
  0x82: { type: 'dns', kind: 'dNSName' },
  0x86: { type: 'uri', kind: 'uniformResourceIdentifier' },
};
const IP_ADDRESS = 0x87;
const OTHER_NAME = 0xa0;
const UNCOMPARED = new Set([0xa3, 0xa4, 0xa5, 0x88]); // x400Address, directoryName, ediPartyName, registeredID

/** Every SAN in certificate order; names of kinds not compared leave a warning. */
export function subjectAltNamesOf(value: Uint8Array, warnings: string[]): SubjectAltName[] {
  const names = parsed(value, 'subjectAltName');
  if (tagOf(names) !== TAG.SEQUENCE)
    throw malformed('signer certificate subjectAltName does not parse: not a SEQUENCE');
  const out: SubjectAltName[] = [];
  for (const name of names.subs) {
    const tag = tagOf(name);
    const ia5 = IA5_NAMES[tag];
    if (ia5) out.push({ type: ia5.type, value: ia5Text(name.value, ia5.kind) });
    else if (tag === IP_ADDRESS) out.push({ type: 'ip', value: ipText(name.value) });
    else if (tag === OTHER_NAME) {
      const other = otherName(name, warnings);
      if (other !== undefined) out.push(other);
    } else if (UNCOMPARED.has(tag)) {
      warnings.push('subjectAltName of an unsupported kind (directoryName, registeredID, …); not compared');
    } else {
      throw malformed(
        `signer certificate subjectAltName does not parse: unknown GeneralName tag 0x${tag.toString(16)}`,
      );
    }
  }
  return out;
}

// OtherName ::= SEQUENCE { type-id OID, value [0] EXPLICIT ANY }; Sigstore's holds one DER string.
function otherName(name: ASN1Obj, warnings: string[]): SubjectAltName | undefined {
  const [typeId, explicit] = name.subs;
  const oid = oidOf(typeId);
  if (name.subs.length !== 2 || oid === undefined || tagOf(explicit) !== 0xa0 || explicit!.subs.length !== 1) {
    throw malformed('signer certificate subjectAltName does not parse: malformed otherName');
  }
  if (oid !== SIGSTORE_OTHERNAME_OID) {
    warnings.push(`subjectAltName otherName ${oid} is not Sigstore's; not compared`);
    return undefined;
  }
  const text = stringOf(explicit!.subs[0]!);
  if (text instanceof Error) throw malformed(`Sigstore otherName SAN does not decode: ${text.message}`);
  return { type: 'otherName', value: text };
}

/**
 * rfc822Name, dNSName and URI SANs are IA5Strings: ASCII only. Go's crypto/x509 refuses a
 * certificate with any other byte in them.
 */
function ia5Text(bytes: Uint8Array, kind: string): string {
  const i = bytes.findIndex((b) => b > 0x7f);
  if (i >= 0) {
    throw malformed(
      `signer certificate subjectAltName ${kind} has a non-ASCII byte 0x${bytes[i]!.toString(16)} at ${i}: ` +
        'not an IA5String (Go crypto/x509 refuses such a certificate)',
    );
  }
  return String.fromCharCode(...bytes);
}

// Written as Go's net.IP.String writes it (cosign compares that text): IPv4 dotted, an IPv4-mapped IPv6
// address (::ffff:a.b.c.d) too; other IPv6 as lower-case hex groups with the longest run (2+, the first of
// equal ones) of zero groups shortened to "::". Go's x509 refuses any other length ("cannot parse IP address").
function ipText(bytes: Uint8Array): string {
  if (bytes.length !== 4 && bytes.length !== 16)
    throw malformed(`signer certificate subjectAltName iPAddress has ${bytes.length} bytes, not 4 or 16`);
  const v4 = bytes.length === 4 ? bytes : isIPv4Mapped(bytes) ? bytes.subarray(12) : undefined;
  if (v4) return v4.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.length < 2) return groups.join(':');
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.length).join(':')}`;
}

// Go's IP.To4: ten zero bytes, then 0xff 0xff, then the IPv4 address.
const isIPv4Mapped = (b: Uint8Array): boolean =>
  b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;

/** ExtKeyUsageSyntax ::= SEQUENCE OF KeyPurposeId (OID). */
export function extendedKeyUsagesOf(value: Uint8Array): string[] {
  const list = parsed(value, 'extKeyUsage');
  const oids = list.subs.map(oidOf);
  if (tagOf(list) !== TAG.SEQUENCE || oids.some((o) => o === undefined)) {
    throw malformed('signer certificate extKeyUsage does not parse');
  }
  return oids as string[];
}

/** BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }: cA. */
export function isCAOf(value: Uint8Array): boolean {
  const node = parsed(value, 'basicConstraints');
  const [first, second] = node.subs;
  const cA = tagOf(first) === TAG.BOOLEAN ? booleanOf(first) : false;
  const pathLen = tagOf(first) === TAG.BOOLEAN ? second : first;
  const pathLenCount = tagOf(first) === TAG.BOOLEAN ? node.subs.length - 1 : node.subs.length;
  if (tagOf(node) !== TAG.SEQUENCE || cA === undefined || pathLenCount > 1 || (pathLen && !isInteger(pathLen))) {
    throw malformed('signer certificate basicConstraints does not parse');
  }
  return cA;
}
