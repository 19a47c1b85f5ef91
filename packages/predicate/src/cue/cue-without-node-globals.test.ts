// The CUE engine starts where Node's `Buffer` and `global` do not exist (browsers, workers):
// checked in a child process that removes them before anything loads.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';

test('CUE evaluates without Buffer or global (browser-like globals), and leaves no Buffer behind', () => {
  const entry = new URL('../index.ts', import.meta.url).href;
  const script = `
    delete globalThis.Buffer; delete globalThis.global;
    if (typeof Buffer !== 'undefined' || typeof global !== 'undefined') throw new Error('could not remove Node globals');
    const { evaluatePredicatePolicy } = await import(${JSON.stringify(entry)});
    const pass = await evaluatePredicatePolicy({ type: 'cue', data: 'a: int' }, { a: 1 });
    const fail = await evaluatePredicatePolicy({ type: 'cue', data: 'a: "x"' }, { a: 1 });
    console.log(JSON.stringify({ pass: pass.ok, fail: fail.reason, buffer: typeof globalThis.Buffer }));`;
  const out = execFileSync(process.execPath, [...process.execArgv, '--input-type=module', '-e', script], { encoding: 'utf8' });
  const r = JSON.parse(out.trim().split('\n').pop()!);
  assert.equal(r.pass, true);
  assert.match(r.fail, /a: conflicting values ("x" and 1|1 and "x")/);
  assert.equal(r.buffer, 'undefined');
});
