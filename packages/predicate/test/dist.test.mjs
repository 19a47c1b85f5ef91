// Integration: the built package (ESM and CJS) evaluates CUE and Rego, keeps the engines out of
// the core bundle (dynamic imports only) and stays runtime-agnostic outside ./node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const DIST = new URL('../dist/', import.meta.url);
const skip = existsSync(new URL('index.js', DIST))
  ? false
  : 'packages/predicate/dist not built (pnpm --filter @sigguard/predicate build)';
const wasm = new Uint8Array(readFileSync(new URL('../src/rego/testdata/opa-abi-test-double.wasm', import.meta.url)));

test('core dist: no node: imports, engines only behind dynamic import()', { skip }, () => {
  for (const f of ['index.js', 'index.cjs']) {
    const src = readFileSync(new URL(f, DIST), 'utf8');
    assert.doesNotMatch(
      src,
      /from ['"](node:)?(fs|child_process|os|path)['"]|require\(['"](node:)?(fs|child_process)['"]\)/,
      f,
    );
    assert.doesNotMatch(
      src,
      /^import .* from ['"](cue-wasm|re2js|yaml|@noble\/hashes[^'"]*|@peculiar\/[^'"]*|@cfworker\/json-schema)['"]/m,
      `${f}: static engine import`,
    );
  }
  const esm = readFileSync(new URL('index.js', DIST), 'utf8');
  assert.match(esm, /import\(["']cue-wasm["']\)/);
  // The Rego host and its built-ins (hashes, RE2, YAML, ASN.1) are a chunk loaded on first use.
  assert.match(esm, /import\(["']\.\/rego-runtime-[A-Z0-9]+\.js["']\)/);
});

for (const [kind, load] of [
  ['ESM', () => import(new URL('index.js', DIST).href)],
  ['CJS', async () => createRequire(import.meta.url)('../dist/index.cjs')],
]) {
  test(`${kind} build: CUE passes and fails with CUE's reason; Rego module runs`, { skip }, async () => {
    const p = await load();
    const policy = {
      type: 'cue',
      data:
        'import "list"\nauthorityMatches: keyed: signatures: list.MinItems(1)\n' +
        'authorityMatches: keyless: signatures: list.MinItems(1)',
    };
    const pass = await p.evaluatePredicatePolicy(policy, {
      authorityMatches: { keyed: { signatures: [{ id: 'a' }] } },
    });
    assert.equal(pass.ok, true, pass.reason);
    const fail = await p.evaluatePredicatePolicy(policy, { authorityMatches: { keyed: { signatures: [] } } });
    assert.match(
      fail.reason,
      /authorityMatches\.keyed\.signatures: invalid value \[\] \(does not satisfy list\.MinItems\(1\)\)/,
    );
    // [test double] module: isCompliant = input.
    assert.equal((await p.evaluatePredicatePolicy({ type: 'rego', wasm }, true)).ok, true);
    assert.equal((await p.evaluatePredicatePolicy({ type: 'rego', wasm }, false)).ok, false);
  });
}

test("./node dist shares the main entry's error class", { skip }, async () => {
  const node = await import(new URL('node.js', DIST).href);
  const main = await import('@sigguard/predicate');
  await assert.rejects(
    node.readPolicyFile('/no/such/policy.cue'),
    (e) => e instanceof main.PredicateError && e.code === 'POLICY_SOURCE',
  );
});

test('CJS ./node build: the worker evaluator loads the CJS main entry', { skip }, async () => {
  const node = createRequire(import.meta.url)('../dist/node.cjs');
  const evaluator = node.createWorkerEvaluator();
  try {
    const r = await evaluator.evaluate({ type: 'cue', data: 'a: 1' }, { a: 2 });
    assert.match(r.reason, /a: conflicting values 2 and 1/);
  } finally {
    await evaluator.close();
  }
});
