// Verdicts the synchronous shim takes from elsewhere: WebCrypto is faster than the pure-JS curves and RSA here,
// but asynchronous, and @sigstore/verify calls crypto.verify synchronously. So a verification runs twice:
// recording (every check WebCrypto can answer is collected and answered "valid"; that run's result is thrown
// away) and replaying (each check finds the verdict WebCrypto gave for exactly that key, digest, data and
// signature; anything else is computed here as always). A recorded "valid" never reaches a real result.
import type { PublicKeyMaterial } from './keys.ts';

/** One signature check as verify() sees it, for the checks WebCrypto can make with the same semantics. */
export interface VerifyRequest {
  material: Extract<PublicKeyMaterial, { kind: 'ec' | 'rsa' }>;
  /** Canonical digest name. */
  digest: 'sha256' | 'sha384' | 'sha512';
  data: Uint8Array;
  signature: Uint8Array;
  /** ECDSA signature encoding. */
  p1363: boolean;
}

interface Run {
  mode: 'record' | 'replay';
  requests: VerifyRequest[];
  verdicts: (boolean | undefined)[];
}

let current: Run | undefined;
let used = 0;

/** How many verdicts replaying runs took from WebCrypto so far (diagnostics: the Chromium test reads it). */
export const verdictsUsed = (): number => used;

/** Runs `fn` recording the checks WebCrypto could make (each answered "valid"); returns them with the result. */
export function recordChecks<T>(fn: () => T): { result: T; requests: VerifyRequest[] } {
  const run: Run = { mode: 'record', requests: [], verdicts: [] };
  const result = within(run, fn);
  return { result, requests: run.requests };
}

/** Runs `fn` with these verdicts (undefined: not known) for these requests; other checks are computed. */
export function replayChecks<T>(requests: VerifyRequest[], verdicts: (boolean | undefined)[], fn: () => T): T {
  return within({ mode: 'replay', requests, verdicts }, fn);
}

function within<T>(run: Run, fn: () => T): T {
  const outer = current;
  current = run;
  try {
    return fn();
  } finally {
    current = outer;
  }
}

/** verify()'s hook: a verdict to use instead of computing one, or undefined to compute it. */
export function takenVerdict(request: VerifyRequest): boolean | undefined {
  if (current === undefined) return undefined;
  if (current.mode === 'record') {
    current.requests.push({ ...request, data: request.data.slice(), signature: request.signature.slice() });
    return true;
  }
  const i = current.requests.findIndex((r) => sameRequest(r, request));
  const verdict = i < 0 ? undefined : current.verdicts[i];
  if (verdict !== undefined) used++;
  return verdict;
}

function sameRequest(a: VerifyRequest, b: VerifyRequest): boolean {
  return (
    a.digest === b.digest &&
    a.p1363 === b.p1363 &&
    sameMaterial(a.material, b.material) &&
    bytesEqual(a.signature, b.signature) &&
    bytesEqual(a.data, b.data)
  );
}

function sameMaterial(a: VerifyRequest['material'], b: VerifyRequest['material']): boolean {
  if (a === b) return true;
  if (a.kind === 'ec' && b.kind === 'ec') return a.curve === b.curve && bytesEqual(a.point, b.point);
  if (a.kind === 'rsa' && b.kind === 'rsa') return a.n === b.n && a.e === b.e;
  return false;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
