// Small byte helpers shared by the loaders. Runtime-agnostic: no Buffer, no node:crypto.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { TrustRootLoadError } from './errors.ts';

// Go's encoding/json decodes []byte with base64.StdEncoding, which skips \r and \n.
// We also skip other ASCII whitespace (YAML block scalars) but otherwise stay strict:
// standard alphabet, correct padding.
const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes standard base64 (whitespace ignored); `where` names the field for errors. */
export function decodeBase64(text: string, where: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0) throw new TrustRootLoadError('NOT_BASE64', `${where}: is empty, expected base64`);
  if (!STD_BASE64.test(compact)) {
    throw new TrustRootLoadError('NOT_BASE64', `${where}: is not valid base64 (standard alphabet with padding)`);
  }
  const binary = atob(compact);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}

export function sha256Bytes(bytes: Uint8Array): Uint8Array {
  return sha256(bytes);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function fromUtf8(bytes: Uint8Array, where: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new TrustRootLoadError('RESOURCE_INVALID', `${where}: is not valid UTF-8`);
  }
}

export function toBytes(input: string | Uint8Array): Uint8Array {
  return typeof input === 'string' ? utf8(input) : input;
}

/** Joins chunks (streamed gunzip output, HTTP bodies) into one array of `total` bytes. */
export function concatBytes(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let pos = 0;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.length;
  }
  return out;
}
