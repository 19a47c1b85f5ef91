// io.jwt.decode_verify against OPA's own test cases (open-policy-agent/opa
// v1/test/cases/testdata/v1/jwtdecodeverify/<file>.yaml, cited per case) and tokens made at
// test time by node:crypto for the claim rules (iss, aud, exp, nbf, alg, nested cty JWT).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import type { RegoValue } from '../exact-json.ts';
import { HOST_BUILTINS } from './index.ts';

const NOW = 1_764_904_000_000_000_000n; // 2025-12-05, the decision's time when no `time` is given

function decodeVerify(token: string, constraints: Record<string, RegoValue>): RegoValue | 'undefined' {
  try {
    return HOST_BUILTINS['io.jwt.decode_verify']!([token, constraints], { nowNs: NOW }) ?? 'undefined';
  } catch {
    return 'undefined';
  }
}

const b64url = (s: string | Buffer) => Buffer.from(s).toString('base64url');
function hs256(header: object, claims: object, secret = 'secret'): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${b64url(createHmac('sha256', secret).update(input).digest())}`;
}
const UNVERIFIED = [false, {}, {}];

test('decode_verify: OPA test cases (hs256 float exp, rs256 nbf, EdDSA, wrong PS256 key)', () => {
  // test-jwtdecodeverify-0487.yaml / -0488.yaml: exp 1.5893857711234e+09, one second / 0.1 s before it.
  const floatExp =
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjEuNTg5Mzg1NzcxMTIzNGUrMDksImlzcyI6Inh4eCJ9.' +
    'PZ2z6VfHt9YdvHHUbilkTnw4R9TK3_V0LV1h-q0k9xg';
  const want = [true, { alg: 'HS256', typ: 'JWT' }, { exp: 1589385771.1234, iss: 'xxx' }];
  assert.deepEqual(decodeVerify(floatExp, { secret: 'secret', time: 1589385770123400000n }), want);
  assert.deepEqual(decodeVerify(floatExp, { secret: 'secret', time: 1589385771023400000n }), want);
  assert.deepEqual(decodeVerify(floatExp, { secret: 'secret', time: 1589385771123400000n }), UNVERIFIED); // at exp
  // test-jwtdecodeverify-eddsa.yaml
  const eddsa =
    'eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiYWRtaW4iOnRydWUs' +
    'ImlhdCI6MTUxNjIzOTAyMn0.JkKWCY39IdWEQttmdqR7VdsvT-_QxheW_eb0S5wr_j83ltux_JDUIXs7a3Dtn3xuqzuhetiuJrWIvy5TzimeCg';
  const edKey =
    '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAwmK6SSAu2E9V7uynkCKEaj5nZJyTvNG4x0KohsRzLpg=\n-----END PUBLIC KEY-----\n';
  assert.deepEqual(decodeVerify(eddsa, { cert: edKey }), [
    true,
    { alg: 'EdDSA', typ: 'JWT' },
    { admin: true, iat: 1516239022, name: 'John Doe', sub: '1234567890' },
  ]);
  // test-jwtdecodeverify-0460.yaml (rs256-nbf-ok)
  const rs256 =
    'eyJhbGciOiAiUlMyNTYiLCAidHlwIjogIkpXVCJ9.eyJuYmYiOiAxMDAwLCAiaXNzIjogInh4eCJ9.' +
    'cwwYDfJhU_ambPIpwBJwDek05miffoudprr41IAYsl0IKekb1ii2uEgwkNM-LJtVXHe9hsK3gANFyfqoJuCZIBvaNMx_3Z0BUdeBs4k1UwBiZCpuud0of' +
    'gHKURwvehNgqDvRfchq_-K_Agi2iRdl0oShgLjN-gVbBl8pRwUbQrvASlcsCpZIKUyOzXNtaIZEFh1z6ISDy8UHHOdoieKpN23swya7QAcEb0wXEEKMk' +
    'khiRd5QHgWLk37Lnw2K89mKcq4Om0CtV9nHrxxmpYGSMPojCy16Gjdg5-xKyJWvxCfb3YUBUVM4RWa7ICOPRJWPuHxu9pPYG63hb_qDU6NLsw';
  const rsCert = `-----BEGIN CERTIFICATE-----
