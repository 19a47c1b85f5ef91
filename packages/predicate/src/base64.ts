// Strict standard base64, as Go's base64.StdEncoding decodes it: padding required, only the
// standard alphabet; CR and LF are skipped (Go ignores them). Validation is ours; the decoding
// itself is the platform's atob.

const ALPHABET = /[A-Za-z0-9+/]/;

export class Base64Error extends Error {
  override name = 'Base64Error';
}

// Well-formed input is checked with one regular expression; only a refusal walks the text to name
// the offending byte. (A per-character walk took seconds on an 800 KB payload on a loaded machine:
// fuzz seed 20261207, a 100,000-level statement in a bundle.)
const WELL_FORMED = /^[A-Za-z0-9+/]*={0,2}$/;

export function decodeStdBase64(text: string): Uint8Array {
  const clean = text.includes('\r') || text.includes('\n') ? text.replace(/[\r\n]/g, '') : text;
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  const body = clean.length - pad;
  if (!WELL_FORMED.test(clean) || clean.length % 4 !== 0 || (pad > 0 && body % 4 < 2)) throw refusal(text);
  const binary = atob(clean);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** The error Go's decoder gives for malformed `text`: the input offset of the first bad byte. */
function refusal(text: string): Base64Error {
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
    if (!ALPHABET.test(clean[i]!)) return new Base64Error(`illegal base64 data at input byte ${at(i)}`);
  }
  if (clean.length % 4 !== 0) {
    return new Base64Error(`illegal base64 data at input byte ${at(clean.length - (clean.length % 4))}`);
  }
  return new Base64Error(`illegal base64 data at input byte ${at(body)}`);
}
