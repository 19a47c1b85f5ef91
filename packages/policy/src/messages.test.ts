// Messages and time limits shared by evaluation: errors from verifiers and engines are untrusted
// values; a limit that is not set must not fire, and a limit that was met must not keep a timer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EvaluationTimeoutError } from './errors.ts';
import { errorCode, errorMessage, withTimeout } from './messages.ts';
import { PolicyError } from './errors.ts';
import { parsePolicyDocuments } from './parse.ts';

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
const pendingTimers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

test('errorMessage: the code of an error is appended once; other thrown values as text', () => {
  assert.equal(
    errorMessage(Object.assign(new Error('registry said no'), { code: 'E_AUTH' })),
    'registry said no [E_AUTH]',
  );
  assert.equal(errorMessage(Object.assign(new Error('plain'), { code: '' })), 'plain');
  assert.equal(errorMessage(Object.assign(new Error('numeric'), { code: 3 })), 'numeric');
  assert.equal(errorMessage('a string was thrown'), 'a string was thrown');
  assert.equal(errorMessage({ message: 'not an Error', code: 'X' }), '[object Object]');
});

test('errorCode: only string codes, from any thrown value including null', () => {
  assert.equal(errorCode(Object.assign(new Error('x'), { code: 'TIMEOUT' })), 'TIMEOUT');
  assert.equal(errorCode(Object.assign(new Error('x'), { code: 7 })), undefined);
  assert.equal(errorCode(null), undefined);
  assert.equal(errorCode(undefined), undefined);
});

test('withTimeout: no limit means none, even for slow work', async () => {
  assert.equal(await withTimeout(later(30, 'done'), undefined, 'work'), 'done');
});

test('withTimeout: over the limit rejects with TIMEOUT naming the work; within it leaves no timer behind', async () => {
  await assert.rejects(
    withTimeout(later(200, 'late'), 10, 'verifier.signatures()'),
    (e: unknown) =>
      e instanceof EvaluationTimeoutError &&
      e.name === 'EvaluationTimeoutError' &&
      e.code === 'TIMEOUT' &&
      e.message === 'verifier.signatures() did not finish within 10 ms',
  );
  await later(250, undefined); // let the slow work above finish
  const before = pendingTimers();
  assert.equal(await withTimeout(Promise.resolve('fast'), 60_000, 'work'), 'fast');
  // A leftover 60 s timer would keep a CLI process alive for a minute after its answer.
  assert.equal(pendingTimers(), before);
});

test('PolicyError: a parse failure has no problem list and says what it is', () => {
  assert.throws(
    () => parsePolicyDocuments(42 as never, { source: 'p.yaml' }),
    (e: unknown) =>
      e instanceof PolicyError &&
      e.name === 'PolicyError' &&
      e.code === 'POLICY_PARSE' &&
      e.message === 'p.yaml: expected YAML text' &&
      e.problems.length === 0,
  );
});
