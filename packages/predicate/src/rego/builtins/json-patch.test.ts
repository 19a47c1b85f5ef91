// json.patch against cases of OPA's own test file (open-policy-agent/opa
// v1/test/cases/testdata/v1/jsonpatch/json-patch-tests.yaml: RFC 6902 appendix A and the
// json-patch test suite it embeds); `error` cases are undefined in OPA, as here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RegoSet, type RegoValue } from '../exact-json.ts';
import { HOST_BUILTINS } from './index.ts';

function patch(doc: RegoValue, ops: RegoValue): RegoValue | 'undefined' {
  try {
    return HOST_BUILTINS['json.patch']!([doc, ops], { nowNs: 0n }) ?? 'undefined';
  } catch {
    return 'undefined';
  }
}

const CASES: [string, RegoValue, RegoValue[], RegoValue | 'undefined'][] = [
  ['4.1 add with missing object', { q: { bar: 2 } }, [{ op: 'add', path: '/a/b', value: 1 }], 'undefined'],
  ['A.1', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }], { baz: 'qux', foo: 'bar' }],
  ['A.2', { foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }], { foo: ['bar', 'qux', 'baz'] }],
  ['A.3', { baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }], { foo: 'bar' }],
  ['A.4', { foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }], { foo: ['bar', 'baz'] }],
  ['A.5', { baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }], { baz: 'boo', foo: 'bar' }],
  [
    'A.6',
    { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
    [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
    { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
  ],
  [
    'A.7',
    { foo: ['all', 'grass', 'cows', 'eat'] },
    [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
    { foo: ['all', 'cows', 'eat', 'grass'] },
  ],
  [
    'A.8',
    { baz: 'qux', foo: ['a', 2, 'c'] },
    [
      { op: 'test', path: '/baz', value: 'qux' },
      { op: 'test', path: '/foo/1', value: 2 },
    ],
    { baz: 'qux', foo: ['a', 2, 'c'] },
  ],
  ['A.9', { baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }], 'undefined'],
  ['A.11', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }], { foo: 'bar', baz: 'qux' }],
  ['A.12', { foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }], 'undefined'],
  ['A.14', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: 10 }], { '/': 9, '~1': 10 }],
  ['A.15', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: '10' }], 'undefined'],
  ['A.16', { foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }], { foo: ['bar', ['abc', 'def']] }],
  ['replace object with array', {}, [{ op: 'add', path: '', value: [] }], []],
  ['append to root array', [], [{ op: 'add', path: '/-', value: 'hi' }], ['hi']],
  ['Add, / target', {}, [{ op: 'add', path: '/', value: 1 }], { '': 1 }],
  ['trailing slash', { foo: {} }, [{ op: 'add', path: '/foo/', value: 1 }], { foo: { '': 1 } }],
  [
    'into composite',
    { foo: 1, baz: [{ qux: 'hello' }] },
    [{ op: 'add', path: '/baz/0/foo', value: 'world' }],
    { foo: 1, baz: [{ qux: 'hello', foo: 'world' }] },
  ],
  ['out of bounds (upper)', { bar: [1, 2] }, [{ op: 'add', path: '/bar/8', value: '5' }], 'undefined'],
  ['out of bounds (lower)', { bar: [1, 2] }, [{ op: 'add', path: '/bar/-1', value: '5' }], 'undefined'],
  ['0 as object name', { foo: 1 }, [{ op: 'add', path: '/0', value: 'bar' }], { foo: 1, 0: 'bar' }],
  ['push via last index + 1', ['foo', 'sil'], [{ op: 'add', path: '/2', value: 'bar' }], ['foo', 'sil', 'bar']],
  ['index > length', ['foo', 'sil'], [{ op: 'add', path: '/3', value: 'bar' }], 'undefined'],
  ['1e0 object key', { '1e0': 'foo' }, [{ op: 'test', path: '/1e0', value: 'foo' }], { '1e0': 'foo' }],
  ['1e0 array index', ['foo', 'bar'], [{ op: 'test', path: '/1e0', value: 'bar' }], 'undefined'],
  ['object op on array', ['foo', 'sil'], [{ op: 'add', path: '/bar', value: 42 }], 'undefined'],
  ['remove nested', { foo: 1, baz: [{ qux: 'hello' }] }, [{ op: 'remove', path: '/baz/0/qux' }], { foo: 1, baz: [{}] }],
  ['replace whole document', { foo: 'bar' }, [{ op: 'replace', path: '', value: { baz: 'qux' } }], { baz: 'qux' }],
  ['replace with missing parent', { bar: 'baz' }, [{ op: 'replace', path: '/foo/bar', value: false }], 'undefined'],
  ['test null', { foo: null }, [{ op: 'test', path: '/foo', value: null }], { foo: null }],
];

test("json.patch: RFC 6902 cases from OPA's json-patch-tests.yaml", () => {
  for (const [name, doc, ops, want] of CASES) assert.deepEqual(patch(doc, ops), want, name);
});

test('json.patch: sets, array paths, copy, and malformed operations', () => {
  // Sets: add needs the key to equal the value; remove deletes the member (OPA's jsonPatchAdd/Remove).
  const s = patch({ a: new RegoSet(['x']) }, [{ op: 'add', path: ['a', 'y'], value: 'y' }]) as { a: RegoSet };
  assert.deepEqual([...s.a.items].sort(), ['x', 'y']);
  assert.equal(patch({ a: new RegoSet(['x']) }, [{ op: 'add', path: ['a', 'y'], value: 'z' }]), 'undefined');
  assert.deepEqual(
    (patch({ a: new RegoSet(['x', 'y']) }, [{ op: 'remove', path: '/a/x' }]) as { a: RegoSet }).a.items,
    ['y'],
  );
  assert.deepEqual(patch({ a: [1, 2] }, [{ op: 'copy', from: ['a', 0], path: ['b'] }]), { a: [1, 2], b: 1 });
  assert.equal(patch({ a: [1, 2] }, [{ op: 'copy', from: '/c', path: '/b' }]), 'undefined');
  assert.equal(
    patch({}, [
      { op: 'add', path: '/01x', value: 1 },
      { op: 'test', path: '/01x', value: 2 },
    ]),
    'undefined',
  );
  assert.equal(patch(['a', 'b'], [{ op: 'remove', path: '/01' }]), 'undefined'); // leading zero
  // Malformed: missing attributes, unknown op, non-object patch, a set of patches (errors in OPA).
  assert.equal(patch({}, [{ path: '/a' }]), 'undefined');
  assert.equal(patch({}, [{ op: 'add', path: '/a' }]), 'undefined');
  assert.equal(patch({}, [{ op: 'frobnicate', path: '/a' }]), 'undefined');
  assert.equal(patch({}, ['add']), 'undefined');
  assert.equal(patch({}, new RegoSet([])), 'undefined');
});
