// The modules of packages/image/src import each other without cycles, type-only imports included (the steps
// share types through the files that define them, never through each other), and import only what the
// package.json declares (the layering in docs/architecture.md).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';

const root = import.meta.dirname;
const modules = (readdirSync(root, { recursive: true }) as string[]).filter(
  (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
);
const specifiers = (file: string) =>
  [...readFileSync(join(root, file), 'utf8').matchAll(/^(?:import|export)\b[^;]*?from '([^']+)'/gms)].map((m) => m[1]!);
const localImports = (file: string) =>
  specifiers(file)
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(root, join(dirname(join(root, file)), s)));

test('no import cycle among the modules of packages/image/src', () => {
  const graph = new Map(modules.map((m) => [m, localImports(m)]));
  assert.ok((graph.get('evaluate.ts') ?? []).includes('telemetry/traced.ts'), 'the import scan finds imports');
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

test('packages/image/src imports only its declared dependencies', () => {
  const manifest = JSON.parse(readFileSync(join(root, '../package.json'), 'utf8'));
  const declared = new Set(Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }));
  const used = new Set(
    modules
      .flatMap(specifiers)
      .filter((s) => !s.startsWith('.'))
      .map((s) =>
        s
          .split('/')
          .slice(0, s.startsWith('@') ? 2 : 1)
          .join('/'),
      ),
  );
  assert.ok(used.has('@sigguard/verify'), 'the import scan finds packages');
  assert.deepEqual(
    [...used].filter((p) => !declared.has(p)),
    [],
  );
  assert.ok(!used.has('sigguard') && !used.has('@sigguard/audit'), 'image imports neither the facade nor audit');
});
