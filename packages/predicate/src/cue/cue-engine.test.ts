import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PredicateError } from '../errors.ts';
import { CuePolicyError, compileCuePolicy, evaluateCompiledCue } from './cue-engine.ts';

// Stand-ins for the cue-wasm API, to reach the failure paths a real engine rarely takes.
const crashing = {
  parseAST: () => {
    throw new Error('Go program has already exited');
  },
  toJSON: () => {
    throw new Error('Go program has already exited');
  },
};

test('a crashed CUE engine (a JS exception, not a CUE error string) is ENGINE_FAILURE', () => {
  assert.throws(
    () => compileCuePolicy(crashing, 'crash-a: 1'),
    (e: unknown) => e instanceof PredicateError && e.code === 'ENGINE_FAILURE' && /already exited/.test(e.message),
  );
  assert.throws(
    () => evaluateCompiledCue(crashing, { split: { header: '', body: 'a: 1', declarations: 0 } }, '{}'),
    (e: unknown) => e instanceof PredicateError && e.code === 'ENGINE_FAILURE',
  );
});

test('CUE error strings are policy verdicts, with the compile/evaluate stage', () => {
  const cue = {
    parseAST: () => ({ Decls: [] }),
    toJSON: () => {
      throw '_sigguard_unified.a: conflicting values 1 and 2';
    },
  };
  const compiled = compileCuePolicy(cue, 'stage-a: 1');
  assert.throws(
    () => evaluateCompiledCue(cue, compiled, '{"a":2}'),
    (e: unknown) =>
      e instanceof CuePolicyError &&
      e.stage === 'evaluate' &&
      e.message === 'failed to evaluate the policy with error: a: conflicting values 1 and 2',
  );
  const failing = {
    ...cue,
    parseAST: () => {
      throw 'expected operand, found EOF';
    },
  };
  assert.throws(
    () => compileCuePolicy(failing, 'stage-b: '),
    (e: unknown) => e instanceof CuePolicyError && e.stage === 'compile',
  );
});

test('an export other than {} is not trusted', () => {
  const cue = { parseAST: () => ({ Decls: [] }), toJSON: () => '{"a":1}' };
  assert.throws(
    () => evaluateCompiledCue(cue, compileCuePolicy(cue, 'export-a: 1'), '{}'),
    (e: unknown) => e instanceof PredicateError && e.code === 'ENGINE_FAILURE',
  );
});

test('a header the AST disagrees with is refused rather than guessed', () => {
  const cue = { parseAST: () => ({ Decls: [{ PackagePos: {}, Name: {} }, { Specs: [] }] }), toJSON: () => '{}' };
  assert.throws(
    () => compileCuePolicy(cue, 'package x\na: 1'),
    (e: unknown) =>
      e instanceof PredicateError && e.code === 'PREDICATE_POLICY_INVALID' && /package\/import header/.test(e.message),
  );
});
