// json.marshal_with_options: OPA's own cases (open-policy-agent/opa v1/test/cases/testdata
// jsonbuiltins marshal_with_options-explicit-indent / -empty-object), and Go's MarshalIndent
// layout cross-checked against JSON.stringify (same layout when there is no prefix).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RegoSet, type RegoValue } from '../exact-json.ts';
import { HOST_BUILTINS } from './index.ts';

function marshal(v: RegoValue, opts: RegoValue): RegoValue | 'undefined' {
  try {
    return HOST_BUILTINS['json.marshal_with_options']!([v, opts], { nowNs: 0n }) ?? 'undefined';
  } catch {
    return 'undefined';
  }
}

test('json.marshal_with_options: OPA cases, defaults, prefix, pretty', () => {
  const nums = [1234567890, 2000000, 1000000000];
  assert.equal(marshal(nums, { indent: '  ' }), '[\n  1234567890,\n  2000000,\n  1000000000\n]');
  assert.equal(marshal(nums, {}), '[1234567890,2000000,1000000000]');
  const doc = { b: [1, { y: null, x: 'a<b' }], a: {}, c: [], d: new RegoSet([2, 1]) };
  const sorted = { a: {}, b: [1, { x: 'a<b', y: null }], c: [], d: [1, 2] };
  for (const indent of ['  ', '\t', '----']) {
    const want = JSON.stringify(sorted, null, indent).replace('<', '\\u003c');
    assert.equal(marshal(doc, { indent }), want);
    assert.equal(marshal(doc, { indent, pretty: true }), want);
  }
  // pretty alone indents with a tab; pretty false wins over indent/prefix.
  assert.equal(marshal({ a: 1 }, { pretty: true }), '{\n\t"a": 1\n}');
  assert.equal(marshal({ a: 1 }, { pretty: false, indent: '  ' }), '{"a":1}');
  // The prefix starts every line, the first one too.
  assert.equal(marshal({ a: [1] }, { prefix: '> ', indent: ' ' }), '> {\n>  "a": [\n>   1\n>  ]\n> }');
  assert.equal(marshal({ a: 1 }, { colour: true }), 'undefined');
  assert.equal(marshal({ a: 1 }, { pretty: 'yes' }), 'undefined');
  assert.equal(marshal({ a: 1 }, { indent: 2 }), 'undefined');
});
