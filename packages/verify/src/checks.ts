// The explanation contract every package reuses: one Check per decision step.

export type { Check, CheckStatus } from '@sigguard/types';

/** Names of the checks verifyBundle() reports, in evaluation order. */
export const CHECK_NAMES = [
  'bundle',
  'trust-root',
  'artifact',
  'timestamps',
  'transparency-log',
  'signing-key',
  'sct',
  'signature',
  'identity',
] as const;

export type CheckName = (typeof CHECK_NAMES)[number];
