// The modules of packages/image/src import each other without cycles, type-only imports included (the steps
// share types through the files that define them, never through each other), and import only what the
// package.json declares (the layering in docs/architecture.md).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { findImportCycle, importSpecifiers, localImportGraph, sourceModules } from '@sigguard/test-vectors/support';

const root = import.meta.dirname;
const modules = sourceModules(root);
const specifiers = (file: string) => importSpecifiers(root, file);

test('no import cycle among the modules of packages/image/src', () => {
  const graph = localImportGraph(root);
  assert.ok((graph.get('evaluate.ts') ?? []).includes('telemetry/traced.ts'), 'the import scan finds imports');
  assert.equal(findImportCycle(graph), undefined);
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
