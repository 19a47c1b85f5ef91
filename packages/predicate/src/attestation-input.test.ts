import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attestationToInput, shapeStatement } from './attestation-input.ts';
import { PredicateError } from './errors.ts';
import { PREDICATE_SHORT_NAMES, predicateTypeURI } from './predicate-types.ts';
import { SKIP_NO_SHARED, envelopeOf, sharedJSON, sharedText } from './testdata/shared-vectors.ts';

interface PayloadVectors {
  failures: { payload: string; predicateType: string; wantErrSubstring: string }[];
  valid: { file: string; predicateType: string; wantGotPredicateType: string }[];
}

test('short names map to cosign v3.0.5 URIs; other values are URIs verbatim', () => {
  assert.equal(predicateTypeURI('custom'), 'https://cosign.sigstore.dev/attestation/v1');
  assert.equal(predicateTypeURI('slsaprovenance'), 'https://slsa.dev/provenance/v0.2');
  assert.equal(predicateTypeURI('slsaprovenance02'), 'https://slsa.dev/provenance/v0.2');
  assert.equal(predicateTypeURI('slsaprovenance1'), 'https://slsa.dev/provenance/v1');
  assert.equal(predicateTypeURI('link'), 'https://in-toto.io/Link/v1');
  assert.equal(predicateTypeURI('spdx'), 'https://spdx.dev/Document');
  assert.equal(predicateTypeURI('spdxjson'), 'https://spdx.dev/Document');
  assert.equal(predicateTypeURI('cyclonedx'), 'https://cyclonedx.org/bom');
  assert.equal(predicateTypeURI('vuln'), 'https://cosign.sigstore.dev/attestation/vuln/v1');
  assert.equal(predicateTypeURI('openvex'), 'https://openvex.dev/ns');
  assert.equal(Object.keys(PREDICATE_SHORT_NAMES).length, 10);
  assert.equal(predicateTypeURI('https://example.com/p/v1'), 'https://example.com/p/v1');
  assert.equal(predicateTypeURI('Custom'), 'Custom', 'short names are case-sensitive');
  assert.equal(predicateTypeURI('toString'), 'toString', 'no prototype keys');
});

test('cosign AttestationToPayloadJSON failure vectors give the recorded errors', { skip: SKIP_NO_SHARED }, () => {
  const v = sharedJSON<PayloadVectors>('_extracted/attestation_payload_vectors_cosign_v3.0.5.json');
  assert.equal(v.failures.length, 7);
  for (const f of v.failures) {
    assert.throws(
      () => attestationToInput(f.payload, f.predicateType),
      (e: unknown) =>
        e instanceof PredicateError && e.code === 'PAYLOAD_INVALID' && e.message.includes(f.wantErrSubstring),
      `payload ${JSON.stringify(f.payload)} should fail with ${f.wantErrSubstring}`,
    );
  }
});

