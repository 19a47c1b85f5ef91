// The compile path for inline Rego. No real `opa` exists on the build machines, so these tests
// use fake `opa` executables (shell scripts) to check how sigguard drives and reports on it.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PredicateError, evaluatePredicatePolicy } from '@sigguard/predicate';
import { bundleOf } from '../rego/testdata/double.ts';
import { opaCompiler, opaMajorVersion } from './opa-compiler.ts';

const dir = mkdtempSync(join(tmpdir(), 'sigguard-fake-opa-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function fakeOpa(name: string, script: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}

const SOURCE = 'package sigstore\ndefault isCompliant = false\nisCompliant { input.ok }\n';

test('no opa executable: a clear error saying how to precompile', async () => {
  const compile = opaCompiler({ opaPath: join(dir, 'no-such-opa') });
  await assert.rejects(compile(SOURCE), (e: unknown) => {
    assert.ok(e instanceof PredicateError);
    assert.equal(e.code, 'ENGINE_UNAVAILABLE');
    assert.match(e.message, /no `opa` executable found/);
    assert.match(
      e.message,
      /opa build -t wasm -e sigstore\/isCompliant --v0-compatible -o bundle\.tar\.gz policy\.rego/,
    );
    return true;
  });
  // And found through PATH by default: an empty PATH finds none.
  const viaPath = await evaluatePredicatePolicy(
    { type: 'rego', data: SOURCE },
    { ok: true },
    { regoCompiler: opaCompiler({ env: { PATH: dir } }) },
  );
  assert.deepEqual([viaPath.ok, viaPath.code], [false, 'ENGINE_UNAVAILABLE']);
});

test('an opa on PATH that fails: the failure and its output are reported, never a pass', async () => {
  fakeOpa('opa', 'echo "opa: broken install" >&2\nexit 3');
  const r = await evaluatePredicatePolicy(
    { type: 'rego', data: SOURCE },
    { ok: true },
    { regoCompiler: opaCompiler({ env: { PATH: dir } }) },
  );
  assert.deepEqual([r.ok, r.code], [false, 'ENGINE_UNAVAILABLE']);
  assert.match(r.reason, /`opa version` failed \(exit 3\): opa: broken install/);
});

test("opa build errors (e.g. a Rego syntax error) are PREDICATE_POLICY_INVALID with opa's message", async () => {
  const opa = fakeOpa(
    'opa-build-fails',
    'if [ "$1" = version ]; then echo "Version: 1.12.3"; exit 0; fi\n' +
      'echo "1 error occurred: policy.rego:3: rego_parse_error: unexpected {" >&2\nexit 1',
  );
  const r = await evaluatePredicatePolicy(
    { type: 'rego', data: SOURCE },
    {},
    { regoCompiler: opaCompiler({ opaPath: opa }) },
  );
  assert.deepEqual([r.ok, r.code], [false, 'PREDICATE_POLICY_INVALID']);
  assert.match(r.reason, /`opa build` failed \(exit 1\): 1 error occurred: policy\.rego:3: rego_parse_error/);
});

test('a working opa: v0-compatible build of the sigstore/isCompliant entrypoint, cached by source hash', async () => {
  const bundle = join(dir, 'bundle-from-fake-opa.tar.gz');
  // The double (see rego/testdata) answers isCompliant = input.
  writeFileSync(
    bundle,
    bundleOf({ '/policy.wasm': readFileSync(new URL('../rego/testdata/opa-abi-test-double.wasm', import.meta.url)) }),
  );
  const log = join(dir, 'calls.log');
  const opa = fakeOpa(
    'opa-works',
    `echo "$@" >> ${log}\nif [ "$1" = version ]; then echo "Version: 1.12.3"; exit 0; fi\nwhile [ $# -gt 0 ]; do if [ "$1" = -o ]; then cp ${bundle} "$2"; fi; shift; done`,
  );
  const compile = opaCompiler({ opaPath: opa });
  const first = await evaluatePredicatePolicy({ type: 'rego', data: SOURCE }, true, { regoCompiler: compile });
  assert.equal(first.ok, true, first.reason);
  const second = await evaluatePredicatePolicy({ type: 'rego', data: SOURCE }, false, { regoCompiler: compile });
  assert.equal(second.ok, false);
  const calls = readFileSync(log, 'utf8').trim().split('\n');
  assert.equal(calls.length, 2, 'one version probe and one build for two evaluations of the same source');
  assert.match(
    calls[1]!,
    /^build -t wasm -e sigstore\/isCompliant --v0-compatible -o \S+bundle\.tar\.gz \S+policy\.rego$/,
  );
});

test('opaMajorVersion reads `opa version` output; OPA 0.x gets no --v0-compatible', () => {
  assert.equal(opaMajorVersion('Version: 1.12.3\nBuild Commit: abc\n'), 1);
  assert.equal(opaMajorVersion('Version: 0.70.0\n'), 0);
  assert.equal(opaMajorVersion('garbage'), undefined);
});
