import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { renderDecision, verifyImage } from 'sigguard';

const samples = new URL('../samples/', import.meta.url);

test('renderDecision from the facade prints a verifyImage decision as the CLI does', async () => {
  const decision = await verifyImage(
    'ghcr.io/sigstore-conformance/a-txt@sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf',
    {
      policies: readFileSync(new URL('policy.yaml', samples), 'utf8'),
      evidence: { bundles: [readFileSync(new URL('a.txt.sigstore.json', samples), 'utf8')] },
    },
  );
  assert.equal(decision.allowed, false);
  const text = renderDecision(decision, { color: false });
  assert.match(text, /^DENIED ghcr\.io\/sigstore-conformance\/a-txt@sha256:a0cf/);
  assert.match(
    text,
    /\n {4}✗ authority beacon: no matching attestations for authority beacon for .* \[NO_MATCHING_ATTESTATIONS\]\n/,
  );
});
