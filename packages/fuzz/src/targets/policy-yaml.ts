// ClusterImagePolicy / TrustRoot YAML through the policy parser and validator, the TrustRoot
// parser, and `sigguard verify-image --policy` (in process). Invariants: only typed errors
// (PolicyError, TrustRootLoadError), no CLI crash, within the budget.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PolicyError, parsePolicyDocuments } from '@sigguard/policy';
import { TrustRootError, TrustRootLoadError, parseTrustRootResource, parseTrustRootYaml } from '@sigguard/trust-root';
import { parseAllDocuments, stringify } from 'yaml';
import { mutateJson, pathString, type Json } from '../json-mutate.ts';
import { cliCrash, runCli } from '../cli-in-process.ts';
import type { Rng } from '../rng.ts';
import { describeError, fail, pass, skipped, type FuzzTarget } from '../target.ts';
import { packageDir, sharedVectors, sigguardSample } from '@sigguard/test-vectors/support/locations';

const REPO = join(import.meta.dirname, '../../../..');

function yamlFiles(dir: string, out: string[] = [], limit = 400): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (out.length >= limit) break;
    const p = join(dir, name);
    const s = statSync(p);
    if (s.isDirectory()) yamlFiles(p, out, limit);
    else if (/\.ya?ml$/.test(name) && s.size < 64 * 1024) out.push(p);
  }
  return out;
}

