// The CUE engine starts where Node's `Buffer` and `global` do not exist (browsers, workers):
// checked in a child process that removes them before anything loads. The engine's wall-clock limits
// are generous here: this is about globals, and the default 60 s start-up limit was exceeded once on
// a 2-core machine at load 50 (the limits themselves are tested in node/engine-limits.test.ts).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';

test('CUE evaluates without Buffer or global (browser-like globals), and leaves no Buffer behind', () => {
  const entry = new URL('../index.ts', import.meta.url).href;
  const script = `
    delete globalThis.Buffer; delete globalThis.global;
    if (typeof Buffer !== 'undefined' || typeof global !== 'undefined') throw new Error('could not remove Node globals');
    const { evaluatePredicatePolicy } = await import(${JSON.stringify(entry)});
    const options = { limits: { startupTimeoutMs: 600_000, timeoutMs: 300_000 } };
    const pass = await evaluatePredicatePolicy({ type: 'cue', data: 'a: int' }, { a: 1 }, options);
    const fail = await evaluatePredicatePolicy({ type: 'cue', data: 'a: "x"' }, { a: 1 }, options);
    const buffer = typeof globalThis.Buffer;
    console.log(JSON.stringify({ pass: pass.ok, passReason: pass.reason, fail: fail.reason, buffer }));`;
  const out = execFileSync(process.execPath, [...process.execArgv, '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  const r = JSON.parse(out.trim().split('\n').pop()!);
  assert.equal(r.pass, true, r.passReason);
  assert.match(r.fail, /a: conflicting values ("x" and 1|1 and "x")/);
  assert.equal(r.buffer, 'undefined');
});
