// Issue 11 item 4: inputs nested deeper than `limits.maxDepth` (default 1000) are refused
// with a reason before anything recursive (JSON.stringify, the engines) sees them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateAttestationPolicy, evaluatePredicatePolicy } from './index.ts';

const nested = (n: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = [v];
  return v;
};
const statement = (predicate: unknown) => ({
  _type: 'https://in-toto.io/Statement/v1',
  subject: [],
  predicateType: 'https://example.com/p',
  predicate,
});
const policy = { type: 'cue' as const, data: 'predicateType: "https://example.com/p"' };

test('a statement 100,000 levels deep: PAYLOAD_INVALID naming the depth, as an object or as text', async () => {
  for (const input of [
    statement(nested(100_000)),
    `{"_type":"x","subject":[],"predicateType":"https://example.com/p","predicate":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
  ]) {
    const r = await evaluateAttestationPolicy(policy, input, 'https://example.com/p');
    assert.equal(r.ok, false);
    assert.equal(r.code, 'PAYLOAD_INVALID');
    assert.match(r.reason, /nested more than 1000 levels deep \(at \$\.predicate\[0\]/);
  }
});

test('a DSSE payload nested too deeply is refused the same way', async () => {
  const text = `{"_type":"x","subject":[],"predicateType":"https://example.com/p","predicate":${'['.repeat(5000)}${']'.repeat(5000)}}`;
  const envelope = {
    payloadType: 'application/vnd.in-toto+json',
    payload: Buffer.from(text).toString('base64'),
    signatures: [],
  };
  const r = await evaluateAttestationPolicy(policy, envelope, 'https://example.com/p');
  assert.equal(r.code, 'PAYLOAD_INVALID');
  assert.match(r.reason, /unmarshaling in-toto statement is nested more than 1000 levels deep/);
});

test('limits.maxDepth applies to the input document of evaluatePredicatePolicy', async () => {
  const r = await evaluatePredicatePolicy(policy, { a: nested(10) }, { limits: { maxDepth: 5 } });
  assert.equal(r.code, 'PAYLOAD_INVALID');
  assert.match(r.reason, /input document is nested more than 5 levels deep \(at \$\.a\[0\]\[0\]\[0\]\[0\]\)/);
});
