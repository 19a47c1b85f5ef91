// DER reading over @sigstore/core's ASN.1 parser (the one @sigstore/verify already uses, so browsers load
// one ASN.1 stack, not two): single-element checks, element shapes, and string values (Fulcio 1.8+
// extensions, otherName SAN). The parser refuses indefinite and non-minimal lengths, long-form tags,
// nesting deeper than 100 and trailing bytes; the checks here add what Go's encoding/asn1 checks on the
// values a certificate or key reader interprets.
import { ASN1Obj } from '@sigstore/core';

export type { ASN1Obj };

// Universal tag bytes (class, constructed bit and number, as @sigstore/core's ASN1Tag.toDER gives them).
export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

export const tagOf = (node: ASN1Obj | undefined): number => (node ? node.tag.toDER() : -1);

/** Exactly one DER element, parsed; throws an Error saying what is wrong (trailing bytes included). */
export function parseDer(der: Uint8Array): ASN1Obj {
  const length = derElementLength(der);
  if (length < der.length) throw new Error(`${der.length - length} trailing byte(s) after the DER value`);
  try {
    // ByteStream wraps the bytes with Buffer.from (a copy for a plain Uint8Array, a view for a Buffer).
    return ASN1Obj.parseBuffer(der as Buffer<ArrayBuffer>);
  } catch (e) {
    const message = (e as Error).message;
    throw new Error(message === 'request past end of buffer' ? 'a length runs past the end of the data' : message);
  }
}

/**
 * The length (header and content) of the first element of `der` as its header states it, by the parser's
 * rules (one tag byte, definite minimal length of at most 6 bytes); throws when the header breaks them.
 */
export function derElementLength(der: Uint8Array): number {
  if (der.length < 2) throw new Error('too short for a DER element');
  if ((der[0]! & 0x1f) === 0x1f) throw new Error('long form tags not supported');
  const first = der[1]!;
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  if (count === 0) throw new Error('indefinite length encoding not supported');
  if (count > 6) throw new Error('length exceeds 6 byte limit');
  if (der.length < 2 + count) throw new Error('a length runs past the end of the data');
  if (der[2] === 0) throw new Error('non-minimal length encoding');
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + der[2 + i]!;
  if (length < 0x80) throw new Error('non-minimal length encoding');
  return 2 + count + length;
}

