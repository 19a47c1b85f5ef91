// docs/decisions.md lists the codes a decision node can carry; PolicyDecisionCode is the same list.
// `satisfies Record<PolicyDecisionCode, true>` makes tsc reject a code missing here or unknown to the
// union; the test makes the doc agree with this list (policy's decision-codes.test.ts holds the code it writes
// to the doc).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { documentedDecisionCodes } from '@sigguard/test-vectors/support/docs';
import type { PolicyDecisionCode } from './index.ts';

const POLICY_DECISION_CODES = {
  NO_AUTHORITY_PASSED: true,
  TOO_FEW_AUTHORITIES: true,
  TOO_FEW_SIGNERS: true,
  NO_AUTHORITIES: true,
  POLICY_FAILED: true,
  ATTESTATION_FAILED: true,
  RESOURCE_MISSING: true,
  CONFIG_UNAVAILABLE: true,
  POLICY_UNUSABLE: true,
  INTERNAL: true,
  STATIC_FAIL: true,
  NO_SIGNATURES: true,
  NO_MATCHING_SIGNATURES: true,
  UNVERIFIED: true,
  NO_MATCHING_ATTESTATIONS: true,
  UNSUPPORTED: true,
  VERIFIER_ERROR: true,
  TIMEOUT: true,
} satisfies Record<PolicyDecisionCode, true>;

test('docs/decisions.md lists exactly the codes of PolicyDecisionCode', () => {
  const documented = documentedDecisionCodes();
  assert.ok(documented.length > 10, `the Codes table of docs/decisions.md was not found (${documented.length} rows)`);
  assert.deepEqual([...documented].sort(), Object.keys(POLICY_DECISION_CODES).sort());
});
