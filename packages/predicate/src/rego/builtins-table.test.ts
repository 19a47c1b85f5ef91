// Every entrypoint of ../shared/vectors/opa-wasm/builtins-table (a module built by OPA 0.70.0,
// one rule per built-in) through sigguard's Rego engine, against `opa eval`'s values; the other
// OPA-built vectors through the public API; and the refusal of non-deterministic built-ins.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import initWabt from 'wabt';
import { evaluatePredicatePolicy } from '../evaluate.ts';
import {
  SET_ENTRYPOINTS,
  SKIP_NO_OPA_WASM,
  canonical,
  opaWasmBytes,
  opaWasmJSON,
} from '../testdata/opa-wasm-vectors.ts';
import type { RegoValue } from './exact-json.ts';
import { HOST_BUILTINS, REFUSED_BUILTINS, UNPROVIDED_BUILTINS } from './builtins/index.ts';
import { compileRegoArtifact, regoInstanceStats, runRego } from './rego-engine.ts';

interface Table {
  opa: string;
  values: Record<string, RegoValue>;
}

test('builtins-table: all 42 entrypoints equal OPA 0.70.0 values (exact integers)', {
  skip: SKIP_NO_OPA_WASM,
}, async () => {
  const table = opaWasmJSON<Table>('builtins-table/expected.json');
  assert.equal(table.opa, '0.70.0');
  const input = opaWasmJSON('builtins-table/input.json');
  const policy = await compileRegoArtifact(opaWasmBytes('builtins-table/bundle.tar.gz'), 64 << 20);
  const entrypoints = Object.keys(table.values);
  assert.equal(entrypoints.length, 42);
  const wrong: string[] = [];
  for (const ep of entrypoints) {
    const resultSet = (await runRego(policy, input, 64 << 20, { entrypoint: ep })) as { result: RegoValue }[];
    const got = canonical(resultSet[0]?.result, SET_ENTRYPOINTS.has(ep));
    const want = canonical(table.values[ep], SET_ENTRYPOINTS.has(ep));
    if (got !== want) wrong.push(`${ep}: got ${got}, OPA ${want}`);
  }
  assert.deepEqual(wrong, []);
  // Nanoseconds beyond 2^53 arrive as exact integers, not doubles.
  const ns = (await runRego(policy, input, 64 << 20, { entrypoint: 'sigstore/b_time_parse_rfc3339_ns' })) as {
    result: RegoValue;
  }[];
  assert.equal(ns[0]!.result, 1795295879120000000n);
});

test('builtins-table: a failing host built-in makes the rule undefined, as in OPA (not an engine error)', {
  skip: SKIP_NO_OPA_WASM,
}, async () => {
  const input = {
    ...opaWasmJSON<Record<string, RegoValue>>('builtins-table/input.json'),
    ts: 'yesterday',
    v2: '1.x',
    dur: '1 day',
    size: 'lots',
    uuid: 'nope',
  };
  const policy = await compileRegoArtifact(opaWasmBytes('builtins-table/bundle.tar.gz'), 64 << 20);
  const value = async (ep: string) =>
    ((await runRego(policy, input, 64 << 20, { entrypoint: `sigstore/${ep}` })) as { result: RegoValue }[])[0]?.result;
  for (const ep of [
    'b_time_parse_rfc3339_ns',
    'b_time_diff',
    'b_semver_compare',
    'b_time_parse_duration_ns',
    'b_units_parse_bytes',
    'b_uuid_parse',
  ]) {
    assert.equal(await value(ep), undefined, ep);
  }
  assert.equal(await value('b_semver_is_valid'), false);
  assert.equal(await value('b_time_parse_ns'), 1795219200000000000n); // untouched by the bad input
});