/** Text-level YAML hazards: alias bombs, cross-document aliases, deep nesting, tags, kubectl lists. */
const HAZARDS: Array<[string, (rng: Rng, text: string) => string]> = [
  [
    'alias bomb',
    () => {
      const lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]'];
      for (let i = 1; i < 10; i++)
        lines.push(
          `a${i}: &a${i} [${Array(9)
            .fill(`*a${i - 1}`)
            .join(',')}]`,
        );
      return `apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata: {name: bomb}\nspec:\n  images: [{glob: "*"}]\n  x:\n${lines.map((l) => `    ${l}`).join('\n')}\n`;
    },
  ],
  [
    'alias to another document',
    (_r, text) => `first: &anchor {kind: ClusterImagePolicy}\n---\n${text}\n---\nsecond: *anchor\n`,
  ],
  ['undefined alias', (_r, text) => `${text}\nextra: *nowhere\n`],
  ['deep flow nesting', (rng) => `kind: ClusterImagePolicy\nspec: ${'['.repeat(rng.pick([100, 1000, 100_000]))}`],
  [
    'deep block nesting',
    (rng) => {
      const n = rng.pick([50, 500, 2000]);
      return (
        'kind: ClusterImagePolicy\nspec:\n' +
        Array.from({ length: n }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n') +
        ' 1\n'
      );
    },
  ],
  [
    'kubectl List',
    (_r, text) =>
      `apiVersion: v1\nkind: List\nitems:\n${text
        .split('\n')
        .map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`))
        .join('\n')}\n`,
  ],
  ['List with alias items', () => `apiVersion: v1\nkind: List\nitems: &i [*i]\n`],
  [
    'tags',
    (rng, text) =>
      `${text}\nweird: ${rng.pick(['!!binary AAAA', '!!js/function "f(){}"', '!!set {a, b}', '!!omap [a: 1]', '!custom x', '!!timestamp 2020-01-01', '!!float .nan'])}\n`,
  ],
  ['duplicate key', (_r, text) => `${text}\nkind: ClusterImagePolicy\nkind: TrustRoot\n`],
  ['huge scalar', (rng, text) => `${text}\nbig: "${'x'.repeat(rng.pick([1000, 300_000]))}"\n`],
  ['tab and BOM', (_r, text) => `\ufeff${text.replace(/ {2}/g, '\t')}`],
  ['truncate', (rng, text) => text.slice(0, rng.int(text.length))],
  [
    'merge key bomb',
    () =>
      `a: &a {x: 1}\nb: &b {<<: [*a, *a, *a, *a]}\nc: &c {<<: [*b, *b, *b, *b]}\nd: {<<: [*c, *c, *c, *c]}\nkind: ClusterImagePolicy\n`,
  ],
  ['document markers', (_r, text) => `%YAML 1.1\n---\n${text}\n...\n---\n--- |\n  block\n`],
  ['json flow', (_r, text) => JSON.stringify(parseAllDocuments(text)[0]?.toJS() ?? null)],
];

let seeds: string[] = [];
let dir = '';

function mutateDocuments(rng: Rng, text: string): { text: string; ops: string[] } {
  const ops: string[] = [];
  let docs: Json[];
  try {
    docs = parseAllDocuments(text).map((d) => d.toJS({ maxAliasCount: 100 }) as Json);
  } catch {
    return { text, ops: ['(seed not parseable: unchanged)'] };
  }
  if (docs.length === 0) return { text, ops: ['(empty seed)'] };
  const i = rng.int(docs.length);
  for (let n = rng.range(1, 3); n > 0; n--) {
    const m = mutateJson(rng, docs[i]!);
    docs[i] = m.doc;
    ops.push(`document ${i + 1}${pathString(m.mutation.path)}: ${m.mutation.op}`);
  }
  return { text: docs.map((d) => stringify(d)).join('---\n'), ops };
}

export const policyYamlTarget: FuzzTarget = {
  name: 'policy-yaml',
  async setup() {
    const files = [
      ...yamlFiles(join(packageDir('policy'), 'src/testdata')),
      join(REPO, 'test-vectors/tuf/trustroots.yaml'),
      ...yamlFiles(sigguardSample('.')),
      ...yamlFiles(sharedVectors('policy-controller').path),
    ];
    seeds = files.map((f) => readFileSync(f, 'utf8'));
    dir = mkdtempSync(join(tmpdir(), 'sigguard-fuzz-yaml-'));
    // The CLI's first verify-image (loading its modules and the trust roots) is set-up, not a case's
    // cost (seed 20261207 #55: an unchanged policy took 3.8 s as a worker's first CLI case).
    const warm = join(dir, 'warm.yaml');
    writeFileSync(warm, seeds[0]!);
    await runCli([
      'verify-image',
      '--policy',
      warm,
      '--local-image',
      join(dir, 'no-such-layout'),
      `registry.local/app@sha256:${'a'.repeat(64)}`,
    ]);
  },
  async teardown() {
    rmSync(dir, { recursive: true, force: true });
  },
  async run(rng, ctx) {
    const seedIndex = rng.int(seeds.length);
    let text = seeds[seedIndex]!;
    const ops: string[] = [];
    let hazardName = 'mutation';
    if (rng.chance(0.6)) {
      const m = mutateDocuments(rng, text);
      text = m.text;
      ops.push(...m.ops);
    }
    if (rng.chance(0.35)) {
      const [name, hazard] = rng.pick(HAZARDS);
      text = hazard(rng, text);
      ops.push(name);
      hazardName = name;
    }
    // Remote TrustRoots would reach the network: the CLI path (which loads them) gets none.
    const viaCli = rng.chance(0.1) && !/remote|mirror:/.test(text);
    const description = `seed ${seedIndex}: ${ops.join(' | ') || 'unchanged'}${viaCli ? '; verify-image CLI' : ''}`;
    const kind = `${viaCli ? 'cli' : 'api'}:${hazardName}`;
    if (ctx.capped(kind)) return skipped(description);
    ctx.announce(kind, description);
    const known = (problem: string) =>
      /alias|Alias|ReferenceError|toJS/.test(problem)
        ? 'issue 11 item 3: YAML aliases uncapped/unhandled'
        : /call stack|RangeError/.test(problem)
          ? 'issue 11 item 4: no depth limit on YAML input'
          : undefined;
    const failed = (problem: string) => {
      const k = known(problem);
      return { ...fail(description, problem), ...(k ? { known: k } : {}) };
    };
    if (viaCli) {
      const file = join(dir, `policy-${ctx.index}.yaml`);
      writeFileSync(file, text);
      try {
        const run = await runCli([
          'verify-image',
          '--policy',
          file,
          '--local-image',
          join(dir, 'no-such-layout'),
          `registry.local/app@sha256:${'a'.repeat(64)}`,
        ]);
        const crash = cliCrash(run);
        return crash ? failed(crash) : pass(description);
      } catch (e) {
        return failed(`the CLI threw: ${describeError(e)}`);
      } finally {
        rmSync(file, { force: true });
      }
    }
    try {
      parsePolicyDocuments(text, { source: 'fuzz.yaml', trustRootParser: parseTrustRootResource });
    } catch (e) {
      if (!(e instanceof PolicyError))
        return failed(`parsePolicyDocuments threw a non-PolicyError: ${describeError(e)}`);
    }
    try {
      parseTrustRootYaml(text, { where: 'fuzz.yaml', ignoreOtherKinds: true });
    } catch (e) {
      if (!(e instanceof TrustRootLoadError) && !(e instanceof TrustRootError)) {
        return failed(`parseTrustRootYaml threw an untyped error: ${describeError(e)}`);
      }
    }
    return pass(description);
  },
};
