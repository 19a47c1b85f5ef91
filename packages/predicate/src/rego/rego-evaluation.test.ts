// test-isolation: process (checks which engines a fresh process has loaded)
// Rego through sigguard's OPA ABI host. No `opa` can be installed on the build machines,
// so the module evaluated here is a TEST DOUBLE (testdata/opa-abi-test-double.wat): it
// implements the OPA WASM ABI and returns, as `data.sigstore.isCompliant`, its input (or its
// bundle data). The parity cases below therefore run the *value real OPA returns* for each
// recorded policy (derived by hand from its Rego source) through the ABI host and
// sigguard's reading of it; the Rego source itself is not evaluated in these tests.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCueLoaded } from '../cue/cue-engine.ts';
import { evaluatePredicatePolicy } from '../evaluate.ts';
import { parse as parseYAML } from 'yaml';
import { SKIP_NO_SHARED, sharedJSON, sharedText } from '../testdata/shared-vectors.ts';
import { readOpaBundle } from './opa-bundle.ts';
import { compileRegoArtifact } from './rego-engine.ts';
import { TEST_DOUBLE_WASM, bundleOf, doubleWithoutEntrypoint } from './testdata/double.ts';

const wasm = { type: 'rego' as const, wasm: TEST_DOUBLE_WASM };
const NOT = "policy is not compliant for query 'isCompliant = data.sigstore.isCompliant'";

// What OPA returns for data.sigstore.isCompliant on each recorded case's input.
const OPA_VALUE: Record<string, unknown> = {
  'Rego cluster image policy main policy, checks out': true,
  'Rego cluster image policy main policy, fails': false, // `default isCompliant = false`
  'Rego cluster image policy main policy succeed with empty error msg': [{ error: '', result: true, warning: '' }],
  'Rego cluster image policy main policy, fails with custom error msg': [
    { error: 'Not found expected list of attestations', result: false, warning: '' },
  ],
  'Rego cluster image policy main policy, returns a custom warning msg': [
    { error: '', result: true, warning: 'Throw warning error even if succeeded' },
  ],
};
const OPA_MODULE_VALUE = [
  true,
  false,
  [{ error: 'attestationsKeylessATT is not equal to 1000', result: false, warning: '' }],
];

test('Rego evaluation does not load the CUE engine', async () => {
  const r = await evaluatePredicatePolicy(wasm, true);
  assert.equal(r.ok, true, r.reason);
  assert.equal(isCueLoaded(), false);
});

test('[test double] cosign TestEvalPolicy Rego cases: outcomes and messages; warnings fail', {
  skip: SKIP_NO_SHARED,
}, async () => {
  const { vectors } = sharedJSON<{
    vectors: {
      name: string;
      policyType: string;
      wantErr: boolean;
      wantErrSubstring: string | null;
      wantWarnSubstring: string | null;
    }[];
  }>('_extracted/policy_eval_vectors_cosign_v3.0.5.json');
  const rego = vectors.filter((v) => v.policyType === 'rego');
  assert.equal(rego.length, 5);
  for (const v of rego) {
    assert.ok(v.name in OPA_VALUE, v.name);
    const r = await evaluatePredicatePolicy(wasm, OPA_VALUE[v.name], { name: v.name });
    if (v.wantErrSubstring) assert.ok(r.reason.includes(v.wantErrSubstring), `${v.name}: ${r.reason}`);
    if (v.wantWarnSubstring) {
      // cosign: success with a warning; policy-controller: failure.
      assert.equal(r.ok, false, v.name);
      assert.deepEqual(r.warnings, [v.wantWarnSubstring]);
      assert.deepEqual(r.errors, []);
    } else {
      assert.equal(r.ok, !v.wantErr, `${v.name}: ${r.reason}`);
    }
    assert.equal(r.code, undefined, 'a verdict, not an engine error');
  }
});

