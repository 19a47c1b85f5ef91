// A run whose crypto answers are not real: a browser verifies once with a crypto stand-in that answers
// "valid" to collect the signature checks a bundle needs, checks them all with WebCrypto (async), then
// verifies for real with those verdicts (@sigguard/browser's verifyBundle). During the first run no
// verdict may be kept: the certificate memo (certificate-memo.ts) would otherwise remember "valid".
let depth = 0;

/** Runs `fn` with its crypto verdicts marked speculative: nothing it verifies is remembered. */
export function speculatively<T>(fn: () => T): T {
  depth++;
  try {
    return fn();
  } finally {
    depth--;
  }
}

/** Whether crypto verdicts may be kept now (false inside speculatively()). */
export const verdictsMayBeKept = (): boolean => depth === 0;
