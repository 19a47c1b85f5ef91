// parseExactJSON: integers beyond 2^53 stay exact (bigint) whichever way the text is read; text
// without a 16-digit run takes the plain JSON.parse path, and must read the same.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseExactJSON } from './exact-json.ts';

test('integers beyond 2^53 become bigint, everything else plain numbers', () => {
  assert.deepEqual(parseExactJSON('{"ns":1796439600123456789,"n":-9007199254740993,"safe":9007199254740991}'), {
    ns: 1796439600123456789n,
    n: -9007199254740993n,
    safe: 9007199254740991,
  });
  // A long digit run inside a string or a fraction takes the exact path and reads as plain JSON does.
  const mixed = '{"digest":"1234567890123456789","f":0.12345678901234567,"e":1e300,"i":[1,-2,3.5]}';
  assert.deepEqual(parseExactJSON(mixed), JSON.parse(mixed));
  // Short numbers only: the plain path.
  assert.deepEqual(parseExactJSON('[{"result":true,"n":123456789012345}]'), [{ result: true, n: 123456789012345 }]);
});
