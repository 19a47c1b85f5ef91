// The scenario every runtime and bundler test runs against the INSTALLED sigguard package (packed
// tarballs in a scratch project): bundle verification of every committed test vector, then verifyImage
// on in-memory evidence with keyless, key, regexp and CUE policies. It imports only 'sigguard', as an
// application would, and uses only what every runtime has (no Node builtins): whichever file the
// runtime's or bundler's export conditions pick is what runs. Answers are JSON, reduced to what must
// be equal everywhere (pass/fail, codes, decision trees' statuses); error wording may differ.
import { parseTrustedRoot, publicKeyFromPem, verifyBundle, verifyImage } from 'sigguard';

const bytes = (base64) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

function bundleOutcome(r) {
  const failed = r.checks.find((c) => c.status === 'fail');
  return {
    ok: r.ok,
    code: r.ok ? undefined : (failed?.code ?? r.error?.code),
    checks: r.checks.map((c) => `${c.name}:${c.status}`),
  };
}

function tree(node) {
  return { kind: node.kind, name: node.name, status: node.status, code: node.code, children: node.children.map(tree) };
}

/** `input`: see packed-app/inputs.ts (strings and base64 only, so it crosses into a page or a process). */
export async function runScenario(input) {
  const trustRoot = parseTrustedRoot(input.trustedRoot);
  const bundles = {};
  for (const c of input.bundles) {
    const r = await verifyBundle(c.bundle, {
      trustRoot,
      now: new Date(c.verifyAt),
      artifact: bytes(c.artifact),
      ...(c.identity ? { identities: [c.identity] } : {}),
      ...(c.key ? { keys: [publicKeyFromPem(c.key)] } : {}),
    });
    bundles[c.name] = bundleOutcome(r);
  }
  const images = {};
  for (const c of input.images) {
    const d = await verifyImage(c.ref, {
      policies: c.policies,
      evidence: { bundles: c.bundles },
      defaultTrustRoot: input.trustedRoot,
      now: new Date(c.verifyAt),
      cache: false,
    });
    images[c.name] = { allowed: d.allowed, matched: d.matchedPolicies, policies: d.policies.map(tree) };
  }
  // As JSON, so an answer that crossed from a page or a process compares equal to one that did not.
  return JSON.parse(JSON.stringify({ bundles, images }));
}
