// RFC 3161 tokens from OpenSSL's TSA (not this package's pkijs one) whose genTime has 0, 1, 2
// and 3 fractional digits, as DER writes a millisecond clock. They verify through sigguard's
// verifyBundle with a trusted root listing that TSA (@sigstore/core alone says "invalid time"
// for 1 and 2 digits). Non-DER genTimes (hand-edited in place, same length) are refused by name.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { RFC3161Timestamp } from '@sigstore/core';
import { compileIdentities } from '@sigguard/identity';
import { parseTrustedRoot } from '@sigguard/trust-root';
import { verifyBundle, type BundleVerification } from '../index.ts';
import { OpenSslTsa, openSslTsaUnavailable, sharedTestSigstore, type BundleJSON } from '@sigguard/test-vectors';

const unavailable = openSslTsaUnavailable();
if (unavailable) {
  console.log(
    `# skipping OpenSSL TSA tests: ${unavailable}; install openssl and faketime (scripts/install-system-deps.sh)`,
  );
}
const skip = unavailable ? unavailable : false;

const SIGNED_AT = new Date('2026-11-01T12:00:00Z'); // the Fulcio-style certificate is valid 11:59:55-12:09:55
const alice = { subject: 'alice@example.com', issuer: 'https://accounts.example.com' };
const identities = compileIdentities([alice]);
const artifact = new TextEncoder().encode('timestamped by another TSA');

const s = await sharedTestSigstore();
const tsa = unavailable ? undefined : OpenSslTsa.create();
after(() => tsa?.dispose());
const signed = await s.signKeyless({ ...alice, artifact, signedAt: SIGNED_AT, tlog: false });
const withOpenSsl = () => {
  const root = s.trustedRoot();
  return parseTrustedRoot({ ...root, timestampAuthorities: [...root.timestampAuthorities, tsa!.authority()] });
};

/** The signed bundle with `token` as its only timestamp (no log entry: the TSA is the only time). */
function bundleWith(token: Uint8Array): BundleJSON {
  const bundle = structuredClone(signed.bundle);
  const signedTimestamp = Buffer.from(token).toString('base64');
  bundle.verificationMaterial.timestampVerificationData = { rfc3161Timestamps: [{ signedTimestamp }] };
  return bundle;
}

function verify(token: Uint8Array, trustRoot = withOpenSsl()): Promise<BundleVerification> {
  return verifyBundle(JSON.stringify(bundleWith(token)), { artifact, trustRoot, identities, tlogThreshold: 0 });
}

const failed = (r: BundleVerification) => r.checks.find((c) => c.status === 'fail');

const CASES = [
  { at: '2026-11-01T12:00:05.000Z', genTime: '20261101120005Z', digits: 0 },
  { at: '2026-11-01T12:00:05.100Z', genTime: '20261101120005.1Z', digits: 1 },
  { at: '2026-11-01T12:00:05.120Z', genTime: '20261101120005.12Z', digits: 2 },
  { at: '2026-11-01T12:00:05.123Z', genTime: '20261101120005.123Z', digits: 3 },
];
const tokens = new Map(CASES.map((c) => [c.digits, tsa?.timestamp(signed.signature, new Date(c.at))]));

for (const c of CASES) {
  test(`OpenSSL token, genTime with ${c.digits} fractional digit(s) (${c.genTime}) verifies at ${c.at}`, {
    skip,
  }, async () => {
    const token = tokens.get(c.digits)!;
    assert.equal(OpenSslTsa.genTimeText(token), c.genTime, 'OpenSSL wrote the DER form');
    if (c.digits === 1 || c.digits === 2) {
      // What this fixes: @sigstore/core's own parser refuses the valid DER form.
      assert.throws(() => RFC3161Timestamp.parse(Buffer.from(token)).signingTime, /invalid time/);
    }
    const r = await verify(token);
    assert.equal(r.ok, true, JSON.stringify(r.checks));
    assert.deepEqual(
      r.signingTimes?.map((t) => t.toISOString()),
      [c.at],
    );
    assert.match(r.checks.find((x) => x.name === 'timestamps')!.reason, new RegExp(c.at.replace(/\./g, '\\.')));
  });
}

test('the OpenSSL TSA must be in the trusted root', { skip }, async () => {
  const r = await verify(tokens.get(2)!, parseTrustedRoot(s.trustedRoot()));
  assert.equal(r.ok, false);
  assert.equal(failed(r)?.name, 'timestamps');
  assert.equal(failed(r)?.code, 'TIMESTAMP');
});

test('the genTime read is the one used: a 2-digit genTime after the certificate expired is refused', {
  skip,
}, async () => {
  const late = tsa!.timestamp(signed.signature, new Date('2026-11-01T12:20:05.120Z'));
  assert.equal(OpenSslTsa.genTimeText(late), '20261101122005.12Z');
  const r = await verify(late);
  assert.equal(r.ok, false);
  assert.equal(failed(r)?.name, 'signing-key', JSON.stringify(r.checks));
});

/** `token` with its genTime characters replaced in place (same length, so the DER lengths still hold). */
function edited(token: Uint8Array, from: string, to: string): Buffer {
  assert.equal(from.length, to.length);
  const buf = Buffer.from(token);
  const at = buf.indexOf(from, 0, 'latin1');
  assert.ok(at > 0 && buf.indexOf(from, at + 1, 'latin1') === -1, `genTime ${from} found once`);
  buf.write(to, at, 'latin1');
  return buf;
}

for (const [digits, to, why] of [
  [2, '20261101120005,12Z', /a comma as decimal separator/],
  [2, '20261101120005.10Z', /trailing zeros in the fraction/],
  [2, '20261101120005.123', /no terminating Z/],
  [3, '20261101120005+0100', /a time-zone offset instead of Z/],
  [3, '2026110112000.1234Z', /not the form/],
] as const) {
  test(`a non-DER genTime ${to} is refused as such`, { skip }, async () => {
    const token = tokens.get(digits)!;
    const r = await verify(edited(token, OpenSslTsa.genTimeText(token), to));
    assert.equal(r.ok, false);
    assert.equal(failed(r)?.name, 'timestamps');
    assert.match(
      failed(r)!.reason,
      new RegExp(`GeneralizedTime "${to.replace(/[.+]/g, '\\$&')}" is not DER: ${why.source}`),
    );
  });
}

test('control: a DER genTime edited in place passes the time check and fails the signature', { skip }, async () => {
  const r = await verify(edited(tokens.get(2)!, '20261101120005.12Z', '20261101120005.13Z'));
  assert.equal(r.ok, false);
  assert.equal(failed(r)?.name, 'timestamps');
  assert.doesNotMatch(failed(r)!.reason, /not DER/);
  assert.match(failed(r)!.reason, /timestamp could not be verified/);
});
