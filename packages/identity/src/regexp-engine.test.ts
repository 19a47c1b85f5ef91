// test-isolation: process (checks which engines a fresh process has loaded)
// The runtime-agnostic entry (index.ts) loads re2js only when asked: compiling a regexp before that is a
// clear error, never a silent non-match; withGoRegExpEngine loads the engine and redoes the work once.
// (Node callers get index-node.ts, which loads it on the first regexp; the other tests of this package use that.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compileGoRegExp,
  compileIdentities,
  goRegExpEngineLoaded,
  loadGoRegExpEngine,
  RegExpEngineNotLoadedError,
  usesGoRegExp,
  withGoRegExpEngine,
} from './index.ts';

test('before loading: exact identities compile, regexps fail naming the field', async () => {
  assert.equal(goRegExpEngineLoaded(), false);
  const exact = compileIdentities([{ issuer: 'https://accounts.example', subject: 'a@example.com' }]);
  assert.ok(exact, 'exact identities need no regexp engine');
  assert.throws(
    () => compileIdentities([{ issuer: 'https://accounts.example', subjectRegExp: '^a@' }]),
    (e: unknown) =>
      e instanceof RegExpEngineNotLoadedError &&
      e.code === 'REGEXP_ENGINE_NOT_LOADED' &&
      /subjectRegExp/.test(e.message),
  );
  assert.throws(() => compileGoRegExp('a+'), RegExpEngineNotLoadedError);
});

test('usesGoRegExp finds regexp fields at any depth, and only those', () => {
  assert.equal(usesGoRegExp([{ issuer: 'x', subject: 'y' }]), false);
  assert.equal(
    usesGoRegExp({ spec: { authorities: [{ keyless: { identities: [{ issuer: 'x', subjectRegExp: '.*' }] } }] } }),
    true,
  );
  assert.equal(usesGoRegExp([{ issuerRegExp: '^x$', subject: 'y' }]), true);
  assert.equal(usesGoRegExp('subjectRegExp'), false);
  assert.equal(usesGoRegExp(null), false);
});

test('withGoRegExpEngine loads the engine and runs the work again; other errors pass through', async () => {
  let runs = 0;
  const matcher = await withGoRegExpEngine(() => {
    runs++;
    return compileIdentities([{ issuer: 'https://accounts.example', subjectRegExp: '^a@example\\.com$' }]);
  });
  assert.equal(runs, 2, 'first run failed on the missing engine, second succeeded');
  assert.equal(goRegExpEngineLoaded(), true);
  assert.equal(compileGoRegExp('^a+$').test('aaa'), true);
  assert.equal(compileGoRegExp('(?i)^A$').test('a'), true);
  await assert.rejects(
    withGoRegExpEngine(() => compileGoRegExp('(?=a)')),
    (e: Error & { code?: string }) => e.code === 'POLICY_INVALID',
  );
  await loadGoRegExpEngine(); // idempotent
  assert.ok(matcher);
});
