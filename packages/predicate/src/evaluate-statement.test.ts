// evaluateStatementPolicy (a statement already parsed from the verified payload) answers exactly as
// evaluateAttestationPolicy does for a DSSE envelope carrying that statement's JSON: same verdicts, reasons,
// codes and limits, and the statement is left as it was.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_NESTING_DEPTH } from '@sigguard/input-limits';
import { clearCueVerdictMemo, cueVerdictMemoSize, cueVerdictMemoStats } from './cue/verdict-memo.ts';
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

test('a statement seen before is answered from the CUE memo by its text, as the full evaluation answered', async () => {
  clearCueVerdictMemo();
  const policy = cue('predicate: bomFormat: "CycloneDX"');
  const { durationMs: _a, ...first } = await evaluateStatementPolicy(policy, statement, 'cyclonedx');
  assert.deepEqual([cueVerdictMemoStats.hits, cueVerdictMemoSize().entries], [0, 1]);
  // Another object with the same JSON: the same key.
  const { durationMs: _b, ...again } = await evaluateStatementPolicy(policy, structuredClone(statement), 'cyclonedx');
  assert.equal(cueVerdictMemoStats.hits, 1);
  assert.deepEqual(again, first);
  assert.equal(again.ok, true, again.reason);
  // The predicate type name is part of the key (it chooses the shape), and so is any change of the text.
  await evaluateStatementPolicy(policy, statement, 'https://cyclonedx.org/bom');
  await evaluateStatementPolicy(policy, { ...statement, extra: 1 }, 'cyclonedx');
  assert.deepEqual([cueVerdictMemoStats.hits, cueVerdictMemoSize().entries], [1, 3]);
});

test('a statement that reads differently each time leaves no verdict kept under a text it was not judged on', async () => {
  clearCueVerdictMemo();
  const policy = cue('"_type": "read-2"');
  // A caller's object whose _type changes on every read (serialising it and shaping it read it again).
  let reads = 0;
  const shifting = {
    ...statement,
    get _type() {
      reads++;
      return `read-${reads}`;
    },
  };
  await evaluateStatementPolicy(policy, shifting, 'cyclonedx');
  const seen = Array.from({ length: reads }, (_, i) => ({ ...statement, _type: `read-${i + 1}` }));
  // For every text it could have been kept under, the memo answers what a fresh evaluation of that text answers.
  const remembered = [];
  for (const doc of seen) remembered.push((await evaluateStatementPolicy(policy, doc, 'cyclonedx')).ok);
  clearCueVerdictMemo();
  const fresh = [];
  for (const doc of seen) fresh.push((await evaluateStatementPolicy(policy, doc, 'cyclonedx')).ok);
  assert.deepEqual(remembered, fresh);
  assert.ok(fresh.includes(true) && fresh.includes(false), `readings ${reads}: both verdicts are possible`);
});
