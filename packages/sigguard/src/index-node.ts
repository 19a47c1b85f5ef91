// The Node entry of sigguard (export condition "node"): the same API as index.ts, except that
// verifyImage() evaluates CUE/Rego policies in a worker that is stopped at the engine limits
// (time, start-up, memory), unless the caller chose an evaluator or a predicate runner itself.
// Browsers and edge runtimes get index.ts, where the engines run on the calling thread.
// The worker only changes where an engine runs, not what it answers: decisions are cached as on other runtimes.
import { sharedWorkerEvaluator } from '@sigguard/predicate/node';
import { verifyImageOnRuntime, type ImageDecision, type VerifyImageOptions } from './verify-image.ts';

export * from './index.ts';

export function verifyImage(ref: string, options: VerifyImageOptions): Promise<ImageDecision> {
  return verifyImageOnRuntime(ref, options, { evaluator: sharedWorkerEvaluator() });
}