test('[test double] cosign TestValidateJSONWithModuleInput cases give the exact errors', {
  skip: SKIP_NO_SHARED,
}, async () => {
  const { vectors } = sharedJSON<{ vectors: { name: string; pass: boolean; wantErrorExact: string | null }[] }>(
    '_extracted/rego_module_vectors_cosign_v3.0.5.json',
  );
  assert.equal(vectors.length, OPA_MODULE_VALUE.length);
  for (const [i, v] of vectors.entries()) {
    const r = await evaluatePredicatePolicy(wasm, OPA_MODULE_VALUE[i], { name: 'custom' });
    assert.equal(r.ok, v.pass, v.name);
    if (v.wantErrorExact) assert.equal(r.reason, `failed evaluating rego policy for type custom: ${v.wantErrorExact}`);
  }
});

test('[test double] e2e rego CIP: wrong data is not compliant, named by the attestation', {
  skip: SKIP_NO_SHARED,
}, async () => {
  const cip = parseYAML(sharedText('test/testdata/policy-controller/e2e/cip-keyless-with-attestations-rego.yaml'));
  const att = cip.spec.authorities[0].attestations[0];
  assert.equal(att.policy.type, 'rego');
  assert.match(att.policy.data, /input\.predicate\.Data == "foobar e2e test"/);
  // Its Rego source needs opa, absent here: that fails closed, saying how to precompile.
  const uncompiled = await evaluatePredicatePolicy({ type: 'rego', data: att.policy.data }, {}, { name: att.name });
  assert.deepEqual([uncompiled.ok, uncompiled.code], [false, 'ENGINE_UNAVAILABLE']);
  // What OPA returns for it: `default isCompliant = false` on wrong data, true on the right data.
  const wrong = await evaluatePredicatePolicy(wasm, false, { name: att.name });
  assert.ok(
    wrong.reason.includes(
      'failed evaluating rego policy for type custom-match-predicate: policy is not compliant for query',
    ),
    wrong.reason,
  );
  assert.equal((await evaluatePredicatePolicy(wasm, true, { name: att.name })).ok, true);
});

test('[test double] own cases: set results, errors surface, single objects are not compliant', async () => {
  const failing = await evaluatePredicatePolicy(
    wasm,
    [{ result: false, error: 'builder is not trusted', warning: '' }],
    { name: 'slsaprovenance1' },
  );
  assert.equal(failing.ok, false);
  assert.equal(
    failing.reason,
    `failed evaluating rego policy for type slsaprovenance1: ${NOT} with errors: builder is not trusted`,
  );
  assert.deepEqual(failing.errors, ['builder is not trusted']);
  const single = await evaluatePredicatePolicy(wasm, { result: true, error: '', warning: '' });
  assert.equal(single.ok, false);
  assert.equal(single.reason, `failed evaluating rego policy for type predicate: ${NOT}`);
});

test('[test double] OPA bundles: /policy.wasm and data.json are loaded', async () => {
  const plain = bundleOf({
    'policy.wasm': TEST_DOUBLE_WASM,
    'data.json': '{}',
    '.manifest': '{"revision":"","roots":[""]}',
  });
  const ok = await evaluatePredicatePolicy({ type: 'rego', bundle: plain }, true);
  assert.equal(ok.ok, true, ok.reason);
  // With non-empty bundle data the double answers with the data (an object: not compliant),
  // which shows the data document reached the engine.
  const withData = bundleOf({ '/policy.wasm': TEST_DOUBLE_WASM, '/data.json': '{"allowed": ["a"]}' });
  const r = await evaluatePredicatePolicy({ type: 'rego', bundle: withData }, true);
  assert.equal(r.ok, false);
  assert.match(r.reason, /not compliant/);
});

test('readOpaBundle builds the data tree from nested data.json files', () => {
  const b = readOpaBundle(
    bundleOf({ '/policy.wasm': TEST_DOUBLE_WASM, '/data.json': '{"x":1}', '/sigstore/keys/data.json': '{"k":["a"]}' }),
    1 << 20,
  );
  assert.deepEqual(b.data, { x: 1, sigstore: { keys: { k: ['a'] } } });
  assert.equal(b.wasm.length, TEST_DOUBLE_WASM.length);
});

