// Host built-in calls with OPA's own answers, shared by the Node tests and the Chromium page:
// open-policy-agent/opa v1/test/cases/testdata/v1/<dir>/<file>.yaml (cited per case) and the
// "Token Verification Examples" of OPA's policy reference (docs/content/policy-reference.md).
import type { RegoValue } from '../../exact-json.ts';

export interface OpaHostCase {
  source: string;
  builtin: string;
  args: RegoValue[];
  want: RegoValue;
  /** The result is a set (`want` lists its members). */
  set?: boolean;
}

const CLAIMS = {
  aud: ['bob', 'saul'],
  exp: 1300819380,
  'http://example.com/is_root': true,
  iss: 'joe',
  privateParams: { private_one: 'one', private_two: 'two' },
};
const CLAIMS_B64 =
  'eyJhdWQiOlsiYm9iIiwic2F1bCJdLCJleHAiOjEzMDA4MTkzODAsImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlLCJ' +
  'pc3Mi' +
  'OiJqb2UiLCJwcml2YXRlUGFyYW1zIjp7InByaXZhdGVfb25lIjoib25lIiwicHJpdmF0ZV90d28iOiJ0d28ifX0';

const hsKey = {
  k: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow',
  kty: 'oct',
};
const rsKey = {
  kty: 'RSA',
  e: 'AQAB',
  n:
    'ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCg' +
    'N' +
    'MsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665' +
    'xsmt' +
    'dVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h' +
    '4FRWyuXpoQ',
  d:
    'Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_GO-pWJ' +
    '1' +
    'O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt' +
    '4ehN' +
    'YTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1D' +
    'hOVRuOopznQ',
};
const edJwk = {
  kty: 'OKP',
  alg: 'EdDSA',
  crv: 'Ed25519',
  x: 'wEZFfoAj1rFKTLOOmjJjVZlCHwksuvMb2I5y_hg70E8',
  d: '9XI34uQzYUJfWhDZf_0nYsLMBRVu8a6dFsy60P8uugk',
};
const eddsa =
  'eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiYWRtaW4iOnRydWU' +
  's' +
  'ImlhdCI6MTUxNjIzOTAyMn0.JkKWCY39IdWEQttmdqR7VdsvT-_QxheW_eb0S5wr_j83ltux_JDUIXs7a3Dtn3xuqzuhetiuJrWIvy5TzimeCg';
const edPem =
  '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAwmK6SSAu2E9V7uynkCKEaj5nZJyTvNG4x0KohsRzLpg=\n' +
  '-----END PUBLIC KEY-----\n';
/** The ES256 token, JWKS and certificate of OPA's policy reference. */
export const es256Token =
  'eyJ0eXAiOiAiSldUIiwgImFsZyI6ICJFUzI1NiJ9.eyJuYmYiOiAxNDQ0NDc4NDAwLCAiaXNzIjogInh4eCJ9.' +
  'lArczfN-pIL8oUU-7PU83u-zfXougXBZj6drFeKFsPEoVhy9WAyiZlRshYqjTSXdaw8yw2L-ovt4zTUZb2PWMg';
export const jwks =
  '{"keys": [{"kty":"EC","crv":"P-256","x":"z8J91ghFy5o6f2xZ4g8LsLH7u2wEpT2ntj8loahnlsE",' +
  '"y":"7bdeXLH61KrGWRdh7ilnbcGQACxykaPKfmBccTHIOUo"}]}';
export const es256Cert = `-----BEGIN CERTIFICATE-----
MIIBcDCCARagAwIBAgIJAMZmuGSIfvgzMAoGCCqGSM49BAMCMBMxETAPBgNVBAMM
CHdoYXRldmVyMB4XDTE4MDgxMDE0Mjg1NFoXDTE4MDkwOTE0Mjg1NFowEzERMA8G
A1UEAwwId2hhdGV2ZXIwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATPwn3WCEXL
mjp/bFniDwuwsfu7bASlPae2PyWhqGeWwe23Xlyx+tSqxlkXYe4pZ23BkAAscpGj
yn5gXHExyDlKo1MwUTAdBgNVHQ4EFgQUElRjSoVgKjUqY5AXz2o74cLzzS8wHwYD
VR0jBBgwFoAUElRjSoVgKjUqY5AXz2o74cLzzS8wDwYDVR0TAQH/BAUwAwEB/zAK
BggqhkjOPQQDAgNIADBFAiEA4yQ/88ZrUX68c6kOe9G11u8NUaUzd8pLOtkKhniN
OHoCIHmNX37JOqTcTzGn2u9+c8NlnvZ0uDvsd1BmKPaUmjmm
-----END CERTIFICATE-----`;

