// The codes the policy evaluation writes into decision nodes are the documented ones: docs/decisions.md's
// Codes table, which @sigguard/types' decision-codes.test.ts holds equal to PolicyDecisionCode.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { documentedDecisionCodes } from '@sigguard/test-vectors/support/docs';

test('every code the policy evaluation writes into a node is a PolicyDecisionCode', () => {
  const files = ['evaluate.ts', 'evaluate-authority.ts', 'evaluate-cip-policy.ts', 'predicate-runner.ts'];
  const known = new Set(documentedDecisionCodes());
  assert.ok(known.size > 10, `the Codes table of docs/decisions.md was not found (${known.size} codes)`);
  // Passed through from @sigguard/predicate when the predicate runner has no verdict: documented as such.
  const passedThrough = new Set(['POLICY_INVALID', 'POLICY_SOURCE', 'PAYLOAD_INVALID']);
  for (const f of files) {
    const text = readFileSync(new URL(f, import.meta.url), 'utf8');
    for (const m of text.matchAll(/'([A-Z][A-Z_]{3,})'/g)) {
      const code = m[1]!;
      assert.ok(known.has(code) || passedThrough.has(code), `${f} writes code ${code}, which PolicyDecisionCode lacks`);
    }
  }
});
