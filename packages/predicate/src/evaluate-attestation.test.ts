import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attestationPredicateType, evaluateAttestationPolicy } from './evaluate-attestation.ts';
import { TEST_DOUBLE_WASM } from './rego/testdata/double.ts';
import { envelopeOf } from './testdata/shared-vectors.ts';

const statement = {
  _type: 'https://in-toto.io/Statement/v1',
  predicateType: 'https://cyclonedx.org/bom',
  subject: [{ name: 'app', digest: { sha256: 'aa'.repeat(32) } }],
  predicate: { bomFormat: 'CycloneDX', components: [{ name: 'left-pad', version: '1.3.0' }] },
};
// A policy that accepts any statement with a predicate: these tests are about the plumbing.
const acceptAll = { type: 'cue' as const, data: 'predicate: _' };

test('envelopes, Sigstore bundles, bare statements (object, text or bytes) are accepted', async () => {
  const env = envelopeOf(statement);
  for (const doc of [
    env,
    new TextEncoder().encode(env),
    JSON.parse(env),
    { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', dsseEnvelope: JSON.parse(env) },
    statement,
  ]) {
    const r = await evaluateAttestationPolicy(acceptAll, doc, 'cyclonedx');
    assert.equal(r.ok, true, r.reason);
    assert.equal(r.matched, true);
    assert.equal(r.gotPredicateType, 'https://cyclonedx.org/bom');
  }
  assert.equal(attestationPredicateType(env), 'https://cyclonedx.org/bom');
});

test('another predicate type is unmatched, not evaluated, and not ok', async () => {
  const r = await evaluateAttestationPolicy(
    { type: 'rego', wasm: TEST_DOUBLE_WASM },
    envelopeOf(statement),
    'spdxjson',
  );
  assert.deepEqual([r.ok, r.matched, r.code], [false, false, undefined]);
  assert.equal(r.reason, 'attestation predicateType https://cyclonedx.org/bom is not spdxjson');
});

test('the statement size limit applies before decoding; bad envelopes are PAYLOAD_INVALID', async () => {
  const big = envelopeOf({ ...statement, predicate: { pad: 'x'.repeat(10_000) } });
  const r = await evaluateAttestationPolicy(acceptAll, big, 'cyclonedx', { limits: { maxInputBytes: 2000 } });
  assert.deepEqual([r.ok, r.code], [false, 'INPUT_TOO_LARGE']);
  assert.match(r.reason, /statement is \d+ bytes, over the limit of 2000 bytes/);
  const bad = await evaluateAttestationPolicy(
    acceptAll,
    '{"payloadType": "application/vnd.in-toto+json", "payload": 5}',
    'cyclonedx',
  );
  assert.deepEqual([bad.ok, bad.code], [false, 'PAYLOAD_INVALID']);
  assert.equal(bad.reason, 'invalid payload: payload field is not a string (got float64)');
  // An envelope must say it carries in-toto (as cosign requires), in the library as in eval-predicate.
  const good = envelopeOf(statement) as { payloadType?: unknown };
  for (const [payloadType, reason] of [
    [undefined, 'the DSSE envelope has no payloadType (an attestation needs application/vnd.in-toto+json)'],
    ['text/plain', 'DSSE payload type is "text/plain", not application/vnd.in-toto+json'],
  ] as const) {
    const r = await evaluateAttestationPolicy(acceptAll, { ...good, payloadType }, 'cyclonedx');
    assert.deepEqual([r.ok, r.code, r.reason], [false, 'PAYLOAD_INVALID', reason]);
    const inBundle = await evaluateAttestationPolicy(
      acceptAll,
      { dsseEnvelope: { ...good, payloadType } },
      'cyclonedx',
    );
    assert.deepEqual([inBundle.ok, inBundle.code], [false, 'PAYLOAD_INVALID']);
  }
});
