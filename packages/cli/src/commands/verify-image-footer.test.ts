import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ImageDecision } from 'sigguard';
import { evidenceFooter } from './verify-image-footer.ts';

const D = `sha256:${'d'.repeat(64)}`;
const I = `sha256:${'e'.repeat(64)}`;

function decision(over: Partial<ImageDecision>): ImageDecision {
  return {
    allowed: false,
    summary: 'denied: …',
    warnings: [],
    image: { input: 'r.example/app:v1', name: `r.example/app@${D}`, digest: D },
    matchedPolicies: ['p'],
    policies: [],
    subject: { reference: `r.example/app@${D}`, digest: D, kind: 'manifest', resolvedFromTag: 'v1' },
    evidence: {
      source: 'registry',
      found: [],
      notes: [
        {
          name: 'referrers',
          status: 'skip',
          reason: "no referrers API and no 'sha256-ddd…' referrers tag in r.example/app",
        },
        { name: 'legacy-signatures', status: 'pass', reason: 'r.example/app:sha256-ddd….sig has 1 layer(s)' },
      ],
    },
    ...over,
  } as ImageDecision;
}

test('a denial: the digest and the tag it came from, what was found, and where sigguard looked', () => {
  assert.deepEqual(
    evidenceFooter(
      decision({
        evidence: { ...decision({}).evidence, found: [{ id: 'sig', origin: 'referrers-tag', kind: 'signature' }] },
      }),
    ),
    [
      `checked: manifest ${D} (resolved from tag v1)`,
      'evidence from registry: 1 signature, 0 attestations',
      'where sigguard looked:',
      "  - referrers: no referrers API and no 'sha256-ddd…' referrers tag in r.example/app",
      '  ✓ legacy-signatures: r.example/app:sha256-ddd….sig has 1 layer(s)',
    ],
  );
});

test('an admission: no notes; attestation predicate types listed once; a platform picked from an index', () => {
  const found = [
    { id: 'a1', origin: 'referrers-tag', kind: 'attestation', predicateType: 'https://slsa.dev/provenance/v1' },
    { id: 'a2', origin: 'referrers-tag', kind: 'attestation', predicateType: 'https://slsa.dev/provenance/v1' },
    { id: 's1', origin: 'referrers-tag', kind: 'signature' },
    { id: 's2', origin: 'referrers-tag', kind: 'signature' },
  ] as ImageDecision['evidence']['found'];
  const lines = evidenceFooter(
    decision({
      allowed: true,
      subject: {
        reference: `r.example/app@${I}`,
        digest: D,
        kind: 'manifest',
        fromIndex: { digest: I, platform: 'linux/amd64' },
      },
      evidence: { source: 'registry', found, notes: decision({}).evidence.notes },
    }),
  );
  assert.deepEqual(lines, [
    `checked: platform linux/amd64 manifest ${D} of index ${I}`,
    'evidence from registry: 2 signatures, 2 attestations (https://slsa.dev/provenance/v1)',
  ]);
});

test('an image that could not be resolved: no digest is claimed; the failure is listed', () => {
  const lines = evidenceFooter(
    decision({
      subject: { reference: `r.example/app@${D}`, digest: '', kind: 'unknown' },
      evidence: {
        source: 'registry',
        found: [],
        notes: [
          {
            name: 'resolve',
            status: 'fail',
            reason: 'cannot resolve r.example/app in registry: request failed: fetch failed (ECONNREFUSED)',
            code: 'NETWORK',
          },
        ],
      },
    }),
  );
  assert.deepEqual(lines, [
    'checked: nothing: the image could not be resolved to a digest',
    'evidence from registry: 0 signatures, 0 attestations',
    'where sigguard looked:',
    '  ✗ resolve: cannot resolve r.example/app in registry: request failed: fetch failed (ECONNREFUSED)',
  ]);
});

test('evidence that is no usable bundle is counted apart and named, not as a signature', () => {
  const found = [
    { id: 'sig', origin: 'referrers-tag', kind: 'signature' },
    {
      id: 'referrer sha256:abc layer 0',
      origin: 'referrers-api',
      kind: 'signature',
      unusable: 'Sigstore bundle: must hold exactly one of dsseEnvelope and messageSignature',
    },
  ] as ImageDecision['evidence']['found'];
  const lines = evidenceFooter(decision({ evidence: { ...decision({}).evidence, found } }));
  assert.equal(lines[1], 'evidence from registry: 1 signature, 0 attestations, 1 unusable');
  assert.equal(
    lines[2],
    '  ✗ referrer sha256:abc layer 0: not a usable Sigstore bundle: Sigstore ' +
      'bundle: must hold exactly one of dsseEnvelope and messageSignature',
  );
});
