// Strict standard base64, as Go's base64.StdEncoding decodes it: padding required, only the
// standard alphabet; CR and LF are skipped (Go ignores them). Validation is ours; the decoding
// itself is the platform's atob.

const ALPHABET = /[A-Za-z0-9+/]/;

export class Base64Error extends Error {
  override name = 'Base64Error';
}

export function decodeStdBase64(text: string): Uint8Array {
  let clean = '';
  const offsets: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\r' || c === '\n') continue;
    offsets.push(i);
    clean += c;
  }
  const at = (i: number): number => offsets[i] ?? text.length;
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  const body = clean.length - pad;
  for (let i = 0; i < body; i++) {
    if (!ALPHABET.test(clean[i]!)) throw new Base64Error(`illegal base64 data at input byte ${at(i)}`);
  }
  if (clean.length % 4 !== 0) {
    throw new Base64Error(`illegal base64 data at input byte ${at(clean.length - (clean.length % 4))}`);
  }
  if (pad > 0 && body % 4 < 2) throw new Base64Error(`illegal base64 data at input byte ${at(body)}`);
  const binary = atob(clean);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
