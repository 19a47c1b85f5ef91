// test-isolation: process (checks which engines a fresh process has loaded)
// regexp-engine.ts' decisions the loading tests leave open: how deep usesGoRegExp looks, that a regexp
// field left undefined is no regexp, and that the engine getter names the field until an engine is there.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RE2JS } from 're2js';
import { RegExpEngineNotLoadedError } from './errors.ts';
import {
  goRegExpEngine,
  goRegExpEngineLoaded,
  installGoRegExpEngine,
  usesGoRegExp,
  withGoRegExpEngine,
} from './regexp-engine.ts';

const nested = (depth: number, inner: unknown, wrap: (v: unknown) => unknown = (v) => ({ a: v })) => {
  let v = inner;
  for (let i = 0; i < depth; i++) v = wrap(v);
  return v;
};

test('usesGoRegExp looks 64 levels deep, through objects and lists', () => {
  const field = { subjectRegExp: '.*' };
  assert.equal(usesGoRegExp(nested(64, field)), true);
  assert.equal(usesGoRegExp(nested(65, field)), false, 'deeper than any policy: not searched');
  assert.equal(usesGoRegExp(nested(64, field, (v) => [v])), true);
  assert.equal(usesGoRegExp(nested(65, field, (v) => [v])), false);
});

test('a regexp field counts when it holds any value, even empty, and not when undefined', () => {
  assert.equal(usesGoRegExp({ issuerRegExp: undefined, subjectRegExp: undefined, subject: 'a' }), false);
  assert.equal(usesGoRegExp({ issuerRegExp: '' }), true);
  assert.equal(usesGoRegExp({ subjectRegExp: null }), true, 'a null pattern is refused later, naming the field');
  assert.equal(usesGoRegExp({ issuer: { subjectRegExp: undefined }, list: [1, 'subjectRegExp'] }), false);
  assert.equal(usesGoRegExp([{ a: 1 }, { b: [{ issuerRegExp: 'x' }] }]), true, 'found after fields that are not');
});

test('the engine getter names the field until an engine is installed, then returns it', () => {
  assert.equal(goRegExpEngineLoaded(), false);
  assert.throws(
    () => goRegExpEngine('issuerRegExp'),
    (e: unknown) => e instanceof RegExpEngineNotLoadedError && /issuerRegExp/.test(e.message),
  );
  installGoRegExpEngine(RE2JS);
  assert.equal(goRegExpEngineLoaded(), true);
  assert.equal(goRegExpEngine('issuerRegExp'), RE2JS);
});

test('withGoRegExpEngine runs the work once when it fails for another reason than the engine', async () => {
  let runs = 0;
  await assert.rejects(
    withGoRegExpEngine(() => {
      runs++;
      throw new Error('not about the engine');
    }),
    /not about the engine/,
  );
  assert.equal(runs, 1, 'no load and second run for an error that loading cannot cure');
});