test('cosign valid envelopes decode to their predicate types; malformed ones do not match', {
  skip: SKIP_NO_SHARED,
}, () => {
  const v = sharedJSON<PayloadVectors>('_extracted/attestation_payload_vectors_cosign_v3.0.5.json');
  for (const ok of v.valid) {
    const r = attestationToInput(sharedText(ok.file), ok.predicateType);
    assert.equal(r.matched, true, ok.file);
    assert.equal(r.gotPredicateType, ok.wantGotPredicateType);
    assert.equal(r.input?.predicateType, ok.wantGotPredicateType);
  }
  for (const name of ['custom', 'vuln']) {
    const r = attestationToInput(sharedText(`_from_cosign@v3.0.5/pkg/policy/testdata/malformed/${name}`), name);
    assert.equal(r.matched, false);
    assert.equal(r.input, undefined);
    assert.match(r.gotPredicateType, /^cosign\.sigstore\.dev\/attestation\//);
  }
});

test('vuln statements are shaped through CosignVulnStatement (zero values, RFC 3339 times)', {
  skip: SKIP_NO_SHARED,
}, () => {
  const r = attestationToInput(sharedText('_from_cosign@v3.0.5/pkg/policy/testdata/valid/vuln'), 'vuln');
  assert.deepEqual(r.input?.predicate, {
    invocation: { parameters: null, uri: '', event_id: '', 'builder.id': '' },
    scanner: { uri: '', version: '', db: { uri: '', version: '' }, result: null },
    metadata: { scanStartedOn: '0001-01-01T00:00:00Z', scanFinishedOn: '0001-01-01T00:00:00Z' },
  });
});

const base = {
  _type: 'https://in-toto.io/Statement/v0.1',
  subject: [{ name: 'registry.example/app', digest: { sha256: 'ab'.repeat(32) } }],
};

test('generic shape keeps the predicate, drops unknown top-level keys, fills missing ones', () => {
  const st = {
    ...base,
    predicateType: 'https://cosign.sigstore.dev/attestation/v1',
    predicate: { Data: 'x', Extra: { n: 1 } },
    extraTop: 1,
  };
  const r = attestationToInput(envelopeOf(st), 'custom');
  assert.deepEqual(r.input, {
    _type: base._type,
    predicateType: st.predicateType,
    subject: base.subject,
    predicate: st.predicate,
  });
  const bare = shapeStatement(JSON.stringify({ predicateType: 'https://example.com/x' }), 'https://example.com/x');
  assert.deepEqual(bare.input, { _type: '', predicateType: 'https://example.com/x', subject: null, predicate: null });
});

test('keys match case-insensitively, as Go encoding/json does', () => {
  const r = shapeStatement(JSON.stringify({ PredicateType: 'https://spdx.dev/Document', Predicate: { a: 1 } }), 'spdx');
  assert.equal(r.matched, true);
  assert.deepEqual(r.input?.predicate, { a: 1 });
});

test('a statement field of the wrong JSON type is an error, not a skip', () => {
  assert.throws(
    () => shapeStatement(JSON.stringify({ predicateType: 7 }), 'custom'),
    /unmarshaling in-toto statement: json: cannot unmarshal number/,
  );
  assert.throws(
    () =>
      shapeStatement(
        JSON.stringify({ predicateType: 'https://cosign.sigstore.dev/attestation/v1', subject: {} }),
        'custom',
      ),
    /cannot unmarshal object into Go value of type slice/,
  );
  const vuln = {
    ...base,
    predicateType: PREDICATE_SHORT_NAMES.vuln,
    predicate: { metadata: { scanStartedOn: 'yesterday' } },
  };
  assert.throws(
    () => shapeStatement(JSON.stringify(vuln), 'vuln'),
    /unmarshaling CosignVulnStatement: parsing time "yesterday"/,
  );
});

test('slsaprovenance (v0.2) keeps typed fields only, with Go zero values and omitempty', () => {
  const st = {
    ...base,
    predicateType: 'https://slsa.dev/provenance/v0.2',
    predicate: {
      builder: { id: 'https://builder.example/b', extra: 1 },
      buildType: 'https://example/type',
      invocation: { configSource: { uri: 'git+https://x', digest: { sha1: 'ff' } }, parameters: { a: 1 } },
      metadata: { buildStartedOn: '2024-01-02T03:04:05.500Z', completeness: { parameters: true } },
      materials: [{ uri: 'pkg:x', digest: { sha256: '00' }, annotations: {} }],
      unknownField: 'dropped',
    },
  };
  const r = shapeStatement(JSON.stringify(st), 'slsaprovenance');
  assert.deepEqual(r.input?.predicate, {
    builder: { id: 'https://builder.example/b' },
    buildType: 'https://example/type',
    invocation: { configSource: { uri: 'git+https://x', digest: { sha1: 'ff' } }, parameters: { a: 1 } },
    metadata: {
      buildStartedOn: '2024-01-02T03:04:05.5Z',
      completeness: { parameters: true, environment: false, materials: false },
      reproducible: false,
    },
    materials: [{ uri: 'pkg:x', digest: { sha256: '00' } }],
  });
  // The URI (not the short name) keeps the predicate as-is, as cosign's switch does.
  const asURI = shapeStatement(JSON.stringify(st), 'https://slsa.dev/provenance/v0.2');
  assert.deepEqual(asURI.input?.predicate, st.predicate);
  // slsaprovenance02 / slsaprovenance1 use the generic statement too.
  assert.deepEqual(shapeStatement(JSON.stringify(st), 'slsaprovenance02').input?.predicate, st.predicate);
});

test('link statements are shaped into in-toto Link predicates', () => {
  const st = {
    ...base,
    predicateType: 'https://in-toto.io/Link/v1',
    predicate: { name: 'build', command: ['make'], materials: { 'a.c': { sha256: '11' } }, other: 1 },
  };
  assert.deepEqual(shapeStatement(JSON.stringify(st), 'link').input?.predicate, {
    _type: '',
    name: 'build',
    materials: { 'a.c': { sha256: '11' } },
    products: null,
    byproducts: null,
    command: ['make'],
    environment: null,
  });
});

test('payload must be strict standard base64 (padding required)', () => {
  const st = { ...base, predicateType: PREDICATE_SHORT_NAMES.custom, predicate: {} };
  const good = JSON.parse(envelopeOf(st)) as { payload: string };
  // "nottotostatement\n" without its padding: atob would accept it, Go's StdEncoding does not.
  assert.throws(
    () => attestationToInput({ payload: 'bm90dG90b3N0YXRlbWVudAo' }, 'custom'),
    /decoding payload: illegal base64 data at input byte 20/,
  );
  assert.throws(
    () => attestationToInput({ payload: 'ab-_' }, 'custom'),
    /decoding payload: illegal base64 data at input byte 2/,
  );
  // Go's decoder skips CR/LF.
  const wrapped = { payload: good.payload.replace(/(.{20})/g, '$1\n') };
  assert.equal(attestationToInput(wrapped, 'custom').matched, true);
});
