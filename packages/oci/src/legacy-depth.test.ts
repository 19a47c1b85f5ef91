// Issue 11 item 4 for cosign's legacy layers: JSON in annotations and layers (Rekor bundle,
// RFC 3161 timestamp, DSSE envelope) nested too deeply is EVIDENCE_INVALID with a reason.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OciError } from './errors.ts';
import { convertLegacyLayer } from './legacy.ts';

const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
const descriptor = (annotations: Record<string, string>) => ({
  mediaType: 'application/vnd.dsse.envelope.v1+json',
  digest: `sha256:${'a'.repeat(64)}`,
  size: 1,
  annotations,
});
const tooDeep = (what: RegExp) => (e: unknown) =>
  e instanceof OciError &&
  e.code === 'EVIDENCE_INVALID' &&
  what.test(e.message) &&
  /nested more than 1000 levels deep/.test(e.message);

test('a deeply nested DSSE layer, Rekor bundle or RFC 3161 annotation is refused with a reason', () => {
  const bytes = new TextEncoder().encode(deep);
  assert.throws(
    () => convertLegacyLayer({ kind: 'attestation', descriptor: descriptor({}), bytes }),
    tooDeep(/attestation layer/),
  );
  const envelope = new TextEncoder().encode(
    JSON.stringify({ payload: 'e30=', payloadType: 'application/vnd.in-toto+json', signatures: [{ sig: 'AAAA' }] }),
  );
  for (const [name, what] of [
    ['dev.sigstore.cosign/bundle', /bundle annotation/],
    ['dev.sigstore.cosign/rfc3161timestamp', /rfc3161timestamp annotation/],
  ] as const) {
    assert.throws(
      () => convertLegacyLayer({ kind: 'attestation', descriptor: descriptor({ [name]: deep }), bytes: envelope }),
      tooDeep(what),
    );
  }
});
