// Case runners shared by Node and the browser: the SAME code runs against the Node build
// (real node:crypto) and inside Chromium against dist/sigguard.browser.js, and the test
// compares what they return. Plain JavaScript so the page can import it as is.
// Each runner: (api, input) => a JSON-serialisable answer. Add a runner here and a table
// in tables.ts to run another kind of case in the browser.

function base64ToBytes(b64) {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function answerOf(result) {
  return {
    ok: result.ok,
    code: result.error?.code ?? null,
    checks: result.checks.map((c) => `${c.name}:${c.status}${c.code ? `:${c.code}` : ''}`),
  };
}

const trustRoots = new Map();
function trustRootFor(api, json) {
  if (json === undefined) return api.publicGoodTrustRoot();
  let root = trustRoots.get(json);
  if (!root) {
    root = api.parseTrustedRoot(json);
    trustRoots.set(json, root);
  }
  return root;
}

/**
 * One bundle verification.
 * input: { bundle: string (JSON text), artifactBase64?: string, artifactDigestHex?: string,
 *          trustedRoot?: string (JSON text; default: the built-in public-good root),
 *          identity?: { issuer, subject }, keyPem?: string, now?: string (ISO time),
 *          keyOptions?: { hashAlgorithm?, rsaScheme? }, tlogThreshold?: number, timestampThreshold?: number }
 */
function verifyOptions(api, input) {
  const options = { trustRoot: trustRootFor(api, input.trustedRoot) };
  if (input.artifactBase64 !== undefined) options.artifact = base64ToBytes(input.artifactBase64);
  if (input.artifactDigestHex !== undefined)
    options.artifactDigest = { algorithm: 'sha256', hex: input.artifactDigestHex };
  if (input.keyPem !== undefined) options.keys = [api.publicKeyFromPem(input.keyPem, input.keyOptions)];
  if (input.tlogThreshold !== undefined) options.tlogThreshold = input.tlogThreshold;
  if (input.timestampThreshold !== undefined) options.timestampThreshold = input.timestampThreshold;
  if (input.identity !== undefined) options.identities = api.compileIdentities([input.identity]);
  if (input.now !== undefined) options.now = new Date(input.now);
  return options;
}

// verifyBundleSync never throws; the harness's own setup might (bad trust root, bad pattern).
// `message` is wording (OpenSSL's vs noble's for a bad key): the test compares the rest.
const thrown = (e) => ({
  ok: false,
  code: e?.code ?? 'THROWN',
  checks: [],
  thrown: true,
  message: String(e?.message ?? e),
});

export function verifyBundleCase(api, input) {
  try {
    return answerOf(api.verifyBundleSync(input.bundle, verifyOptions(api, input)));
  } catch (e) {
    return thrown(e);
  }
}

/** The same case through the async verifyBundle (in browsers: WebCrypto where it can check a signature). */
export async function verifyBundleAsyncCase(api, input) {
  let options;
  try {
    options = verifyOptions(api, input);
  } catch (e) {
    return thrown(e);
  }
  return answerOf(await api.verifyBundle(input.bundle, options));
}

/**
 * One Go/RE2 regexp case: compile with the identity package's engine, then MatchString.
 * input: { pattern, input } -> { result: 'match' | 'no-match' | 'error', code? }
 */
export function goRegExpCase(api, input) {
  let re;
  try {
    re = api.compileGoRegExp(input.pattern);
  } catch (e) {
    return { result: 'error', code: e?.code ?? null };
  }
  return { result: re.test(input.input) ? 'match' : 'no-match' };
}

// Plain data for comparison: Dates as ISO strings, byte arrays as hex.
function plain(value) {
  return JSON.parse(
    JSON.stringify(value, function (key, v) {
      const raw = this[key];
      if (raw instanceof Date) return raw.toISOString();
      if (ArrayBuffer.isView(raw))
        return Array.from(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength), (b) =>
          b.toString(16).padStart(2, '0'),
        ).join('');
      return v;
    }),
  );
}

/**
 * One signer certificate through the identity package: read it, then match each spec.
 * input: { certBase64, specs: IdentitySpec[] } -> { signer, matches: [{ ok, reason, ... } | { error }] }
 */
export function identityCase(api, input) {
  let signer;
  try {
    signer = api.readSignerCertificate(base64ToBytes(input.certBase64));
  } catch (e) {
    return { error: e?.code ?? 'THROWN', message: String(e?.message ?? e) };
  }
  const matches = input.specs.map((spec) => {
    try {
      return plain(api.compileIdentities([spec]).match(signer));
    } catch (e) {
      return { error: e?.code ?? 'THROWN', message: String(e?.message ?? e) };
    }
  });
  return { signer: plain(signer), matches };
}

export const RUNNERS = { verifyBundleCase, verifyBundleAsyncCase, goRegExpCase, identityCase };
