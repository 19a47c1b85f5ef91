// evaluateStatementPolicy (a statement already parsed from the verified payload) answers exactly as
// evaluateAttestationPolicy does for a DSSE envelope carrying that statement's JSON: same verdicts, reasons,
// codes and limits, and the statement is left as it was.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_NESTING_DEPTH } from '@sigguard/input-limits';
import { evaluateAttestationPolicy, evaluateStatementPolicy } from './evaluate-attestation.ts';
import type { EvaluateOptions, PredicatePolicy } from './evaluate.ts';
import { TEST_DOUBLE_WASM } from './rego/testdata/double.ts';
import { envelopeOf } from './testdata/shared-vectors.ts';

const statement = {
  _type: 'https://in-toto.io/Statement/v1',
  predicateType: 'https://cyclonedx.org/bom',
  subject: [{ name: 'app', digest: { sha256: 'aa'.repeat(32) } }],
  predicate: { bomFormat: 'CycloneDX', components: [{ name: 'left-pad', version: '1.3.0' }] },
};
const cue = (data: string): PredicatePolicy => ({ type: 'cue', data });

function nested(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

const cases: [string, PredicatePolicy, object, string, EvaluateOptions?][] = [
  ['a pass', cue('predicate: bomFormat: "CycloneDX"'), statement, 'cyclonedx'],
  ['a CUE failure', cue('predicate: bomFormat: "SPDX"'), statement, 'cyclonedx'],
  ['a policy that does not compile', cue('predicate: {'), statement, 'cyclonedx'],
  ['another predicate type', cue('predicate: _'), statement, 'spdxjson'],
  ['a Rego policy', { type: 'rego', wasm: TEST_DOUBLE_WASM }, statement, 'cyclonedx'],
  // A statement with top-level envelope-like fields is still judged as a statement.
  ['envelope-like fields', cue('payload: "x"'), { ...statement, payload: 'x', dsseEnvelope: {} }, 'cyclonedx'],
  ['a field of the wrong Go type', cue('predicate: _'), { ...statement, predicateType: 5 }, 'cyclonedx'],
  ['a subject of the wrong Go type', cue('predicate: _'), { ...statement, subject: 'app' }, 'cyclonedx'],
  [
    'over the size limit (multi-byte UTF-8)',
    cue('predicate: _'),
    { ...statement, predicate: { pad: 'é'.repeat(1200) } },
    'cyclonedx',
    { limits: { maxInputBytes: 2000 } },
  ],
  [
    'just under the size limit',
    cue('predicate: _'),
    { ...statement, predicate: { pad: 'é'.repeat(700) } },
    'cyclonedx',
    { limits: { maxInputBytes: 2000 } },
  ],
  ['nested too deeply', cue('predicate: _'), { ...statement, predicate: nested(MAX_NESTING_DEPTH + 5) }, 'cyclonedx'],
];

for (const [what, policy, doc, name, options] of cases) {
  test(`${what}: the same answer as for the envelope carrying the statement`, async () => {
    const before = structuredClone(doc);
    const { durationMs: _a, ...viaEnvelope } = await evaluateAttestationPolicy(policy, envelopeOf(doc), name, options);
    const { durationMs: _b, ...direct } = await evaluateStatementPolicy(policy, doc, name, options);
    assert.deepEqual(direct, viaEnvelope);
    assert.deepEqual(doc, before, 'the statement is only read');
  });
}

test('the cases above cover passes, denials, unmatched types and each error code', async () => {
  const seen = new Set<string>();
  for (const [, policy, doc, name, options] of cases) {
    const r = await evaluateStatementPolicy(policy, doc, name, options);
    seen.add(r.ok ? 'pass' : !r.matched && !r.code ? 'unmatched' : (r.code ?? 'denied'));
  }
  assert.deepEqual([...seen].sort(), [
    'INPUT_TOO_LARGE',
    'PAYLOAD_INVALID',
    'PREDICATE_POLICY_INVALID',
    'denied',
    'pass',
    'unmatched',
  ]);
});
