// io.jwt.encode_sign / encode_sign_raw against OPA's own test cases (testdata/opa-host-cases.ts:
// RFC 7515 appendix A.1 and A.2 and EdDSA, whose signatures are deterministic, so the whole token
// must equal OPA's; the other new built-ins' OPA cases run here too), and ES256 tokens checked by
// node:crypto (OpenSSL), a different implementation than the signer.
import assert from 'node:assert/strict';
import { generateKeyPairSync, verify } from 'node:crypto';
import { test } from 'node:test';
import { RegoSet, type RegoValue } from '../exact-json.ts';
import { canonical } from '../../testdata/canonical-value.ts';
import { HOST_BUILTINS } from './index.ts';
import { OPA_HOST_CASES } from './testdata/opa-host-cases.ts';

/** A set result compares as a sorted array (as OPA prints sets). */
function canonicalCall(name: string, args: RegoValue[]): string {
  const v = call(name, ...args);
  return v === 'undefined' ? v : canonical(v instanceof RegoSet ? [...v.items] : v, v instanceof RegoSet);
}

function call(name: string, ...args: RegoValue[]): RegoValue | 'undefined' {
  try {
    return HOST_BUILTINS[name]!(args, { nowNs: 0n }) ?? 'undefined';
  } catch {
    return 'undefined';
  }
}

test("OPA's answers for the new host built-ins (encode_sign HS256/RS256/EdDSA tokens, decode_verify, ...)", () => {
  // Deterministic signatures: the whole token must equal OPA's.
  assert.ok(OPA_HOST_CASES.filter((c) => c.builtin === 'io.jwt.encode_sign').length >= 3);
  for (const c of OPA_HOST_CASES)
    assert.deepEqual(canonicalCall(c.builtin, c.args), canonical(c.want, c.set), c.source);
});

test('encode_sign_raw keeps the text; ES256 tokens verify with OpenSSL and round-trip through decode_verify', () => {
  // OPA's policy reference "Round Trip": encode_sign_raw with {"kty":"oct","k":"Zm9v"} then verify_hs256(token, "foo").
  const raw = call('io.jwt.encode_sign_raw', '{"alg":"HS256","typ":"JWT"}', '{}', '{"kty":"oct","k":"Zm9v"}') as string;
  assert.equal(raw.split('.')[0], Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url'));
  assert.equal(call('io.jwt.verify_hs256', raw, 'foo'), true);
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = pair.privateKey.export({ format: 'jwk' }) as unknown as RegoValue;
  const token = call('io.jwt.encode_sign', { alg: 'ES256' }, { iss: 'x' }, jwk) as string;
  const [h, p, s] = token.split('.') as [string, string, string];
  assert.ok(
    verify(
      'sha256',
      Buffer.from(`${h}.${p}`),
      { key: pair.publicKey, dsaEncoding: 'ieee-p1363' },
      Buffer.from(s, 'base64url'),
    ),
  );
  assert.deepEqual(
    call('io.jwt.decode_verify', token, { cert: JSON.stringify(pair.publicKey.export({ format: 'jwk' })) }),
    [true, { alg: 'ES256' }, { iss: 'x' }],
  );
});

test('encode_sign: errors make the call undefined', () => {
  const key = { kty: 'oct', k: 'Zm9v' };
  assert.equal(call('io.jwt.encode_sign', { alg: 'none' }, {}, key), 'undefined'); // unknown algorithm
  assert.equal(call('io.jwt.encode_sign', { typ: 'JWT' }, {}, key), 'undefined'); // no alg
  assert.equal(call('io.jwt.encode_sign', { alg: 'RS256' }, {}, key), 'undefined'); // key cannot sign RS256
  assert.equal(call('io.jwt.encode_sign_raw', '{"alg":"HS256"}', 'not json', '{"kty":"oct","k":"Zm9v"}'), 'undefined');
  assert.notEqual(
    call('io.jwt.encode_sign_raw', '{"alg":"HS256","typ":"text"}', 'not json', '{"kty":"oct","k":"Zm9v"}'),
    'undefined',
  );
  assert.equal(call('io.jwt.encode_sign', { alg: 'HS256' }, {}, { keys: [] }), 'undefined');
  // PS256 would need a random salt.
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    format: 'jwk',
  }) as unknown as RegoValue;
  assert.equal(call('io.jwt.encode_sign', { alg: 'PS256' }, {}, rsa), 'undefined');
  assert.notEqual(call('io.jwt.encode_sign', { alg: 'RS512' }, {}, rsa), 'undefined');
});
