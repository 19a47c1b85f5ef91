// The bundle invariant counts a tlog entry's logIndex and integratedTime as signed content only where
// something signs them (triage of seed 20261211 #88260 and #98184, docs/fuzzing.md#findings). Each
// case runs the real verifier, the @sigstore/verify oracle and the fingerprint on a real vector.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verifyBundleSync } from '@sigguard/verify';
import type { Json } from '../json-mutate.ts';
import { signedContent } from './bundle-fingerprint.ts';
import { checkMutant, prepareSeed } from './bundle.ts';
import { conformanceSeeds, ownSeeds, type BundleSeed } from './bundle-seeds.ts';
import { sharedVectors } from '@sigguard/test-vectors/support/locations';

const seeds = [...ownSeeds(), ...conformanceSeeds()];
const seed = (name: string): BundleSeed | undefined => seeds.find((s) => s.name === name);

type Entry = Record<string, Json>;

/** The seed's bundle with its first tlog entry changed by `edit`, as JSON text. */
function mutant(s: BundleSeed, edit: (entry: Entry) => void): string {
  const doc = JSON.parse(s.text) as { verificationMaterial: { tlogEntries: Entry[] } };
  edit(doc.verificationMaterial.tlogEntries[0]!);
  return JSON.stringify(doc);
}

function verdict(s: BundleSeed, text: string): { ok: boolean; reason?: string } {
  const result = verifyBundleSync(new TextEncoder().encode(text), prepareSeed(s).options);
  return { ok: result.ok, reason: result.checks.find((c) => c.status === 'fail')?.reason };
}

const keys = (s: Set<string>) => [...s].map((v) => v.split('=')[0]);

describe('tlog logIndex as signed content', () => {
  it('a Rekor v1 entry with a proof and no SET: nothing binds the entry logIndex (#88260)', () => {
    const s = seed('test-vectors/keyless-expired-with-tsa')!;
    const text = mutant(s, (e) => void (e.logIndex = '1'));
    assert.deepEqual(verdict(s, text), { ok: true, reason: undefined }, 'sigguard accepts it');
    assert.equal(prepareSeed(s).oracle(text), 'verified', 'so does plain @sigstore/verify');
    assert.ok(!keys(signedContent(JSON.parse(s.text) as Json)).includes('tlog.logIndex'));
    assert.equal(checkMutant(prepareSeed(s), text), undefined);
  });

  it('a Rekor v1 entry with a SET: the SET signs the logIndex, a changed one is refused', () => {
    const s = seed('test-vectors/keyless-expired-with-set')!;
    assert.ok(keys(signedContent(JSON.parse(s.text) as Json)).includes('tlog.logIndex'));
    const v = verdict(
      s,
      mutant(s, (e) => void (e.logIndex = String(BigInt(e.logIndex as string) + 1n))),
    );
    assert.equal(v.ok, false);
    assert.match(v.reason ?? '', /inclusion promise|SET/i);
  });

  it('a Rekor v2 entry: its proof binds the logIndex, a changed one is refused', () => {
    const s = seed('test-vectors/keyless-rekor-v2-tsa')!;
    assert.ok(keys(signedContent(JSON.parse(s.text) as Json)).includes('tlog.logIndex'));
    const v = verdict(
      s,
      mutant(s, (e) => void (e.logIndex = String(BigInt(e.logIndex as string) + 1n))),
    );
    assert.equal(v.ok, false);
    assert.match(v.reason ?? '', /logIndex .* is not its inclusionProof\.logIndex/);
  });
});

describe('inclusionPromise replaced (#98184)', () => {
  it('null is the field absent (protobuf JSON): integratedTime is then signed by nothing', () => {
    const s = seed('test-vectors/keyless-expired-with-tsa')!;
    const text = mutant(s, (e) => {
      e.inclusionPromise = null;
      e.integratedTime = (e.integratedTime as string).slice(0, 4);
    });
    assert.deepEqual(verdict(s, text), { ok: true, reason: undefined });
    assert.ok(!keys(signedContent(JSON.parse(text) as Json)).includes('tlog.integratedTime'));
    assert.equal(checkMutant(prepareSeed(s), text), undefined);
  });

  it('the campaign case itself (conformance intoto-with-custom-trust-root)', (t) => {
    const s = seed('conformance/intoto-with-custom-trust-root');
    if (!s) return t.skip(sharedVectors('sigstore-conformance').skip || 'the case is not in the conformance vectors');
    const text = mutant(s, (e) => {
      e.inclusionPromise = null;
      e.integratedTime = (e.integratedTime as string).slice(0, 4);
    });
    assert.equal(checkMutant(prepareSeed(s), text), undefined);
  });

  for (const scalar of [0, '', true, [], 'AAAA'] as Json[]) {
    it(`${JSON.stringify(scalar)} is refused by the strict bundle parser, naming the field`, () => {
      const s = seed('test-vectors/keyless-expired-with-set')!;
      const v = verdict(
        s,
        mutant(s, (e) => void (e.inclusionPromise = scalar)),
      );
      assert.equal(v.ok, false);
      assert.match(v.reason ?? '', /tlogEntries\[0\]\.inclusionPromise must be an object/);
    });
  }
});
