import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interpretResultSet, REGO_QUERY } from './rego-result.ts';

const NOT = `policy is not compliant for query '${REGO_QUERY}'`;

test('boolean true passes; false, undefined and other shapes are not compliant', () => {
  assert.deepEqual(interpretResultSet([{ result: true }]), { errors: [] });
  assert.equal(interpretResultSet([{ result: false }]).error, NOT);
  assert.equal(interpretResultSet([]).error, NOT, 'undefined isCompliant');
  assert.equal(interpretResultSet(undefined).error, NOT);
  // A complete rule returning one object is neither a bool nor a set: not compliant (as in cosign).
  assert.equal(interpretResultSet([{ result: { result: true, error: '', warning: '' } }]).error, NOT);
  assert.equal(interpretResultSet([{ result: 'true' }]).error, NOT);
});

test('a set of {result, error, warning}: the first result true decides; errors and warnings surface', () => {
  assert.deepEqual(interpretResultSet([{ result: [{ result: true, error: '', warning: '' }] }]), { errors: [] });
  assert.deepEqual(
    interpretResultSet([
      {
        result: [
          { result: false, error: 'too old', warning: '' },
          { result: false, error: 'unsigned', warning: '' },
        ],
      },
    ]),
    {
      error: `${NOT} with errors: unsigned`,
      errors: ['too old', 'unsigned'],
    },
  );
  assert.deepEqual(
    interpretResultSet([
      {
        result: [
          { result: false, error: 'e1', warning: '' },
          { result: true, error: '', warning: 'w' },
        ],
      },
    ]),
    {
      warning: 'w',
      errors: ['e1'],
    },
  );
  assert.equal(interpretResultSet([{ result: [] }]).error, NOT);
  assert.match(interpretResultSet([{ result: [{ result: 'yes' }] }]).error!, /wrong types/);
  assert.match(interpretResultSet([{ result: [42] }]).error!, /not an object/);
});
