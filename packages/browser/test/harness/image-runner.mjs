// One verifyImage case, run unchanged in Node and in the page: `api` is sigguard's public API (Node's
// entry, or the browser bundle) plus `openLayout(layoutInput)` (Node: the directory reader; the page:
// in-memory Files). The answer is the decision as JSON, or the error's code and message.
const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/**
 * input: { ref, policies (YAML), trustedRoot (JSON text), bundles?, layout?, registry?, rego? } where
 * rego = { source, bundle (base64 bundle.tar.gz) }: Rego source is compiled by handing out the bundle a
 * real OPA built from exactly that source (there is no OPA compiler in a browser).
 */
export async function verifyImageCase(api, input) {
  const evidence = {};
  if (input.bundles) evidence.bundles = input.bundles;
  if (input.layout) evidence.layout = await api.openLayout(input.layout);
  const options = { policies: input.policies, defaultTrustRoot: input.trustedRoot, evidence, cache: false };
  if (input.registry) options.registry = { retries: 0 };
  if (input.rego) {
    const compiled = fromBase64(input.rego.bundle);
    options.predicate = {
      regoCompiler: async (source) => {
        if (source.trim() !== input.rego.source.trim()) throw new Error('no OPA-built bundle for this Rego source');
        return compiled;
      },
    };
  }
  try {
    const decision = await api.verifyImage(input.ref, options);
    return { decision: JSON.parse(JSON.stringify(decision)) };
  } catch (e) {
    return { error: e.code ?? e.name, message: e.message };
  }
}
