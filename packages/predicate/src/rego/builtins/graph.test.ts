// graph.reachable_paths against OPA's own test cases (open-policy-agent/opa
// v1/test/cases/testdata/v1/reachable/test-reachable-paths-0422.yaml and -1022.yaml).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RegoSet, type RegoValue } from '../exact-json.ts';
import { HOST_BUILTINS } from './index.ts';

function paths(graph: RegoValue, initial: RegoValue): string[] | 'undefined' {
  try {
    const v = HOST_BUILTINS['graph.reachable_paths']!([graph, initial], { nowNs: 0n });
    assert.ok(v instanceof RegoSet);
    return v.items.map((p) => (p as string[]).join('>')).sort();
  } catch {
    return 'undefined';
  }
}
const set = (...xs: RegoValue[]) => new RegoSet(xs);

test('graph.reachable_paths: OPA test cases', () => {
  // test-reachable-paths-0422.yaml
  assert.deepEqual(paths({}, set('a')), []);
  assert.deepEqual(paths({ a: set('b'), b: set('c'), c: set('a') }, set('a')), ['a>b>c']);
  const components = { a: set('b', 'c'), b: set('d'), c: set('d'), d: set(), e: set('f'), f: set('e'), x: set('x') };
  assert.deepEqual(paths(components, set('b', 'e')), ['b>d', 'e>f']);
  assert.deepEqual(paths({ a: ['b'], b: ['c'], c: ['a'] }, ['a']), ['a>b>c']);
  assert.equal(paths(1, [1]), 'undefined');
  assert.deepEqual(paths({ a: null }, ['a']), ['a']);
  assert.equal(paths({ a: [] }, 'a'), 'undefined');
  assert.deepEqual(paths({ a: ['b', 'c'], b: ['c'], c: [] }, set('a')), ['a>b>c', 'a>c']);
  assert.deepEqual(paths({ 1: [], 2: ['1'], 3: ['2'], 4: ['3', '2'], 5: ['4'] }, ['5']), ['5>4>2>1', '5>4>3>2>1']);
  assert.deepEqual(paths({ a: ['b'], b: ['nonexistent'] }, set('a', 'b')), ['a>b', 'b']);
  // test-reachable-paths-1022.yaml (cycle_1022_1 and _3)
  const g1 = {
    one: ['two', 'five'],
    two: ['four'],
    three: [''],
    four: ['three'],
    five: ['seven', 'six'],
    six: ['nine'],
    seven: ['eight'],
    eight: [''],
    nine: [''],
  };
  assert.deepEqual(paths(g1, set('one')), ['one>five>seven>eight', 'one>five>six>nine', 'one>two>four>three']);
  const g3 = { ...g1, six: ['nine', 'seven'], eight: ['three'] };
  assert.deepEqual(paths(g3, set('one')), [
    'one>five>seven>eight>three',
    'one>five>six>nine',
    'one>five>six>seven>eight>three',
    'one>two>four>three',
  ]);
});
