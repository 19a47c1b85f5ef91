// One verifyImage case, run the same way in Node and in the workerd Worker (worker.mjs) so the test
// compares like with like. input: an ImageCase (image-cases.ts). The answer is the decision as JSON,
// or the error verifyImage threw (its code and message).
export async function decideImage(verifyImage, input) {
  try {
    const decision = await verifyImage(input.ref, {
      policies: input.policies,
      evidence: { bundles: input.bundles },
      defaultTrustRoot: input.defaultTrustRoot,
      now: new Date(input.now),
      cache: false,
    });
    return JSON.parse(JSON.stringify(decision));
  } catch (e) {
    return { thrown: { code: e?.code ?? null, message: String(e?.message ?? e) } };
  }
}
