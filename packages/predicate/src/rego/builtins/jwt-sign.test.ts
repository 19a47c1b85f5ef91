// io.jwt.encode_sign / encode_sign_raw against OPA's own test cases (open-policy-agent/opa
// v1/test/cases/testdata/v1/jwtencodesign/<file>.yaml: RFC 7515 appendix A.1 and A.2 and EdDSA,
// whose signatures are deterministic, so the whole token must equal OPA's), and ES256 tokens
// checked by node:crypto (OpenSSL), a different implementation than the signer.
import assert from 'node:assert/strict';
import { generateKeyPairSync, verify } from 'node:crypto';
import { test } from 'node:test';
import type { RegoValue } from '../exact-json.ts';
import { HOST_BUILTINS } from './index.ts';

function call(name: string, ...args: RegoValue[]): RegoValue | 'undefined' {
  try {
    return HOST_BUILTINS[name]!(args, { nowNs: 0n }) ?? 'undefined';
  } catch {
    return 'undefined';
  }
}

const CLAIMS = {
  aud: ['bob', 'saul'], exp: 1300819380, 'http://example.com/is_root': true, iss: 'joe',
  privateParams: { private_one: 'one', private_two: 'two' },
};
const CLAIMS_B64 = 'eyJhdWQiOlsiYm9iIiwic2F1bCJdLCJleHAiOjEzMDA4MTkzODAsImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlLCJpc3Mi'
  + 'OiJqb2UiLCJwcml2YXRlUGFyYW1zIjp7InByaXZhdGVfb25lIjoib25lIiwicHJpdmF0ZV90d28iOiJ0d28ifX0';

test('encode_sign: OPA test cases give OPA\'s exact tokens (HS256, RS256, EdDSA)', () => {
  // test-jwtencodesign-0492.yaml (RFC 7515 A.1)
  const hsKey = { k: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow', kty: 'oct' };
  assert.equal(
    call('io.jwt.encode_sign', { alg: 'HS256', typ: 'JWT' }, CLAIMS, hsKey),
    `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${CLAIMS_B64}.-Or2eol8bzly-Ztb0v7_7UkcKBkN_aNNpK33HK0MeOY`,
  );
  // test-jwtencodesign-0494.yaml (RFC 7515 A.2)
  const rsKey = {
    kty: 'RSA', e: 'AQAB',
    n: 'ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgN'
      + 'MsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmt'
      + 'dVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ',
    d: 'Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_GO-pWJ1'
      + 'O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehN'
      + 'YTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ',
  };
  assert.equal(
    call('io.jwt.encode_sign', { alg: 'RS256' }, CLAIMS, rsKey),
    `eyJhbGciOiJSUzI1NiJ9.${CLAIMS_B64}.kvCjo2z80h4YO3umCn3iayUXEnBGgw-Nk4-cYNPWagW4SAg34nZSonUt9Kpnc5h0s6LpJAnam1xuEezk`
      + '-2VRPnu05foQdWTDKJAze-9vZ0wr0L_KyXLZaW0vVfehdGpPgJj_FqVfgnc-hXdL0RADfrKjApsrO7oHpv-Ii3u7oKwauzq5oQ2AXt4cp6ahu8VhO'
      + 'BGQiPXtV98Yw3U3NBetMX-I_qR6-UGsN6Z0pRO0bsdk1ANvMiHT6Y04x8nh4kzk5pfv71ACgnxrs1zxwg7YfYzm2tQXGceu7fwI9sqO_jz2c8RvMs'
      + 'g4u8q0js58F-gR1SVjmTyipnXv0tAGzpZnhg',
  );
  // test-jwtencodesign-eddsa.yaml
  const edKey = { kty: 'OKP', alg: 'EdDSA', crv: 'Ed25519', x: 'wEZFfoAj1rFKTLOOmjJjVZlCHwksuvMb2I5y_hg70E8', d: '9XI34uQzYUJfWhDZf_0nYsLMBRVu8a6dFsy60P8uugk' };
  assert.equal(
    call('io.jwt.encode_sign', { alg: 'EdDSA', typ: 'JWT' }, CLAIMS, edKey),
    `eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.${CLAIMS_B64}.T_X7SzKEehTnRdgYrDobpKO-EqZ0LW3Y-idx16wNHXCL5aiR24h2Ei0pWRHG2X2B`
      + 'YomwbvNwyxPcasgHqs_eBA',
  );
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
  assert.ok(verify('sha256', Buffer.from(`${h}.${p}`), { key: pair.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url')));
  assert.deepEqual(call('io.jwt.decode_verify', token, { cert: JSON.stringify(pair.publicKey.export({ format: 'jwk' })) }), [true, { alg: 'ES256' }, { iss: 'x' }]);
});

test('encode_sign: errors make the call undefined', () => {
  const key = { kty: 'oct', k: 'Zm9v' };
  assert.equal(call('io.jwt.encode_sign', { alg: 'none' }, {}, key), 'undefined'); // unknown algorithm
  assert.equal(call('io.jwt.encode_sign', { typ: 'JWT' }, {}, key), 'undefined'); // no alg
  assert.equal(call('io.jwt.encode_sign', { alg: 'RS256' }, {}, key), 'undefined'); // key cannot sign RS256
  assert.equal(call('io.jwt.encode_sign_raw', '{"alg":"HS256"}', 'not json', '{"kty":"oct","k":"Zm9v"}'), 'undefined');
  assert.notEqual(call('io.jwt.encode_sign_raw', '{"alg":"HS256","typ":"text"}', 'not json', '{"kty":"oct","k":"Zm9v"}'), 'undefined');
  assert.equal(call('io.jwt.encode_sign', { alg: 'HS256' }, {}, { keys: [] }), 'undefined');
  // PS256 would need a random salt.
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as unknown as RegoValue;
  assert.equal(call('io.jwt.encode_sign', { alg: 'PS256' }, {}, rsa), 'undefined');
  assert.notEqual(call('io.jwt.encode_sign', { alg: 'RS512' }, {}, rsa), 'undefined');
});