MIIC/DCCAeSgAwIBAgIJAJRvYDU3ei3EMA0GCSqGSIb3DQEBCwUAMBMxETAPBgNV
BAMMCHdoYXRldmVyMB4XDTE4MDgxMDEwMzgxNloXDTE4MDkwOTEwMzgxNlowEzER
MA8GA1UEAwwId2hhdGV2ZXIwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIB
AQC4kCmzLMW/5jzkzkmN7Me8wPD+ymBUIjsGqliGfMrfFfDV2eTPVtZcYD3IXoB4
AOUT7XJzWjOsBRFOcVKKEiCPjXiLcwLb/QWQ1x0Budft32r3+N0KQd1rgcRHTPNc
JoeWCfOgDPp51RTzTT6HQuV4ud+CDhRJP7QMVMIgal9Nuzs49LLZaBPW8/rFsHjk
JQ4kDujSrpcT6F2FZY3SmWsOJgP7RjVKk5BheYeFKav5ZV4p6iHn/TN4RVpvpNBh
5z/XoHITJ6lpkHSDpbIaQUTpobU2um8N3biz+HsEAmD9Laa27WUpYSpiM6DDMSXl
dBDJdumerVRJvXYCtfXqtl17AgMBAAGjUzBRMB0GA1UdDgQWBBRz74MkVzT2K52/
FJC4mTa9coM/DTAfBgNVHSMEGDAWgBRz74MkVzT2K52/FJC4mTa9coM/DTAPBgNV
HRMBAf8EBTADAQH/MA0GCSqGSIb3DQEBCwUAA4IBAQAD1ZE4IaIAetqGG+vt9oz1
Ix0j4EPok0ONyhhmiSsF6rSv8zlNWweVf5y6Z+AoTNY1Fym0T7dbpbqIox0EdKV3
FLzniWOjznupbnqfXwHX/g1UAZSyt3akSatVhvNpGlnd7efTIAiNinX/TkzIjhZ7
ihMIZCGykT1P0ys1OaeEf57wAzviatD4pEMTIW0OOqY8bdRGhuJR1kKUZ/2Nm8Ln
y7E0y8uODVbH9cAwGyzWB/QFc+bffNgi9uJaPQQc5Zxwpu9utlqyzFvXgV7MBYUK
EYSLyxp4g4e5aujtLugaC8H6n9vP1mEBr/+T8HGynBZHNTKlDhhL9qDbpkkNB6/w
-----END CERTIFICATE-----`;
  assert.deepEqual(decodeVerify(rs256, { cert: rsCert, time: 2000000000000 }), [
    true,
    { alg: 'RS256', typ: 'JWT' },
    { iss: 'xxx', nbf: 1000 },
  ]);
  assert.deepEqual(decodeVerify(rs256, { cert: rsCert, time: 999_000_000_000 }), UNVERIFIED); // before nbf
  assert.deepEqual(decodeVerify(rs256, { cert: rsCert, time: 2000000000000, alg: 'RS384' }), UNVERIFIED);
  assert.equal(HOST_BUILTINS['io.jwt.verify_rs256']!([rs256, rsCert], { nowNs: NOW }), true);
  // The PS256 token of test-jwtdecodeverify-0450.yaml (ps256-key-wrong, false with a 4096-bit certificate)
  // is signed by the key of the certificate above: PSS verifies, PKCS#1 v1.5 does not.
  const ps256 =
    'eyJhbGciOiAiUFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJpc3MiOiAieHh4In0.iCePYnD1U13oBe_6ylhmojmkY_VZNYXqVszAej8RImM' +
    'Gv51OEqARmYFkRZYTiYCiVFober7vcDq_stOj1uAJCuttygGW_dpHiN-3EWsU2E2vCnXlygWe0ud38pOC-OVyEFbXxO9-m51vnS-3VmBjEO8G1UE8b' +
    'LFXTeFOGkUIj9dqlefJSWh5wa8XA3g9mj0jqpuJi-7QgEIeVHk-JzhGpoFqI2f-Df_agVvc2x4V-6fJmj7wV2IsaFPRi36mVQmg8S-dkxu4AlaeCIL' +
    'hyNZl8ewjBHHBjJFRwzcy88L00mzdO51ZxEYsBdQav3ux2sc6vjT9PvvjAwzcthQxEoEaNA';
  assert.deepEqual(decodeVerify(ps256, { cert: rsCert }), [true, { alg: 'PS256', typ: 'JWT' }, { iss: 'xxx' }]);
  assert.equal(HOST_BUILTINS['io.jwt.verify_ps256']!([ps256, rsCert], { nowNs: NOW }), true);
  assert.equal(HOST_BUILTINS['io.jwt.verify_rs256']!([ps256, rsCert], { nowNs: NOW }), false);
  assert.deepEqual(decodeVerify(ps256, { cert: rsCert, alg: 'RS256' }), UNVERIFIED);
});

test('decode_verify: claim rules (iss, aud, exp against the decision time, nested JWT)', () => {
  const now = Number(NOW / 1_000_000_000n);
  const t = (claims: object) => hs256({ alg: 'HS256', typ: 'JWT' }, claims);
  const ok = (claims: object, c: Record<string, RegoValue> = {}) =>
    (decodeVerify(t(claims), { secret: 'secret', ...c }) as RegoValue[])[0];
  assert.equal(ok({ iss: 'a' }, { iss: 'a' }), true);
  assert.equal(ok({ iss: 'b' }, { iss: 'a' }), false);
  assert.equal(ok({}, { iss: 'a' }), false);
  // aud: absent constraint requires an absent claim; a list claim must contain the audience.
  assert.equal(ok({ aud: 'x' }), false);
  assert.equal(ok({ aud: 'x' }, { aud: 'x' }), true);
  assert.equal(ok({ aud: ['y', 'x'] }, { aud: 'x' }), true);
  assert.equal(ok({}, { aud: 'x' }), false);
  // exp/nbf against the decision's time when no `time` constraint is given.
  assert.equal(ok({ exp: now + 60 }), true);
  assert.equal(ok({ exp: now - 60 }), false);
  assert.equal(ok({ nbf: now + 60 }), false);
  assert.equal((decodeVerify(t({}), { secret: 'wrong' }) as RegoValue[])[0], false);
  assert.deepEqual(decodeVerify(hs256({ typ: 'JWT' }, {}), { secret: 'secret' }), UNVERIFIED); // no alg
  assert.deepEqual(decodeVerify(hs256({ alg: 'HS256', crit: ['x'], x: 1 }, {}), { secret: 'secret' }), UNVERIFIED);
  // Nested: the outer token's payload is the inner token (cty JWT); header and claims are the inner ones.
  const inner = hs256({ alg: 'HS256' }, { sub: 'in' });
  const outerInput = `${b64url(JSON.stringify({ alg: 'HS256', cty: 'JWT' }))}.${b64url(inner)}`;
  const outer = `${outerInput}.${b64url(createHmac('sha256', 'secret').update(outerInput).digest())}`;
  assert.deepEqual(decodeVerify(outer, { secret: 'secret' }), [true, { alg: 'HS256' }, { sub: 'in' }]);
});

test('decode_verify: errors make the call undefined (OPA builtin errors)', () => {
  // test-jwtdecodeverify-invalid-exp-type.yaml: "exp value must be a number".
  assert.equal(decodeVerify(hs256({ alg: 'HS256' }, { exp: null }, '42'), { secret: '42' }), 'undefined');
  const token = hs256({ alg: 'HS256' }, {});
  assert.equal(decodeVerify(token, { secret: 'secret', color: 'red' }), 'undefined'); // unknown constraint
  assert.equal(decodeVerify(token, {}), 'undefined'); // no key constraint
  assert.equal(decodeVerify(token, { secret: 'secret', cert: '{"kty":"oct","k":"Zm9v"}' }), 'undefined'); // both
  assert.equal(decodeVerify(token, { secret: 'secret', time: -1 }), 'undefined');
  assert.equal(decodeVerify('a.b', { secret: 'secret' }), 'undefined');
  // OPA 0.70.0 looks the algorithm up first (unknown: error), and a secret only verifies HS*.
  assert.equal(decodeVerify(hs256({ alg: 'none' }, {}), { secret: 'secret' }), 'undefined');
  assert.equal(decodeVerify(hs256({ alg: 'RS256' }, {}), { secret: 'secret' }), 'undefined');
  // A JWK `oct` key in `cert` verifies HS256 (here base64url("secret")).
  assert.equal((decodeVerify(token, { cert: `{"kty":"oct","k":"${b64url('secret')}"}` }) as RegoValue[])[0], true);
});