test('the other OPA-built vectors (builtins, cosign policies, v1 syntax) give policy-controller verdicts', {
  skip: SKIP_NO_OPA_WASM,
}, async () => {
  const { cases } = opaWasmJSON<{
    cases: { bundle: string; input: string; policyControllerVerdict: string; message: string | null }[];
  }>('expected.json');
  assert.ok(cases.length >= 8);
  for (const c of cases) {
    const input = opaWasmJSON(c.input);
    const r = await evaluatePredicatePolicy({ type: 'rego', bundle: opaWasmBytes(c.bundle) }, input, {
      name: 'custom',
    });
    assert.equal(r.code, undefined, `${c.bundle} ${c.input}: ${r.reason}`);
    assert.equal(r.ok, c.policyControllerVerdict === 'pass', `${c.bundle} ${c.input}: ${r.reason}`);
    // policy-controller says `warning: <text>`; sigguard lists the warning and fails too.
    if (c.message?.startsWith('warning: ')) assert.deepEqual(r.warnings, [c.message.slice('warning: '.length)]);
    else if (c.message) assert.ok(r.reason.includes(c.message), `${c.bundle}: ${r.reason}`);
  }
});

/** The OPA-ABI test double declaring the given host built-ins, as a module calling them would. */
async function doubleCalling(builtins: string[]): Promise<Uint8Array> {
  const wat = readFileSync(new URL('./testdata/opa-abi-test-double.wat', import.meta.url), 'utf8');
  const json = JSON.stringify(Object.fromEntries(builtins.map((b, i) => [b, i]))).replace(/"/g, '\\"');
  const patched = wat
    .replace(
      '(data (i32.const 16) "{}\\00")',
      `(data (i32.const 16) "{}\\00")\n  (data (i32.const 1024) "${json}\\00")`,
    )
    .replace(
      '(func (export "builtins") (result i32) (i32.const 16))',
      '(func (export "builtins") (result i32) (i32.const 1024))',
    );
  assert.notEqual(patched, wat);
  const wabt = await initWabt();
  const module = wabt.parseWat('double.wat', patched);
  return new Uint8Array(module.toBinary({ log: false }).buffer);
}

test('non-deterministic built-ins are refused at load time, naming the built-in', async () => {
  for (const name of Object.keys(REFUSED_BUILTINS)) {
    const r = await evaluatePredicatePolicy({ type: 'rego', wasm: await doubleCalling(['crypto.sha256', name]) }, true);
    assert.deepEqual([r.ok, r.code], [false, 'PREDICATE_POLICY_INVALID'], name);
    assert.match(r.reason, new RegExp(`calls ${name.replace(/\./g, '\\.')}, which sigguard refuses`));
  }
  const unknown = await evaluatePredicatePolicy({ type: 'rego', wasm: await doubleCalling(['graphql.parse']) }, true);
  assert.deepEqual([unknown.ok, unknown.code], [false, 'PREDICATE_POLICY_INVALID']);
  assert.match(unknown.reason, /calls graphql\.parse, which sigguard does not provide/);
  // Every unprovided built-in is refused at load with its reason; none is also provided.
  for (const [name, why] of Object.entries(UNPROVIDED_BUILTINS)) {
    assert.equal(name in HOST_BUILTINS, false, name);
    const r = await evaluatePredicatePolicy({ type: 'rego', wasm: await doubleCalling([name]) }, true);
    assert.deepEqual([r.ok, r.code], [false, 'PREDICATE_POLICY_INVALID'], name);
    assert.ok(
      r.reason.includes(`calls ${name}, which sigguard does not provide in WebAssembly evaluation: it ${why}`),
      r.reason,
    );
  }
  const jwt = [
    'io.jwt.verify_rs256',
    'io.jwt.verify_es512',
    'io.jwt.decode_verify',
    'io.jwt.encode_sign',
    'json.patch',
  ];
  const provided = await evaluatePredicatePolicy(
    { type: 'rego', wasm: await doubleCalling([...jwt, 'graph.reachable_paths']) },
    true,
  );
  assert.equal(provided.ok, true, provided.reason);
  // Provided built-ins load; time.now_ns is provided (it answers the decision's now).
  const fine = await evaluatePredicatePolicy(
    { type: 'rego', wasm: await doubleCalling(['time.now_ns', 'sprintf', 'units.parse']) },
    true,
  );
  assert.equal(fine.ok, true, fine.reason);
});

/**
 * A minimal module (not OPA-built) whose `sigstore/isCompliant` is `[{"result": time.now_ns()}]`,
 * calling the host through opa_builtin0 as OPA's modules do.
 */
async function nowModule(): Promise<Uint8Array> {
  const wat = `(module
  (import "env" "memory" (memory 2))
  (import "env" "opa_abort" (func $abort (param i32)))
  (import "env" "opa_builtin0" (func $b0 (param i32 i32) (result i32)))
  (global $heap (mut i32) (i32.const 65536))
  (global (export "opa_wasm_abi_version") i32 (i32.const 1))
  (global (export "opa_wasm_abi_minor_version") i32 (i32.const 2))
  (data (i32.const 16) "{\\"time.now_ns\\":7}\\00")
  (data (i32.const 64) "{\\"sigstore/isCompliant\\":0}\\00")
  (data (i32.const 128) "[{\\"result\\":")
  (func $malloc (export "opa_malloc") (param $n i32) (result i32)
    (local $p i32) (local.set $p (global.get $heap))
    (global.set $heap (i32.add (global.get $heap) (local.get $n))) (local.get $p))
  (func (export "opa_json_parse") (param $a i32) (param $n i32) (result i32)
    (local $p i32) (local.set $p (call $malloc (i32.add (local.get $n) (i32.const 1))))
    (memory.copy (local.get $p) (local.get $a) (local.get $n))
    (i32.store8 (i32.add (local.get $p) (local.get $n)) (i32.const 0)) (local.get $p))
  (func (export "opa_json_dump") (param $v i32) (result i32) (local.get $v))
  (func (export "opa_heap_ptr_get") (result i32) (global.get $heap))
  (func (export "opa_heap_ptr_set") (param $p i32) (global.set $heap (local.get $p)))
  (func (export "builtins") (result i32) (i32.const 16))
  (func (export "entrypoints") (result i32) (i32.const 64))
  (func (export "opa_eval") (param i32 i32 i32 i32 i32) (param $heapPtr i32) (param i32) (result i32)
    (local $v i32) (local $n i32) (local $out i32)
    (global.set $heap (local.get $heapPtr))
    (local.set $v (call $b0 (i32.const 7) (i32.const 0)))
    (local.set $n (i32.const 0))
    (block $done (loop $len
      (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $v) (local.get $n)))))
      (local.set $n (i32.add (local.get $n) (i32.const 1))) (br $len)))
    (local.set $out (call $malloc (i32.add (local.get $n) (i32.const 14))))
    (memory.copy (local.get $out) (i32.const 128) (i32.const 11))
    (memory.copy (i32.add (local.get $out) (i32.const 11)) (local.get $v) (local.get $n))
    (i32.store (i32.add (local.get $out) (i32.add (local.get $n) (i32.const 11))) (i32.const 0x5d7d))
    (local.get $out)))`;
  const wabt = await initWabt();
  return new Uint8Array(wabt.parseWat('now.wat', wat, { bulk_memory: true }).toBinary({ log: false }).buffer);
}

test("time.now_ns answers the decision's now, exactly, through the ABI", async () => {
  const policy = await compileRegoArtifact(await nowModule(), 1 << 20);
  const now = 1_796_439_600_123_456_789n;
  assert.deepEqual(await runRego(policy, {}, 1 << 20, { nowNs: now }), [{ result: now }]);
  // The instance is reused, yet each evaluation sees its own decision time.
  const made = regoInstanceStats().made;
  for (const n of [now + 1n, now - 86_400_000_000_000n, now])
    assert.deepEqual(await runRego(policy, {}, 1 << 20, { nowNs: n }), [{ result: n }]);
  assert.equal(regoInstanceStats().made, made);
  // evaluatePredicatePolicy passes options.now (a Date, so millisecond precision).
  const r = await evaluatePredicatePolicy(
    { type: 'rego', wasm: await nowModule() },
    {},
    { now: new Date('2026-12-05T03:00:00.5Z') },
  );
  assert.deepEqual([r.ok, r.code], [false, undefined]); // a number is not compliant, but it evaluated
  const bad = await evaluatePredicatePolicy(
    { type: 'rego', wasm: await nowModule() },
    {},
    { now: new Date(Number.NaN) },
  );
  assert.deepEqual([bad.ok, bad.code], [false, 'PAYLOAD_INVALID']);
});
