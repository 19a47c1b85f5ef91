import assert from 'node:assert/strict';
import { test } from 'node:test';
import { depthProblem, MAX_NESTING_DEPTH, tooDeepAt } from './index.ts';

const nested = (n: number, leaf: unknown = 1): unknown => {
  let v = leaf;
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

test('depth is counted in containers: exactly max passes, one more is refused with its path', () => {
  assert.equal(tooDeepAt(nested(3), 3), undefined);
  assert.equal(tooDeepAt(nested(4), 3), '$[0].a[0]');
  assert.equal(tooDeepAt({ a: 1, b: [1, 2, { c: 'x' }] }, 2), '$.b[2]');
  assert.equal(tooDeepAt('scalar', 0), undefined);
  assert.equal(tooDeepAt({}, 0), '$');
});

test('a document 100,000 levels deep: a clear sentence, no stack overflow', () => {
  const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
  const p = depthProblem(deep, 'statement');
  assert.match(
    p ?? '',
    new RegExp(`^statement is nested more than ${MAX_NESTING_DEPTH} levels deep \\(at \\$\\[0\\]\\[0\\].*…\\)$`),
  );
  assert.ok((p ?? '').length < 200, 'the path is shortened');
  assert.equal(depthProblem(nested(MAX_NESTING_DEPTH), 'x'), undefined);
});

test('a cycle (YAML can make one with an anchor) is refused as too deep, not looped on', () => {
  const a: unknown[] = [];
  a.push(a);
  assert.match(depthProblem(a, 'doc', 10) ?? '', /more than 10 levels/);
});
