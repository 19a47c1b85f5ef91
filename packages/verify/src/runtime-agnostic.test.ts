// The core must stay runtime-agnostic (the browser build bundles it with synchronous shims):
// no Node builtins and no `process` in the shipped sources.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const shipped = readdirSync(import.meta.dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

test('no node: imports, no fs/child_process, no process in src/', () => {
  assert.ok(shipped.includes('verify-bundle.ts'));
  for (const f of shipped) {
    const code = readFileSync(join(import.meta.dirname, f), 'utf8');
    assert.doesNotMatch(code, /from '(node:|fs|path|child_process|crypto|util)[^']*'/, `${f} imports a Node builtin`);
    assert.doesNotMatch(code, /\bprocess\./, `${f} uses process`);
  }
});
