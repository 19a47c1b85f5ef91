// The policy modules import each other without cycles, type-only imports included (a type cycle
// still ties files together: evaluate.ts and its steps share EvaluationContext through its own file).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const dir = new URL('./', import.meta.url);
const modules = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

function localImports(file: string): string[] {
  const text = readFileSync(new URL(file, dir), 'utf8');
  const found = [...text.matchAll(/^(?:import|export)\b[^;]*?from '\.\/([\w.-]+\.ts)'/gms)].map((m) => m[1]!);
  return found.filter((f) => modules.includes(f));
}

test('no import cycle among the modules of packages/policy/src', () => {
  const graph = new Map(modules.map((m) => [m, localImports(m)]));
  assert.ok((graph.get('evaluate.ts') ?? []).includes('evaluate-authority.ts'), 'the import scan finds imports');
  const state = new Map<string, 'open' | 'done'>();
  const visit = (m: string, path: string[]): void => {
    if (state.get(m) === 'done') return;
    if (state.get(m) === 'open') assert.fail(`import cycle: ${[...path.slice(path.indexOf(m)), m].join(' -> ')}`);
    state.set(m, 'open');
    for (const next of graph.get(m) ?? []) visit(next, [...path, m]);
    state.set(m, 'done');
  };
  for (const m of modules) visit(m, []);
});
