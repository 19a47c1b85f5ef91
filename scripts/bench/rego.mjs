// Rego: policies compiled by a real OPA 0.70.0 (../shared/vectors/opa-wasm), sigguard's evaluatePredicatePolicy
// against the stock opa-wasm SDK with each policy loaded once. Every result is checked against OPA's value.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { median, ms, p95, ratio, table } from './stats.mjs';

const FOLDERS = ['cosign-rego-1', 'cosign-rego-2', 'e2e-custom-data', 'v1-syntax'];

export async function rego(repo, calls) {
  const vectors = join(repo, '..', 'shared', 'vectors', 'opa-wasm');
  if (!existsSync(join(vectors, 'expected.json'))) {
    console.log(`\nRego: skipped, ${vectors} is absent (real OPA-compiled modules needed)`);
    return undefined;
  }
  const { evaluatePredicatePolicy } = await import(pathToFileURL(join(repo, 'packages/predicate/dist/index.js')).href);
  const fromPredicate = createRequire(join(repo, 'packages/predicate/package.json'));
  const { loadPolicy } = fromPredicate('@open-policy-agent/opa-wasm');
  const expected = JSON.parse(readFileSync(join(vectors, 'expected.json'), 'utf8'));
  const cases = expected.cases.filter((c) => FOLDERS.includes(c.wasm.split('/')[0]));
  const s = { sigguard: [], peer: [] };
  for (const c of cases) {
    const wasm = new Uint8Array(readFileSync(join(vectors, c.wasm)));
    const input = JSON.parse(readFileSync(join(vectors, c.input), 'utf8'));
    const loaded = await loadPolicy(wasm);
    const pass = c.policyControllerVerdict === 'pass';
    const sgRun = async () => {
      const r = await evaluatePredicatePolicy({ type: 'rego', wasm }, input);
      if (r.ok !== pass)
        throw new Error(`sigguard Rego ${c.wasm} on ${c.input}: ok=${r.ok}, OPA says ${c.policyControllerVerdict}`);
    };
    const peerRun = () => {
      const r = loaded.evaluate(input);
      if (!isDeepStrictEqual(r[0]?.result, c.opaEvalValue))
        throw new Error(`opa-wasm ${c.wasm} on ${c.input} differs from opa eval`);
    };
    for (let i = 0; i < 5; i++) {
      await sgRun();
      peerRun();
    }
    for (let i = 0; i < calls; i++) {
      let t = performance.now();
      await sgRun();
      s.sigguard.push(performance.now() - t);
      t = performance.now();
      peerRun();
      s.peer.push(performance.now() - t);
    }
  }
  const m = { sigguard: median(s.sigguard), peer: median(s.peer) };
  console.log(`\nRego (${cases.length} policy/input pairs compiled by OPA 0.70.0, ${calls} alternating calls each)`);
  table([
    ['side', 'median', 'p95'],
    ['sigguard evaluatePredicatePolicy', ms(m.sigguard), ms(p95(s.sigguard))],
    ['opa-wasm, policy loaded once', ms(m.peer), ms(p95(s.peer))],
    ['sigguard/peer', ratio(m.sigguard, m.peer), ''],
  ]);
  return m;
}
