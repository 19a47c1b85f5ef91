// The targets of the campaign and how a case index maps to one. Kept free of the targets'
// imports so the coordinating process stays light; workers load a target when first needed.
import { Rng, caseSeed } from './rng.ts';
import type { CaseContext, FuzzTarget } from './target.ts';

export interface CatalogEntry {
  name: string;
  weight: number;
  /** Per-case wall-clock budget, ms (the target's own budgetMs must be the same). */
  budgetMs: number;
  /** Kinds of case (regex on the announced kind) whose killed workers are known issue 11 items. */
  knownKills?: Array<[RegExp, string]>;
  load(): Promise<FuzzTarget>;
}

export const CATALOG: CatalogEntry[] = [
  { name: 'bundle', weight: 46, budgetMs: 3000, load: async () => (await import('./targets/bundle.ts')).bundleTarget },
  {
    name: 'statement',
    weight: 12,
    budgetMs: 3000,
    knownKills: [[/deep/, 'issue 11 item 4: no depth limit on JSON input']],
    load: async () => (await import('./targets/statement.ts')).statementTarget,
  },
  {
    name: 'policy-yaml',
    weight: 27,
    budgetMs: 3000,
    knownKills: [[/deep|alias|bomb/, 'issue 11 items 3/4: YAML aliases and nesting depth not capped']],
    load: async () => (await import('./targets/policy-yaml.ts')).policyYamlTarget,
  },
  {
    name: 'mirror-fs',
    weight: 5,
    budgetMs: 3000,
    load: async () => (await import('./targets/mirror-fs.ts')).mirrorFsTarget,
  },
  {
    name: 'oci-layout',
    weight: 5,
    budgetMs: 3000,
    knownKills: [
      [
        /fifo|device|huge|sparse|many-unreferenced/,
        'issue 11 item 1: OCI layout files read without type check, limit or reachability',
      ],
    ],
    load: async () => (await import('./targets/oci-layout.ts')).ociLayoutTarget,
  },
  {
    name: 'registry',
    weight: 5,
    budgetMs: 5000,
    load: async () => (await import('./targets/registry.ts')).registryTarget,
  },
];

export function selectCatalog(only: string[] | undefined): CatalogEntry[] {
  if (!only || only.length === 0) return CATALOG;
  const unknown = only.filter((n) => !CATALOG.some((c) => c.name === n));
  if (unknown.length > 0)
    throw new Error(`unknown target(s) ${unknown.join(', ')}; known: ${CATALOG.map((c) => c.name).join(', ')}`);
  return CATALOG.filter((c) => only.includes(c.name));
}

/** The random stream of a case, after it picked its target (the rest of the stream is the target's). */
export function caseStream(seed: number, index: number, catalog: CatalogEntry[]): { entry: CatalogEntry; rng: Rng } {
  const rng = new Rng(caseSeed(seed, index));
  const total = catalog.reduce((s, c) => s + c.weight, 0);
  let x = rng.int(total);
  for (const entry of catalog) {
    if (x < entry.weight) return { entry, rng };
    x -= entry.weight;
  }
  return { entry: catalog[catalog.length - 1]!, rng };
}

/** Runs one case in this process (workers and the npm-test sample use it). */
export async function runCase(
  seed: number,
  index: number,
  catalog: CatalogEntry[],
  loaded: Map<string, FuzzTarget>,
  ctx: Omit<CaseContext, 'index'> = { announce: () => {}, capped: () => false },
) {
  const { entry, rng } = caseStream(seed, index, catalog);
  let target = loaded.get(entry.name);
  if (!target) {
    target = await entry.load();
    await target.setup?.();
    loaded.set(entry.name, target);
  }
  // The budget is the code under test's: it starts when the case announces itself (after the
  // generator built its input; writing 1,000 blobs of an OCI layout took seconds on a loaded machine).
  let started = performance.now();
  let kind = '';
  const announce = (k: string, d: string) => {
    kind = k;
    started = performance.now();
    ctx.announce(k, d);
  };
  let result;
  try {
    result = await target.run(rng, { index, ...ctx, announce });
  } catch (e) {
    // The harness itself, or a generator, failed: still a failure to look at, never a pass.
    result = { ok: false, description: '(case threw)', problem: `target threw: ${(e as Error)?.stack ?? String(e)}` };
  }
  const ms = performance.now() - started;
  // The coordinator's --budget-scale (workers get it from their environment).
  const budgetMs = entry.budgetMs * (Number(process.env.SIGGUARD_FUZZ_BUDGET_SCALE) || 1);
  if (result.ok && !result.skipped && ms > budgetMs) {
    const known = entry.knownKills?.find(([re]) => re.test(kind))?.[1];
    result = {
      ...result,
      ok: false,
      problem: `took ${Math.round(ms)} ms, over the ${budgetMs} ms budget`,
      ...(known ? { known } : {}),
    };
  }
  return { target: entry.name, ms, ...result };
}
