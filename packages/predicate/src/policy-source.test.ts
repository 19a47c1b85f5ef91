import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { PredicateError } from './errors.ts';
import { loadPolicySource } from './policy-source.ts';
import { TEST_DOUBLE_WASM, bundleOf } from './rego/testdata/double.ts';

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const served = (body: Uint8Array | string, status = 200) => {
  const calls: string[] = [];
  const fetch = (async (url: string) => (
    calls.push(url), new Response(body as BodyInit, { status })
  )) as unknown as typeof globalThis.fetch;
  return { calls, fetch };
};
const rejects = (p: Promise<unknown>, re: RegExp, code = 'POLICY_SOURCE') =>
  assert.rejects(p, (e: unknown) => e instanceof PredicateError && e.code === code && re.test(e.message));

test('inline data is used as-is', async () => {
  assert.deepEqual(await loadPolicySource({ type: 'cue', data: 'a: 1' }), { type: 'cue', data: 'a: 1' });
});

test('a remote policy is fetched and must match its sha256sum', async () => {
  const text = 'predicateType: "https://cosign.sigstore.dev/attestation/v1"\n';
  const { calls, fetch } = served(text);
  const p = await loadPolicySource(
    { type: 'cue', url: 'https://policies.example/p.cue', sha256sum: sha(text).toUpperCase() },
    { fetch },
  );
  assert.deepEqual(p, { type: 'cue', data: text });
  assert.deepEqual(calls, ['https://policies.example/p.cue']);
  await rejects(
    loadPolicySource({ type: 'cue', url: 'https://policies.example/p.cue', sha256sum: sha('other') }, { fetch }),
    /has sha256 [0-9a-f]{64}, but sha256sum says/,
  );
});

test('remote Rego may be a bundle, a module or source', async () => {
  const bundle = bundleOf({ 'policy.wasm': TEST_DOUBLE_WASM });
  assert.ok(
    'bundle' in
      (await loadPolicySource({ type: 'rego', url: 'https://x/b.tar.gz', sha256sum: sha(bundle) }, served(bundle))),
  );
  assert.ok(
    'wasm' in
      (await loadPolicySource(
        { type: 'rego', url: 'https://x/p.wasm', sha256sum: sha(TEST_DOUBLE_WASM) },
        served(TEST_DOUBLE_WASM),
      )),
  );
  const src = 'package sigstore\ndefault isCompliant = false\n';
  assert.deepEqual(
    await loadPolicySource({ type: 'rego', url: 'https://x/p.rego', sha256sum: sha(src) }, served(src)),
    { type: 'rego', data: src },
  );
});

test('url without sha256sum, HTTP errors, oversize bodies and configMapRef are clear errors', async () => {
  await rejects(loadPolicySource({ type: 'cue', url: 'https://x/p.cue' }, served('a: 1')), /needs a sha256sum/);
  await rejects(
    loadPolicySource({ type: 'cue', url: 'https://x/p.cue', sha256sum: sha('a') }, served('nope', 404)),
    /HTTP 404/,
  );
  await rejects(
    loadPolicySource(
      { type: 'cue', url: 'https://x/p.cue', sha256sum: sha('a') },
      { ...served('x'.repeat(100)), maxBytes: 10 },
    ),
    /over the limit of 10/,
  );
  const failing = (async () => {
    throw new TypeError('getaddrinfo ENOTFOUND');
  }) as unknown as typeof globalThis.fetch;
  await rejects(
    loadPolicySource({ type: 'cue', url: 'https://x/p.cue', sha256sum: sha('a') }, { fetch: failing }),
    /ENOTFOUND/,
  );
  await rejects(
    loadPolicySource({ type: 'cue', configMapRef: { name: 'policies', key: 'p.cue' } }),
    /configMapRef policies\/p\.cue is not supported outside a cluster/,
  );
  await rejects(
    loadPolicySource({ type: 'cue', data: 'a', url: 'https://x' }),
    /exactly one of data, url or configMapRef/,
  );
  await rejects(loadPolicySource({ type: 'yaml' as 'cue', data: 'a' }), /not supported/, 'UNSUPPORTED_POLICY_TYPE');
});
