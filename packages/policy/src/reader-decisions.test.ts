// The strict YAML reader's decisions (mutation testing): null is absent, every wrong type is a
// problem worded like the API server's, every unknown field is named with its path.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Reader, join } from './reader.ts';

const typeProblem = (path: string, got: string, want: string) => ({
  message: `${path}: Invalid value: "${got}": must be of type ${want}`,
  paths: [],
});

test('null and absent are the same: no value, no problem', () => {
  const r = new Reader();
  for (const v of [undefined, null]) {
    assert.equal(r.object(v, 'spec', []), undefined);
    assert.equal(r.string(v, 'spec.a'), undefined);
    assert.equal(r.boolean(v, 'spec.b'), undefined);
    assert.equal(r.array(v, 'spec.c'), undefined);
    assert.equal(r.stringMap(v, 'spec.d'), undefined);
  }
  assert.deepEqual(r.problems, []);
});

test('values of the right type are returned as they are', () => {
  const r = new Reader();
  const obj = { name: 'n' };
  assert.equal(r.object(obj, 'spec', ['name']), obj);
  assert.equal(r.string('', 'spec.s'), '');
  assert.equal(r.boolean(false, 'spec.b'), false);
  const arr = [1];
  assert.equal(r.array(arr, 'spec.a'), arr);
  assert.deepEqual(r.stringMap({ a: 'x', b: null }, 'spec.m'), { a: 'x' });
  assert.deepEqual(r.problems, []);
});

test('a wrong type is a problem naming the path, what was found and what is wanted', () => {
  const r = new Reader();
  assert.equal(r.object('text', 'spec', []), undefined);
  assert.equal(r.object([1], 'spec.list', []), undefined);
  assert.equal(r.string(1, 'spec.n'), undefined);
  assert.equal(r.string(1.5, 'spec.f'), undefined);
  assert.equal(r.boolean('true', 'spec.b'), undefined);
  assert.equal(r.array({}, 'spec.a'), undefined);
  assert.equal(r.stringMap([], 'spec.m'), undefined);
  assert.equal(r.stringMap(true, 'spec.m2'), undefined);
  assert.deepEqual(r.stringMap({ ok: 'v', bad: 2 }, 'spec.labels'), { ok: 'v' });
  assert.deepEqual(r.problems, [
    typeProblem('spec', 'string', 'object'),
    typeProblem('spec.list', 'array', 'object'),
    typeProblem('spec.n', 'integer', 'string'),
    typeProblem('spec.f', 'number', 'string'),
    typeProblem('spec.b', 'string', 'boolean'),
    typeProblem('spec.a', 'object', 'array'),
    typeProblem('spec.m', 'array', 'object'),
    typeProblem('spec.m2', 'boolean', 'object'),
    typeProblem('spec.labels[bad]', 'integer', 'string'),
  ]);
});

test('every unknown field is a problem with its full path; known ones are not', () => {
  const r = new Reader();
  r.object({ type: 'cue', extra: 1, other: 2 }, 'spec.policy', ['type']);
  r.object({ x: 1 }, '', []);
  assert.deepEqual(r.problems, [
    { message: 'unknown field', paths: ['spec.policy.extra'] },
    { message: 'unknown field', paths: ['spec.policy.other'] },
    { message: 'unknown field', paths: ['x'] },
  ]);
});

test('add keeps every path given; join leaves a top-level key alone', () => {
  const r = new Reader();
  r.add('expected exactly one, got both', 'a.data', 'a.remote');
  assert.deepEqual(r.problems, [{ message: 'expected exactly one, got both', paths: ['a.data', 'a.remote'] }]);
  assert.equal(join('', 'spec'), 'spec');
  assert.equal(join('spec', 'policy'), 'spec.policy');
  assert.deepEqual(r.warnings, []);
});