/** Why `der` is not exactly one DER element (undefined when it is): trailing bytes are refused. */
export function singleDerElementProblem(der: Uint8Array): string | undefined {
  if (der.length === 0) return 'no bytes';
  try {
    parseDer(der);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = (v: Uint8Array): string => {
  let text = '';
  for (const b of v) text += String.fromCharCode(b);
  return text;
};
const ascii = (v: Uint8Array): boolean => v.every((b) => b < 0x80);

/** Raw bytes as UTF-8 (Fulcio 1.1–1.6), or an Error for invalid UTF-8. */
export function decodeRawUtf8(bytes: ArrayBuffer | Uint8Array): string | Error {
  try {
    return utf8.decode(bytes);
  } catch {
    return new Error('not valid UTF-8');
  }
}

// The ASN.1 string types and how their content octets become text (as asn1js decodes them: one character per
// byte for the 8-bit types, UTF-16BE for BMPString, UTF-32BE for UniversalString).
const STRING_DECODERS: Record<number, (v: Uint8Array) => string | Error> = {
  0x0c: (v) => decodeRawUtf8(v), // UTF8String
  0x12: latin1, // NumericString
  0x13: latin1, // PrintableString
  0x14: latin1, // TeletexString
  0x16: latin1, // IA5String
  0x1a: latin1, // VisibleString
  0x1c: (v) => (v.length % 4 === 0 ? codePoints(v, 4) : new Error('UniversalString length is not a multiple of 4')),
  0x1e: (v) => (v.length % 2 === 0 ? codePoints(v, 2) : new Error('BMPString length is not a multiple of 2')),
};

function codePoints(v: Uint8Array, width: 2 | 4): string | Error {
  const points: number[] = [];
  for (let i = 0; i < v.length; i += width) {
    let p = 0;
    for (let j = 0; j < width; j++) p = p * 256 + v[i + j]!;
    points.push(p);
  }
  try {
    return String.fromCodePoint(...points);
  } catch {
    return new Error('not a valid code point');
  }
}

// Names of the non-string elements found where a string belongs (as asn1js names them, for the same warnings).
const TAG_NAMES: Record<number, string> = {
  0x01: 'Boolean',
  0x02: 'Integer',
  0x03: 'BitString',
  0x04: 'OctetString',
  0x05: 'Null',
  0x06: 'ObjectIdentifier',
  0x30: 'Sequence',
  0x31: 'Set',
};

/** The text of a parsed ASN.1 string element, or an Error saying why it is not one. */
export function stringOf(node: ASN1Obj): string | Error {
  const decode = STRING_DECODERS[tagOf(node)];
  if (decode === undefined)
    return new Error(`expected a DER string, found ${TAG_NAMES[tagOf(node)] ?? `tag 0x${tagOf(node).toString(16)}`}`);
  return decode(node.value);
}

/**
 * The text of a single DER-encoded ASN.1 string (UTF8String, PrintableString, IA5String, …),
 * or an Error describing why it is not one. Trailing bytes are an error (as in sigstore-go).
 */
export function decodeDerString(der: Uint8Array): string | Error {
  let node: ASN1Obj;
  try {
    node = parseDer(der);
  } catch (e) {
    return new Error(`not DER: ${(e as Error).message}`);
  }
  return stringOf(node);
}

// An OID @sigstore/core's toOID reads as Go's encoding/asn1 does: first sub-identifier in one byte (arcs 0-2,
// second < 40 under 2), no unfinished or padded (0x80-led) sub-identifier. Others are refused, never misread.
export function isOid(node: ASN1Obj | undefined): boolean {
  if (tagOf(node) !== TAG.OID) return false;
  const v = node!.value;
  if (v.length === 0 || v[0]! >= 120 || (v[v.length - 1]! & 0x80) !== 0) return false;
  for (let i = 1; i < v.length; i++) if (v[i] === 0x80 && (v[i - 1]! & 0x80) === 0) return false;
  return true;
}

export const oidOf = (node: ASN1Obj | undefined): string | undefined => (isOid(node) ? node!.toOID() : undefined);

// A BIT STRING whose unused-bits count is 0-7 (0 when it has no content byte).
export function isBitString(node: ASN1Obj | undefined): boolean {
  if (tagOf(node) !== TAG.BIT_STRING || node!.value.length === 0) return false;
  return node!.value[0]! <= (node!.value.length === 1 ? 0 : 7);
}

/** AlgorithmIdentifier: SEQUENCE { algorithm OID, parameters ANY OPTIONAL }. */
export function isAlgorithmIdentifier(node: ASN1Obj | undefined): boolean {
  return tagOf(node) === TAG.SEQUENCE && node!.subs.length >= 1 && node!.subs.length <= 2 && isOid(node!.subs[0]);
}

/** A DER INTEGER: content present and minimal (no redundant leading 0x00/0xff), as Go's asn1 requires. */
export function isInteger(node: ASN1Obj | undefined): boolean {
  if (tagOf(node) !== TAG.INTEGER) return false;
  const v = node!.value;
  if (v.length === 0) return false;
  return !(v.length > 1 && ((v[0] === 0 && v[1]! < 0x80) || (v[0] === 0xff && v[1]! >= 0x80)));
}

/** The content of a DER BOOLEAN (0x00 or 0xff only), or undefined when `node` is not one. */
export function booleanOf(node: ASN1Obj | undefined): boolean | undefined {
  if (tagOf(node) !== TAG.BOOLEAN || node!.value.length !== 1) return undefined;
  const b = node!.value[0];
  return b === 0xff ? true : b === 0 ? false : undefined;
}

const UTC_FORM = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/;
const GENERALIZED_FORM = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/;

/**
 * A certificate Time: only the forms Go's x509 accepts (UTCTime YYMMDDHHMMSSZ, GeneralizedTime
 * YYYYMMDDHHMMSSZ) of real calendar times; undefined otherwise.
 */
export function timeOf(node: ASN1Obj | undefined): Date | undefined {
  const tag = tagOf(node);
  const form = tag === TAG.UTC_TIME ? UTC_FORM : tag === TAG.GENERALIZED_TIME ? GENERALIZED_FORM : undefined;
  const m = form?.exec(latin1(node!.value));
  if (!m) return undefined;
  const year = tag === TAG.UTC_TIME ? Number(m[1]) + (Number(m[1]) >= 50 ? 1900 : 2000) : Number(m[1]);
  const [month, day, hour, minute, second] = m.slice(2).map(Number) as [number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (year < 100) date.setUTCFullYear(year);
  const real =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return real ? date : undefined;
}

// Content checks of the universal primitive types a certificate or key holds, applied to every element
// outside OCTET STRINGs: what Go's encoding/asn1 refuses is refused here too (asn1js accepted less DER
// than it should in places, e.g. non-minimal INTEGERs, which Go's x509 refuses).
const PRIMITIVE_CHECKS: Record<number, (node: ASN1Obj) => boolean> = {
  0x01: (n) => booleanOf(n) !== undefined,
  0x02: isInteger,
  0x03: isBitString,
  0x05: (n) => n.value.length === 0,
  0x06: isOid,
  0x0c: (n) => !(decodeRawUtf8(n.value) instanceof Error),
  0x13: (n) => ascii(n.value),
  0x16: (n) => ascii(n.value),
  0x17: (n) => timeOf(n) !== undefined,
  0x18: (n) => timeOf(n) !== undefined,
};

/** Why the tree under `root` holds an element of a form Go's parser refuses (undefined when none does). */
export function malformedElement(root: ASN1Obj): string | undefined {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const { tag } = node;
    if (tag.isUniversal()) {
      if ((tag.number === 0x10 || tag.number === 0x11) !== tag.constructed) {
        return `universal tag ${tag.number} with the wrong constructed bit`;
      }
      const check = tag.constructed ? undefined : PRIMITIVE_CHECKS[tag.number];
      if (check && !check(node)) return `invalid content in an element of universal tag ${tag.number}`;
      if (tag.number === 0x04) continue; // OCTET STRING content is opaque here (extnValue is read on its own)
    }
    stack.push(...node.subs);
  }
  return undefined;
}

/** The DER encoding of one element: `tag`, its definite minimal length, then the `content` parts in order. */
export function derElement(tag: number, content: readonly Uint8Array[]): Uint8Array {
  const length = content.reduce((n, c) => n + c.length, 0);
  const lengthBytes: number[] = [];
  for (let l = length; l > 0; l = Math.floor(l / 256)) lengthBytes.unshift(l % 256);
  const header = length < 0x80 ? [tag, length] : [tag, 0x80 | lengthBytes.length, ...lengthBytes];
  const out = new Uint8Array(header.length + length);
  out.set(header);
  let at = header.length;
  for (const c of content) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
