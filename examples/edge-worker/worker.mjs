// "May this digest run?" as a workerd Worker. The policy set is fixed: the POLICIES text binding
// (policy.yaml, see config.capnp). A caller posts the image reference by digest and the image's
// Sigstore bundles; the answer is the decision with its tree of reasons. Nothing is fetched: trust
// material is the public-good root built into sigguard, or the optional TRUSTED_ROOT text binding.
//   POST /may-run  {"image": "ghcr.io/org/app@sha256:…", "bundles": [<bundle JSON>, …]}
//   → 200 {"allowed": true|false, "summary": "…", "warnings": […], "policies": [<decision tree>]}
// Fail closed: a bad request is 400, any other error 500, both with "allowed": false and the reason.
import { verifyImage } from 'sigguard';

const USAGE = 'POST /may-run with {"image": "<name>@sha256:<hex>", "bundles": [<Sigstore bundle>, ...]}';

function answer(status, body) {
  return Response.json(body, { status });
}

function deny(status, code, message) {
  return answer(status, { allowed: false, error: { code, message } });
}

// What is wrong with the request body, or undefined when it is usable.
function problemWith(input) {
  if (typeof input !== 'object' || input === null) return 'the body must be a JSON object';
  if (typeof input.image !== 'string' || input.image === '') return '"image" must be an image reference by digest';
  if (!Array.isArray(input.bundles)) return '"bundles" must be an array of Sigstore bundles';
  if (!input.bundles.every((b) => typeof b === 'object' && b !== null)) return 'every bundle must be a JSON object';
  return undefined;
}

// Errors verifyImage throws for the request (a failed verification is a denial, not an error; a policy
// set that does not parse is the server's fault: 500).
const INPUT_ERRORS = new Set(['USAGE', 'INPUT_INVALID', 'DIGEST_REQUIRED', 'REFERENCE_INVALID']);

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname !== '/may-run') return deny(404, 'NOT_FOUND', USAGE);
    if (request.method !== 'POST') return deny(405, 'METHOD', USAGE);
    let input;
    try {
      input = await request.json();
    } catch {
      return deny(400, 'BAD_REQUEST', `the body is not JSON; ${USAGE}`);
    }
    const problem = problemWith(input);
    if (problem) return deny(400, 'BAD_REQUEST', `${problem}; ${USAGE}`);
    try {
      const decision = await verifyImage(input.image, {
        policies: env.POLICIES,
        defaultTrustRoot: env.TRUSTED_ROOT, // undefined: the public-good root
        evidence: { bundles: input.bundles.map((b) => JSON.stringify(b)) },
      });
      const { allowed, summary, warnings, policies } = decision;
      return answer(200, { allowed, summary, warnings, policies });
    } catch (e) {
      const code = typeof e?.code === 'string' ? e.code : 'INTERNAL';
      return deny(INPUT_ERRORS.has(code) ? 400 : 500, code, String(e?.message ?? e));
    }
  },
};
