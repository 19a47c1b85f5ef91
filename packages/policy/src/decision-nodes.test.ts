// Decision node helpers (found by mutation testing): reasons kept on one trimmed line, checks as
// leaf nodes of kind "check", and no checks as no nodes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkNodes, node, oneLine } from './decision.ts';

test('a reason is one line: inner line breaks become "; ", the ends are trimmed', () => {
  assert.equal(oneLine('  first\n  second \r\n third  '), 'first; second; third');
  assert.equal(node('authority', 'a', 'fail', '  rekor:\n  entry not found  ').reason, 'rekor:; entry not found');
});

test('checks become leaf nodes of kind "check", with their code when they have one', () => {
  assert.deepEqual(
    checkNodes([
      { name: 'signature', status: 'pass', reason: 'verifies' },
      { name: 'identity', status: 'fail', reason: 'no identity\nmatched', code: 'IDENTITY' },
    ]),
    [
      { kind: 'check', name: 'signature', status: 'pass', reason: 'verifies', children: [] },
      {
        kind: 'check',
        name: 'identity',
        status: 'fail',
        reason: 'no identity; matched',
        children: [],
        code: 'IDENTITY',
      },
    ],
  );
  assert.deepEqual(checkNodes(undefined), []);
  assert.deepEqual(checkNodes([]), []);
});
