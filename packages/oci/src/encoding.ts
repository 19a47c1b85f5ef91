// Base64/hex/PEM helpers over Uint8Array (atob/btoa exist in Node and browsers).

export function base64Decode(s: string): Uint8Array {
  const bin = atob(s.replace(/\s+/g, ''));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function base64Encode(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}

export function hexDecode(s: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(s)) throw new Error(`not hex: '${s.slice(0, 20)}'`);
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

// One decoder for every call (a decode without `stream` keeps no state); making one per call was a visible share
// of verifyImage's own time.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function utf8(bytes: Uint8Array): string {
  return strictUtf8.decode(bytes);
}

/** All PEM blocks of a given label (e.g. CERTIFICATE) as DER. */
export function pemBlocks(pem: string, label?: string): { label: string; der: Uint8Array }[] {
  const out: { label: string; der: Uint8Array }[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(pem)) !== null) {
    if (label && m[1] !== label) continue;
    out.push({ label: m[1]!, der: base64Decode(m[2]!) });
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