test('broken policies and bundles are PREDICATE_POLICY_INVALID errors, never a pass', async () => {
  const cases: [Uint8Array, 'wasm' | 'bundle', RegExp][] = [
    [new Uint8Array([0, 0x61, 0x73, 0x6d, 9, 9]), 'wasm', /not a valid WebAssembly module/],
    [doubleWithoutEntrypoint(), 'wasm', /no sigstore\/isCompliant entrypoint \(has: sigstore\/isEnforcing\)/],
    [bundleOf({ 'data.json': '{}' }), 'bundle', /no \/policy\.wasm/],
    [new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]), 'bundle', /not valid gzip|not a valid tar|no \/policy\.wasm/],
    [
      bundleOf({ 'policy.wasm': TEST_DOUBLE_WASM }).slice(0, 200),
      'bundle',
      /not valid gzip|not a valid tar|no \/policy\.wasm|not a valid WebAssembly/,
    ],
    [bundleOf({ 'policy.wasm': TEST_DOUBLE_WASM, 'data.json': '{nope' }), 'bundle', /data\.json is not valid JSON/],
  ];
  for (const [bytes, kind, want] of cases) {
    const r = await evaluatePredicatePolicy(
      kind === 'wasm' ? { type: 'rego', wasm: bytes } : { type: 'rego', bundle: bytes },
      true,
    );
    assert.equal(r.ok, false);
    assert.equal(r.code, 'PREDICATE_POLICY_INVALID', r.reason);
    assert.match(r.reason, want);
  }
});

test('a bundle that expands past the memory limit is refused', async () => {
  const big = bundleOf({ 'policy.wasm': TEST_DOUBLE_WASM, 'data.json': `{"pad":"${'x'.repeat(300_000)}"}` });
  const r = await evaluatePredicatePolicy({ type: 'rego', bundle: big }, true, {
    limits: { maxMemoryBytes: 128 * 1024 },
  });
  assert.equal(r.ok, false);
  assert.equal(r.code, 'INPUT_TOO_LARGE');
});

test('[test double] engine aborts, traps and memory exhaustion fail with their reason', async () => {
  const abort = await evaluatePredicatePolicy(wasm, 'abort');
  assert.deepEqual([abort.ok, abort.code], [false, 'ENGINE_FAILURE']);
  assert.match(abort.reason, /test double: abort requested by input/);
  const trap = await evaluatePredicatePolicy(wasm, 'trap');
  assert.deepEqual([trap.ok, trap.code], [false, 'ENGINE_FAILURE']);
  assert.match(trap.reason, /unreachable/);
  const oom = await evaluatePredicatePolicy(wasm, 'oom', { limits: { maxMemoryBytes: 4 * 1024 * 1024 } });
  // Growing past the hard memory maximum is the memory limit, named as such (not an engine defect).
  assert.deepEqual([oom.ok, oom.code, oom.limit], [false, 'ENGINE_LIMIT', 'memory']);
  assert.match(oom.reason, /ran out of memory at its ceiling of 4194304 bytes/);
  // An input larger than the engine memory cannot even be loaded: that too is the memory limit.
  const huge = await evaluatePredicatePolicy(
    wasm,
    { pad: 'x'.repeat(600_000) },
    { limits: { maxMemoryBytes: 512 * 1024 } },
  );
  assert.deepEqual([huge.ok, huge.code, huge.limit], [false, 'ENGINE_LIMIT', 'memory']);
  // The module still works afterwards (a failed instance is dropped, never reused).
  assert.equal((await evaluatePredicatePolicy(wasm, true)).ok, true);
});

test('compiled modules are cached by content hash', async () => {
  const a = await compileRegoArtifact(TEST_DOUBLE_WASM, 1 << 20);
  const b = await compileRegoArtifact(TEST_DOUBLE_WASM.slice(), 1 << 20);
  assert.equal(a, b);
  assert.match(a.digest, /^[0-9a-f]{64}$/);
});
