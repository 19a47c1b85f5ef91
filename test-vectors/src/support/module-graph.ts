// The import graph of one package's src/ (type-only imports included: a type cycle still ties files
// together), for the tests that keep a package free of import cycles.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** The non-test .ts modules under `dir`, as paths relative to it. */
export function sourceModules(dir: string): string[] {
  const all = readdirSync(dir, { recursive: true }) as string[];
  return all.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.includes('testdata'));
}

/** What a module imports or re-exports from (`import … from '…'`, `export … from '…'`). */
export function importSpecifiers(dir: string, file: string): string[] {
  const text = readFileSync(join(dir, file), 'utf8');
  return [...text.matchAll(/^(?:import|export)\b[^;]*?from '([^']+)'/gms)].map((m) => m[1]!);
}

/** Each module of `dir` and the modules of `dir` it imports. */
export function localImportGraph(dir: string): Map<string, string[]> {
  const modules = sourceModules(dir);
  const local = (file: string) =>
    importSpecifiers(dir, file)
      .filter((s) => s.startsWith('.'))
      .map((s) => relative(dir, join(dirname(join(dir, file)), s)))
      .filter((m) => modules.includes(m));
  return new Map(modules.map((m) => [m, local(m)]));
}

/** The first import cycle found (`a.ts -> b.ts -> a.ts`), or undefined when there is none. */
export function findImportCycle(graph: Map<string, string[]>): string | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const visit = (m: string, path: string[]): string | undefined => {
    if (state.get(m) === 'done') return undefined;
    if (state.get(m) === 'open') return [...path.slice(path.indexOf(m)), m].join(' -> ');
    state.set(m, 'open');
    for (const next of graph.get(m) ?? []) {
      const cycle = visit(next, [...path, m]);
      if (cycle) return cycle;
    }
    state.set(m, 'done');
    return undefined;
  };
  for (const m of graph.keys()) {
    const cycle = visit(m, []);
    if (cycle) return cycle;
  }
  return undefined;
}
