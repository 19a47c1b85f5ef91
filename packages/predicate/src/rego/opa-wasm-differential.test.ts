// Differential test: sigguard's own OPA WebAssembly host (opa-host.ts + builtins/) against the
// stock @open-policy-agent/opa-wasm SDK it replaces (with only the SDK's own built-ins), on every
// real OPA-compiled module in ../shared/vectors/opa-wasm and on the WAT test double. Wherever
// opa-wasm yields a value without error, both must agree (objects without key order, sets
// without element order), except the listed opa-wasm defects: each must still differ (so the
// list stays true), and there sigguard must equal `opa eval`'s value.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import {
  OPA_WASM_DIR,
  SET_ENTRYPOINTS,
  SKIP_NO_OPA_WASM,
  canonical,
  opaWasmBytes,
  opaWasmJSON,
} from '../testdata/opa-wasm-vectors.ts';
import type { RegoValue } from './exact-json.ts';
import { readOpaBundle } from './opa-bundle.ts';
import { compileRegoArtifact, runRego } from './rego-engine.ts';
import { TEST_DOUBLE_WASM } from './testdata/double.ts';

/** opa-wasm defects: entrypoint -> why opa-wasm's value is not OPA's. */
const OPA_WASM_DEFECTS: Record<string, string> = {
  'sigstore/b_sprintf': 'opa-wasm formats %v of an array with JavaScript String() ("1,a"), OPA prints [1, "a"]',
};

const MEMORY = 64 << 20;

type Outcome = { value: string } | { error: string };

/** The SDK's value; `wasm` as bytes or compiled (loadPolicy instantiates a module afresh, as from bytes). */
async function stock(
  wasm: Uint8Array | WebAssembly.Module,
  data: unknown,
  input: unknown,
  entrypoint: string,
): Promise<Outcome> {
  try {
    const policy = await loadPolicy(wasm as Uint8Array<ArrayBuffer>, { initial: 5, maximum: MEMORY / 65536 });
    if (data !== undefined) policy.setData(data as object);
    const rs = policy.evaluate(input, entrypoint) as { result: RegoValue }[];
    return { value: canonical(rs[0]?.result, SET_ENTRYPOINTS.has(entrypoint)) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : JSON.stringify(e) };
  }
}

async function ours(bytes: Uint8Array, input: unknown, entrypoint: string): Promise<string> {
  const policy = await compileRegoArtifact(bytes, MEMORY);
  const rs = (await runRego(policy, input, MEMORY, { entrypoint })) as { result: RegoValue }[];
  return canonical(rs[0]?.result, SET_ENTRYPOINTS.has(entrypoint));
}

interface Case {
  label: string;
  bundle: string;
  input: unknown;
  entrypoint: string;
  /** `opa eval`'s value, where the vectors record it. */
  opaEval?: RegoValue;
}

