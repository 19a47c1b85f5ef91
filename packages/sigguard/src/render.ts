// The CLI's human rendering of a decision, for tools built on verifyImage(): re-exported so a
// project depending only on `sigguard` can print a decision tree without @sigguard/policy.
export { renderDecision, type RenderOptions } from '@sigguard/policy';
