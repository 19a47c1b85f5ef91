// Imported public keys by content: a trusted key given as SPKI bytes is imported once, not on every bundle.
// Keyed by the bytes themselves (not the caller's object, which the caller may change), bounded.
import { crypto } from '@sigstore/core';

const MAX_KEYS = 256;
const imported = new Map<string, crypto.KeyObject>();

/** crypto.createPublicKey of DER SPKI bytes, remembered for the most recent MAX_KEYS distinct keys. */
export function importSpki(spki: Uint8Array): crypto.KeyObject {
  const der = Buffer.from(spki.buffer as ArrayBuffer, spki.byteOffset, spki.byteLength);
  const id = der.toString('base64');
  let key = imported.get(id);
  if (key === undefined) {
    key = crypto.createPublicKey(der); // throws for an unusable key; nothing is kept then
    if (imported.size >= MAX_KEYS) imported.delete(imported.keys().next().value!);
    imported.set(id, key);
  }
  return key;
}
