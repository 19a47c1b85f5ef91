import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { main } from '../main.ts';
import type { CliIO } from '../io.ts';
import { OPA_TEST_DOUBLE_WASM } from '@sigguard/test-vectors/support/locations';

function capture(): CliIO & { text: () => string } {
  const lines: string[] = [];
  return { out: (l) => lines.push(l), err: (l) => lines.push(l), isTTY: false, text: () => lines.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'sigguard-eval-predicate-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

const statement = {
  _type: 'https://in-toto.io/Statement/v0.1',
  predicateType: 'https://cosign.sigstore.dev/attestation/v1',
  subject: [{ name: 'registry.example/app', digest: { sha256: '12'.repeat(32) } }],
  predicate: { Data: 'release build', Timestamp: '2025-05-01T00:00:00Z' },
};
const envelope = file(
  'envelope.json',
  JSON.stringify({
    payloadType: 'application/vnd.in-toto+json',
    payload: Buffer.from(JSON.stringify(statement)).toString('base64'),
    signatures: [],
  }),
);
const bare = file('statement.json', JSON.stringify(statement));
const passing = file(
  'pass.cue',
  'import "time"\npredicateType: "https://cosign.sigstore.dev/attestation/v1"\npredicate: Timestamp: <"2030-01-01T00:00:00Z"\npredicate: Data: string\n',
);
const failing = file('fail.cue', 'predicate: Data: "nightly build"\n');

async function run(...args: string[]) {
  const io = capture();
  const code = await main(['eval-predicate', ...args], io);
  return { code, out: io.text() };
}

test('exit 0 and PASS when the policy holds (envelope or bare statement)', async () => {
  const a = await run('--policy', passing, '--input', envelope);
  assert.equal(a.code, 0, a.out);
  assert.match(a.out, /^PASS \(cue\)/);
  const b = await run('--policy', passing, '--input', bare, '--predicate-type', 'custom');
  assert.equal(b.code, 0, b.out);
});

test('exit 1 and the CUE reason when the policy fails', async () => {
  const r = await run('--policy', failing, '--input', envelope, '--predicate-type', 'custom');
  assert.equal(r.code, 1);
  assert.match(
    r.out,
    /FAIL \(cue\): failed evaluating cue policy for custom: failed to evaluate the policy with error: predicate\.Data: conflicting values "release build" and "nightly build"/,
  );
});

test('exit 1 when the statement is of another predicate type', async () => {
  const r = await run('--policy', passing, '--input', envelope, '--predicate-type', 'vuln');
  assert.equal(r.code, 1);
  assert.match(r.out, /predicateType https:\/\/cosign\.sigstore\.dev\/attestation\/v1 is not vuln/);
});

test('a JSON document that is not an attestation is evaluated as it is (CIP-level policy)', async () => {
  const doc = file('cip-input.json', JSON.stringify({ spec: { serviceAccount: 'default' } }));
  const policy = file('spec.cue', 'spec: serviceAccount: "builder"\n');
  const r = await run('--policy', policy, '--input', doc);
  assert.equal(r.code, 1);
  assert.match(
    r.out,
    /failed evaluating cue policy for ClusterImagePolicy: .*spec\.serviceAccount: conflicting values "default" and "builder"/,
  );
});

test('Rego: a policy.wasm runs; Rego source without opa exits 2 with how to precompile', async () => {
  const wasm = file('policy.wasm', readFileSync(OPA_TEST_DOUBLE_WASM));
  // The test double answers isCompliant = input: a statement object is not compliant.
  const r = await run('--policy', wasm, '--input', envelope, '--json');
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.out).engine, 'rego');
  const src = file('policy.rego', 'package sigstore\ndefault isCompliant = false\n');
  const noOpa = await run('--policy', src, '--input', envelope, '--opa', join(dir, 'missing-opa'));
  assert.equal(noOpa.code, 2);
  assert.match(noOpa.out, /no `opa` executable found.*opa build -t wasm -e sigstore\/isCompliant/);
});

test('errors exit 2: bad policy, bad input, usage', async () => {
  const bad = file('bad.cue', '{"wontgo');
  const compile = await run('--policy', bad, '--input', envelope);
  assert.equal(compile.code, 2);
  assert.match(compile.out, /failed to compile the cue policy with error: string literal not terminated/);
  const badPayload = file(
    'bad-envelope.json',
    JSON.stringify({ payloadType: 'application/vnd.in-toto+json', payload: 'bm90dG90b3N0YXRlbWVudAo' }),
  );
  const decode = await run('--policy', passing, '--input', badPayload);
  assert.equal(decode.code, 2);
  assert.match(decode.out, /decoding payload: illegal base64/);
  assert.equal((await run('--input', envelope)).code, 2);
  assert.equal((await run('--policy', passing, '--input', join(dir, 'missing.json'))).code, 2);
  assert.equal((await run('--policy', passing, '--input', envelope, '--type', 'yaml')).code, 2);
  assert.equal(
    (await run('--policy', file('p.txt', 'a: 1'), '--input', envelope)).code,
    2,
    'type not given and not guessable',
  );
});