function cases(): Case[] {
  const out: Case[] = [];
  const folders = readdirSync(OPA_WASM_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  const recorded = opaWasmJSON<{ cases: { bundle: string; input: string; opaEvalValue: RegoValue }[] }>(
    'expected.json',
  ).cases;
  for (const folder of folders.filter((f) => f !== 'builtins-table')) {
    for (const file of readdirSync(OPA_WASM_DIR + folder).filter((f) => /^input.*\.json$/.test(f))) {
      const rec = recorded.find((c) => c.input === `${folder}/${file}`);
      out.push({
        label: `${folder}/${file}`,
        bundle: `${folder}/bundle.tar.gz`,
        input: opaWasmJSON(`${folder}/${file}`),
        entrypoint: 'sigstore/isCompliant',
        ...(rec ? { opaEval: rec.opaEvalValue } : {}),
      });
    }
  }
  const table = opaWasmJSON<{ values: Record<string, RegoValue> }>('builtins-table/expected.json').values;
  const input = opaWasmJSON<Record<string, RegoValue>>('builtins-table/input.json');
  // Invalid operands too: OPA makes most of these calls undefined.
  const bad = { ...input, ts: 'yesterday', v2: '1.x', dur: '1 day', size: 'lots', uuid: 'nope', cidr: '10.0.0.0/99' };
  for (const ep of Object.keys(table)) {
    out.push({
      label: `builtins-table ${ep}`,
      bundle: 'builtins-table/bundle.tar.gz',
      input,
      entrypoint: ep,
      opaEval: table[ep],
    });
    out.push({
      label: `builtins-table ${ep} (bad input)`,
      bundle: 'builtins-table/bundle.tar.gz',
      input: bad,
      entrypoint: ep,
    });
  }
  return out;
}

test('differential: sigguard host vs @open-policy-agent/opa-wasm on every OPA-built module and input', {
  skip: SKIP_NO_OPA_WASM,
}, async () => {
  const all = cases();
  assert.ok(all.length >= 10 + 84, `found ${all.length} cases`);
  const mismatches: string[] = [];
  const defectsSeen = new Set<string>();
  let compared = 0;
  // Each bundle's module compiled once for the SDK (84 cases share the built-ins table's): a fresh instance per case.
  const modules = new Map<string, { module: WebAssembly.Module; data: unknown }>();
  for (const c of all) {
    const bundle = opaWasmBytes(c.bundle);
    if (!modules.has(c.bundle)) {
      const { wasm, data } = readOpaBundle(bundle, MEMORY);
      modules.set(c.bundle, { module: await WebAssembly.compile(wasm as Uint8Array<ArrayBuffer>), data });
    }
    const { module, data } = modules.get(c.bundle)!;
    const [theirs, mine] = [
      await stock(module, data, c.input, c.entrypoint),
      await ours(bundle, c.input, c.entrypoint),
    ];
    if (c.opaEval !== undefined) {
      const want = canonical(c.opaEval, SET_ENTRYPOINTS.has(c.entrypoint));
      if (mine !== want) mismatches.push(`${c.label}: sigguard ${mine}, opa eval ${want}`);
    }
    if ('error' in theirs) continue; // e.g. "not implemented: built-in function time.parse_ns"
    compared++;
    const defect = OPA_WASM_DEFECTS[c.entrypoint];
    if (defect) {
      assert.notEqual(
        theirs.value,
        mine,
        `${c.label} is listed as an opa-wasm defect (${defect}) but the values agree`,
      );
      if (c.opaEval === undefined) continue;
      defectsSeen.add(c.entrypoint);
      assert.equal(mine, canonical(c.opaEval), `${c.label}: sigguard must equal opa eval where opa-wasm is wrong`);
    } else if (theirs.value !== mine) {
      mismatches.push(`${c.label}: sigguard ${mine}, opa-wasm ${theirs.value}`);
    }
  }
  assert.deepEqual(mismatches, []);
  assert.deepEqual([...defectsSeen].sort(), Object.keys(OPA_WASM_DEFECTS).sort());
  // The vectors' README: stock opa-wasm evaluates (at least) 13 table entrypoints, plus the isCompliant modules.
  assert.ok(compared >= 13 + 8, `opa-wasm produced values for only ${compared} cases`);
});

test('differential on the WAT test double (isCompliant = input): values agree, except two opa-wasm defects', async () => {
  const values: unknown[] = [
    true,
    [],
    [{ result: true }],
    [{ result: false, error: 'e', warning: '' }],
    { a: [1, 'x', null] },
    1.5,
  ];
  for (const v of values) {
    const theirs = await stock(TEST_DOUBLE_WASM, undefined, v, 'sigstore/isCompliant');
    assert.deepEqual(theirs, { value: await ours(TEST_DOUBLE_WASM, v, 'sigstore/isCompliant') }, JSON.stringify(v));
  }
  // opa-wasm defect: `if (input)` drops a falsy input document (false, 0, ""), so the policy sees
  // no input at all; OPA and sigguard evaluate with input = false.
  for (const v of [false, 0, '']) {
    assert.deepEqual(await stock(TEST_DOUBLE_WASM, undefined, v, 'sigstore/isCompliant'), { value: 'undefined' });
    assert.equal(await ours(TEST_DOUBLE_WASM, v, 'sigstore/isCompliant'), JSON.stringify(v));
  }
  // opa-wasm defect: values move through JSON.parse, so an int64 beyond 2^53 is rounded to a double;
  // sigguard keeps the integer (OPA's numbers are arbitrary precision).
  const big = 9223372036854775807n;
  const policy = await compileRegoArtifact(TEST_DOUBLE_WASM, MEMORY);
  assert.deepEqual(await runRego(policy, big, MEMORY), [{ result: big }]);
  const rounded = await (async () => {
    const p = await loadPolicy(TEST_DOUBLE_WASM as Uint8Array<ArrayBuffer>);
    return (p.evaluate(new TextEncoder().encode(String(big)).buffer) as { result: unknown }[])[0]!.result;
  })();
  assert.equal(typeof rounded, 'number');
  assert.notEqual(BigInt(rounded as number), big);
});
