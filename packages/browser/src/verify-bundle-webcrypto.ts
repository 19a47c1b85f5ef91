// verifyBundle for browsers: the same synchronous verification (@sigguard/verify on the shims), with the
// signature checks WebCrypto can make done by WebCrypto. Two runs (shims/verdicts.ts): the first collects the
// checks while its verdicts are speculative (@sigguard/verify keeps none of them) and its result is dropped;
// WebCrypto then checks them all; the second run is the verification, using those verdicts for exactly those
// inputs and the shims for everything else. So the answer is the shims' (and Node's) answer, only sooner.
import { speculatively, verifyBundleSync } from '@sigguard/verify';
import type { BundleVerification, VerifyBundleOptions } from '@sigguard/verify';
import { recordChecks, replayChecks } from './shims/verdicts.ts';
import { webCryptoVerdicts } from './shims/webcrypto.ts';

type Input = Parameters<typeof verifyBundleSync>[0];

/** Verify one Sigstore bundle, with WebCrypto where it is faster. Resolves (never rejects), like verifyBundleSync. */
export async function verifyBundle(input: Input, options: VerifyBundleOptions): Promise<BundleVerification> {
  const { requests } = recordChecks(() => speculatively(() => verifyBundleSync(input, options)));
  const verdicts = requests.length > 0 ? await webCryptoVerdicts(requests) : [];
  return replayChecks(requests, verdicts, () => verifyBundleSync(input, options));
}
