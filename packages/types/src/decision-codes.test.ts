// docs/decisions.md lists the codes a decision node can carry; PolicyDecisionCode is the same list.
// `satisfies Record<PolicyDecisionCode, true>` makes tsc reject a code missing here or unknown to the
// union; the test makes the doc agree with this list.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
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

const docs = new URL('../../../docs/', import.meta.url);

/** The codes of the table under "## Codes": the first code in each row's first cell. */
function documentedCodes(): string[] {
  const text = readFileSync(new URL('decisions.md', docs), 'utf8');
  const section = text.split('\n## Codes\n')[1]?.split('\n## ')[0] ?? '';
  const rows = section.split('\n').filter((l) => /^\| `[A-Z_]+`/.test(l));
  return rows.map((l) => /^\| `([A-Z_]+)`/.exec(l)![1]!);
}

test('docs/decisions.md lists exactly the codes of PolicyDecisionCode', () => {
  const documented = documentedCodes();
  assert.ok(documented.length > 10, `the Codes table of docs/decisions.md was not found (${documented.length} rows)`);
  assert.deepEqual([...documented].sort(), Object.keys(POLICY_DECISION_CODES).sort());
});

test('every code the policy evaluation writes into a node is a PolicyDecisionCode', () => {
  const dir = new URL('../../policy/src/', import.meta.url);
  const files = ['evaluate.ts', 'evaluate-authority.ts', 'evaluate-cip-policy.ts', 'predicate-runner.ts'];
  const known = new Set(Object.keys(POLICY_DECISION_CODES));
  // Passed through from @sigguard/predicate when the predicate runner has no verdict: documented as such.
  const passedThrough = new Set(['POLICY_INVALID', 'POLICY_SOURCE', 'PAYLOAD_INVALID']);
  for (const f of files) {
    const text = readFileSync(new URL(f, dir), 'utf8');
    for (const m of text.matchAll(/'([A-Z][A-Z_]{3,})'/g)) {
      const code = m[1]!;
      assert.ok(known.has(code) || passedThrough.has(code), `${f} writes code ${code}, which PolicyDecisionCode lacks`);
    }
  }
});
