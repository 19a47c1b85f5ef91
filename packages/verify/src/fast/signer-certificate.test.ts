// The hot path's signer-certificate reading (from @sigstore/core's parse) gives exactly readSignerCertificate's
// result or error, on every certificate of the vectors and on bit-flip mutants of the signing certificates that
// @sigstore/core still parses (odd SAN kinds, non-ASCII names, broken extensions, times, OIDs: the fallbacks).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { X509Certificate } from '@sigstore/core';
import { readSignerCertificate } from '@sigguard/identity';
import { signerCertificateOf } from './signer-certificate.ts';
import { bitFlips, certificateCorpus } from './certificate-corpus.ts';

function outcome(read: () => unknown): unknown {
  try {
    return { ok: read() };
  } catch (e) {
    return { error: (e as Error).message, code: (e as { code?: string }).code };
  }
}

function compare(der: Buffer): boolean {
  let cert: X509Certificate;
  try {
    cert = X509Certificate.parse(der as Buffer<ArrayBuffer>);
  } catch {
    return false;
  }
  assert.deepEqual(
    outcome(() => signerCertificateOf(cert)),
    outcome(() => readSignerCertificate(new Uint8Array(der))),
    `certificate ${der.toString('base64')}`,
  );
  return true;
}

test('signerCertificateOf equals readSignerCertificate on every certificate of the vectors', () => {
  const { leaves, others } = certificateCorpus();
  for (const der of [...leaves, ...others]) assert.ok(compare(der));
  console.log(`${leaves.length + others.length} certificates compared`);
});

test('... and on bit-flip mutants of the signing certificates', () => {
  let compared = 0;
  for (const der of certificateCorpus().leaves.slice(0, 4)) {
    for (const m of bitFlips(der, 6, [0x01, 0x04, 0x80])) if (compare(m)) compared++;
  }
  assert.ok(compared > 800, `only ${compared} mutants compared`);
  console.log(`${compared} mutants compared`);
});
