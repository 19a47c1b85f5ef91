// What renderDecision decides (found by mutation testing, docs/acceptance.md): the verdict's colour,
// which passing nodes are expanded, when a code is printed, and which child reasons are elided.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Decision, DecisionNode } from './decision.ts';
import { renderDecision } from './render.ts';

const leaf = (
  kind: DecisionNode['kind'],
  name: string,
  status: DecisionNode['status'],
  reason: string,
  code?: string,
): DecisionNode => ({ kind, name, status, reason, children: [], ...(code ? { code } : {}) });

const decisionOf = (policies: DecisionNode[], over: Partial<Decision> = {}): Decision => ({
  allowed: true,
  summary: 'allowed: img',
  warnings: [],
  image: { input: 'img', name: 'img' },
  matchedPolicies: ['p'],
  policies,
  ...over,
});

const lines = (d: Decision, verbose = false) => renderDecision(d, { verbose }).split('\n');

test('the verdict is green when allowed, yellow when allowed with warnings, red when denied', () => {
  const first = (d: Decision) => renderDecision(d, { color: true }).split('\n')[0];
  assert.equal(first(decisionOf([])), '\x1b[32m\x1b[1mALLOWED\x1b[0m\x1b[0m img');
  assert.equal(first(decisionOf([], { warnings: ['w'] })), '\x1b[33m\x1b[1mALLOWED\x1b[0m\x1b[0m img');
  assert.equal(first(decisionOf([], { allowed: false, warnings: ['w'] })), '\x1b[31m\x1b[1mDENIED\x1b[0m\x1b[0m img');
});

test('passing evidence is collapsed unless it holds more than checks; other passing nodes are expanded', () => {
  const onlyChecks: DecisionNode = {
    ...leaf('attestation', 'att-1', 'pass', 'verified'),
    children: [leaf('check', 'signature', 'pass', 'ok')],
  };
  const mixed: DecisionNode = {
    ...leaf('signature', 'sig-1', 'pass', 'verified'),
    children: [leaf('check', 'signature', 'pass', 'ok'), leaf('attestation', 'nested', 'pass', 'predicate passed')],
  };
  const authority: DecisionNode = {
    ...leaf('authority', 'a', 'pass', 'one signature passed'),
    children: [onlyChecks, mixed],
  };
  assert.deepEqual(lines(decisionOf([{ ...leaf('policy', 'p', 'pass', 'passed'), children: [authority] }])).slice(2), [
    '  ✓ policy p: passed',
    '    ✓ authority a: one signature passed',
    '      ✓ attestation att-1: verified',
    '      ✓ signature sig-1: verified',
    '        ✓ signature: ok',
    '        ✓ attestation nested: predicate passed',
    '',
  ]);
});

test('a code is printed for a node that did not pass only', () => {
  const d = decisionOf([
    {
      ...leaf('policy', 'p', 'pass', 'passed', 'SOFT'),
      children: [leaf('authority', 'a', 'warn', 'warned', 'WARNED')],
    },
  ]);
  assert.deepEqual(lines(d).slice(2, 4), ['  ✓ policy p: passed', '    ! authority a: warned [WARNED]']);
});

test('elision: only in a node that failed, only of failed children, of reasons of 20 characters or more', () => {
  const twenty = 'exactly twenty chars';
  assert.equal(twenty.length, 20);
  const nineteen = 'nineteen characters';
  assert.equal(nineteen.length, 19);
  const passed = 'this passing check said something long';
  const failedPolicy: DecisionNode = {
    ...leaf('policy', 'p', 'fail', `a: ${twenty}; b: ${nineteen}; c: ${passed}`),
    children: [
      leaf('authority', 'a', 'fail', twenty),
      leaf('authority', 'b', 'fail', nineteen),
      leaf('authority', 'c', 'pass', passed),
    ],
  };
  assert.equal(
    lines(decisionOf([failedPolicy], { allowed: false }))[2],
    `  ✗ policy p: a: …; b: ${nineteen}; c: ${passed}`,
  );
  // A passing node keeps its reason whole, even where a failed child repeats part of it.
  const failedChild = 'the first signature failed its identity check';
  const passingAuthority: DecisionNode = {
    ...leaf('authority', 'a', 'pass', `one of two passed (${failedChild})`),
    children: [leaf('signature', 's1', 'fail', failedChild), leaf('signature', 's2', 'pass', 'verified')],
  };
  assert.equal(
    lines(decisionOf([{ ...leaf('policy', 'p', 'pass', 'passed'), children: [passingAuthority] }]))[3],
    `    ✓ authority a: one of two passed (${failedChild})`,
  );
});

test('a child whose reason is the whole of its parent\'s is not elided to "…"', () => {
  const reason = 'no matching signatures for img';
  const d = decisionOf(
    [{ ...leaf('policy', 'p', 'fail', reason), children: [leaf('authority', 'a', 'fail', reason)] }],
    { allowed: false },
  );
  assert.deepEqual(lines(d).slice(2, 4), [`  ✗ policy p: ${reason}`, `    ✗ authority a: ${reason}`]);
});

test('a passing policy or authority with only checks under it is expanded; a skipped node is grey "-"', () => {
  const d = decisionOf([
    {
      ...leaf('policy', 'p', 'pass', 'passed'),
      children: [leaf('check', 'static', 'pass', 'static pass'), leaf('check', 'warn-only', 'skip', 'not run')],
    },
  ]);
  assert.deepEqual(lines(d).slice(2, 5), [
    '  ✓ policy p: passed',
    '    ✓ static: static pass',
    '    - warn-only: not run',
  ]);
  assert.ok(renderDecision(d, { color: true }).includes('\x1b[90m-\x1b[0m warn-only: not run'));
});
