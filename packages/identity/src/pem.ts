// Minimal PEM framing (RFC 7468): split text into labelled base64 blocks. The DER inside is parsed
// by @peculiar/asn1-*; this file only undoes the text armour.

export interface PemBlock {
  label: string; // e.g. 'PUBLIC KEY', 'CERTIFICATE'
  der: Uint8Array;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;

export class PemFormatError extends Error {}

/** Every PEM block in `text`, in order. Throws PemFormatError on mismatched labels or bad base64. */
export function parsePemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const m of text.matchAll(BLOCK)) {
    const [, begin = '', body = '', end = ''] = m;
    if (begin !== end) throw new PemFormatError(`PEM block "BEGIN ${begin}" ends with "END ${end}"`);
    if (/^[\w-]+:/m.test(body))
      throw new PemFormatError(`PEM block "${begin}" has encryption headers; give an unencrypted public key`);
    const b64 = body.replace(/\s+/g, '');
    if (b64.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) {
      throw new PemFormatError(`PEM block "${begin}" is not valid base64`);
    }
    blocks.push({ label: begin, der: base64ToBytes(b64) });
  }
  if (blocks.length === 0 && /-----BEGIN /.test(text))
    throw new PemFormatError('PEM "BEGIN" line without a matching "END" line');
  return blocks;
}

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export function toPem(label: string, der: Uint8Array): string {
  const lines = bytesToBase64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
