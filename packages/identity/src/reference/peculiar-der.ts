// DER helpers over asn1js: single-element checks and string values (Fulcio 1.8+ extensions, otherName SAN).
import * as asn1js from 'asn1js';

/**
 * The text of a single DER-encoded ASN.1 string (UTF8String, PrintableString, IA5String, …),
 * or an Error describing why it is not one. Trailing bytes are an error (as in sigstore-go).
 */
export function decodeDerString(der: ArrayBuffer | Uint8Array): string | Error {
  const buf = der instanceof Uint8Array ? exactBuffer(der) : der;
  const parsed = asn1js.fromBER(buf);
  if (parsed.offset === -1) return new Error(`not DER: ${parsed.result.error || 'parse error'}`);
  if (parsed.offset !== buf.byteLength) return new Error('trailing bytes after the DER value');
  const r = parsed.result;
  if (
    r instanceof asn1js.Utf8String ||
    r instanceof asn1js.PrintableString ||
    r instanceof asn1js.IA5String ||
    r instanceof asn1js.VisibleString ||
    r instanceof asn1js.TeletexString ||
    r instanceof asn1js.BmpString ||
    r instanceof asn1js.UniversalString ||
    r instanceof asn1js.NumericString
  ) {
    return r.getValue();
  }
  return new Error(`expected a DER string, found ${r.constructor.name}`);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Raw bytes as UTF-8 (Fulcio 1.1–1.6), or an Error for invalid UTF-8. */
export function decodeRawUtf8(bytes: ArrayBuffer | Uint8Array): string | Error {
  try {
    return utf8.decode(bytes);
  } catch {
    return new Error('not valid UTF-8');
  }
}

/** Why `der` is not exactly one BER/DER element (undefined when it is): trailing bytes are refused. */
export function singleDerElementProblem(der: Uint8Array): string | undefined {
  const buf = exactBuffer(der);
  const parsed = asn1js.fromBER(buf);
  if (parsed.offset === -1) return parsed.result.error || 'not DER';
  if (parsed.offset !== buf.byteLength) return `${buf.byteLength - parsed.offset} trailing byte(s) after the DER value`;
  return undefined;
}

/**
 * A copy of exactly these bytes as an ArrayBuffer. Not `der.slice().buffer`: Node's
 * Buffer#slice is a view, so for a Buffer from Node's shared pool `.buffer` is the whole pool.
 */
export function exactBuffer(der: Uint8Array): ArrayBuffer {
  return new Uint8Array(der).buffer;
}
