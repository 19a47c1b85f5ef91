// The policy modules import each other without cycles, type-only imports included (a type cycle
// still ties files together: evaluate.ts and its steps share EvaluationContext through its own file).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findImportCycle, localImportGraph } from '@sigguard/test-vectors/support';

test('no import cycle among the modules of packages/policy/src', () => {
  const graph = localImportGraph(import.meta.dirname);
  assert.ok((graph.get('evaluate.ts') ?? []).includes('evaluate-authority.ts'), 'the import scan finds imports');
  assert.equal(findImportCycle(graph), undefined);
});

test('the cycle search finds a cycle and names its path', () => {
  const graph = new Map([
    ['a.ts', ['b.ts']],
    ['b.ts', ['c.ts']],
    ['c.ts', ['b.ts']],
  ]);
  assert.equal(findImportCycle(graph), 'b.ts -> c.ts -> b.ts');
});