export const OPA_HOST_CASES: OpaHostCase[] = [
  {
    source: 'jwtencodesign/test-jwtencodesign-0492.yaml (RFC 7515 A.1)',
    builtin: 'io.jwt.encode_sign',
    args: [{ alg: 'HS256', typ: 'JWT' }, CLAIMS, hsKey],
    want: `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${CLAIMS_B64}.-Or2eol8bzly-Ztb0v7_7UkcKBkN_aNNpK33HK0MeOY`,
  },
  {
    source: 'jwtencodesign/test-jwtencodesign-0494.yaml (RFC 7515 A.2)',
    builtin: 'io.jwt.encode_sign',
    args: [{ alg: 'RS256' }, CLAIMS, rsKey],
    want:
      `eyJhbGciOiJSUzI1NiJ9.${CLAIMS_B64}.kvCjo2z80h4YO3umCn3iayUXEnBGgw-Nk4-cYNPWagW4SAg34nZSonUt9K` +
      'pnc5h0s6LpJAnam1xuEezk' +
      '-2VRPnu05foQdWTDKJAze-9vZ0wr0L_KyXLZaW0vVfehdGpPgJj_FqVfgnc-hXdL0RADfrKjApsrO7oHpv-Ii3u7oKwauzq5oQ2AXt4cp6ahu8' +
      'VhO' +
      'BGQiPXtV98Yw3U3NBetMX-I_qR6-UGsN6Z0pRO0bsdk1ANvMiHT6Y04x8nh4kzk5pfv71ACgnxrs1zxwg7YfYzm2tQXGceu7fwI9sqO_jz2c8R' +
      'vMs' +
      'g4u8q0js58F-gR1SVjmTyipnXv0tAGzpZnhg',
  },
  {
    source: 'jwtencodesign/test-jwtencodesign-eddsa.yaml',
    builtin: 'io.jwt.encode_sign',
    args: [{ alg: 'EdDSA', typ: 'JWT' }, CLAIMS, edJwk],
    want:
      `eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.${CLAIMS_B64}.T_X7SzKEehTnRdgYrDobpKO-EqZ0LW3Y` +
      '-idx16wNHXCL5aiR24h2Ei0pWRHG2X2B' +
      'YomwbvNwyxPcasgHqs_eBA',
  },
  {
    source: 'jwtdecodeverify/test-jwtdecodeverify-eddsa.yaml',
    builtin: 'io.jwt.decode_verify',
    args: [eddsa, { cert: edPem }],
    want: [true, { alg: 'EdDSA', typ: 'JWT' }, { admin: true, iat: 1516239022, name: 'John Doe', sub: '1234567890' }],
  },
  { source: 'policy-reference.md (JWKS)', builtin: 'io.jwt.verify_es256', args: [es256Token, jwks], want: true },
  {
    source: 'policy-reference.md (certificate)',
    builtin: 'io.jwt.verify_es256',
    args: [es256Token, es256Cert],
    want: true,
  },
  {
    source: 'reachable/test-reachable-paths-0422.yaml (shared_ancestor)',
    builtin: 'graph.reachable_paths',
    args: [{ 1: [], 2: ['1'], 3: ['2'], 4: ['3', '2'], 5: ['4'] }, ['5']],
    want: [
      ['5', '4', '2', '1'],
      ['5', '4', '3', '2', '1'],
    ],
    set: true,
  },
  {
    source: 'jsonpatch/json-patch-tests.yaml (A.6)',
    builtin: 'json.patch',
    args: [
      { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
    ],
    want: { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
  },
  {
    source: 'uuid/test-uuid-parse.yaml (positive-v2)',
    builtin: 'uuid.parse',
    args: ['000003e8-48b9-21ee-b200-325096b39f47'],
    want: {
      clocksequence: 12800,
      domain: 'Person',
      id: 1000,
      macvariables: 'local:unicast',
      nodeid: '32-50-96-b3-9f-47',
      time: 1693566990121469600n,
      variant: 'RFC4122',
      version: 2,
    },
  },
  {
    source: 'jsonbuiltins marshal_with_options-explicit-indent',
    builtin: 'json.marshal_with_options',
    args: [[1234567890, 2000000, 1000000000], { indent: '  ' }],
    want: '[\n  1234567890,\n  2000000,\n  1000000000\n]',
  },
];
