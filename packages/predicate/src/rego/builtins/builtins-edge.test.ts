// Edge values for the host built-ins, with OPA's answers taken from OPA's own topdown test
// cases (open-policy-agent/opa test/cases/testdata/<dir>/<file>.yaml, cited per case), Go's
// documented time/semver behaviour, and the semver.org precedence example.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { RegoSet, type RegoValue } from '../exact-json.ts';
import { HOST_BUILTINS } from './index.ts';

const NOW = 1_764_904_000_123_456_789n;

/** A call as the host makes it: a thrown error is OPA's undefined. */
function call(name: string, ...args: RegoValue[]): RegoValue | 'undefined' {
  const impl = HOST_BUILTINS[name];
  assert.ok(impl, `${name} is provided`);
  try {
    const v = impl(args, { nowNs: NOW });
    return v === undefined ? 'undefined' : v;
  } catch {
    return 'undefined';
  }
}
const setOf = (v: RegoValue | 'undefined') => (v instanceof RegoSet ? [...v.items].map(String).sort() : v);

test('time.parse_ns: layouts, zones, the int64 range (time/test-time-0948.yaml)', () => {
  const rfc3339 = '2006-01-02T15:04:05Z07:00';
  assert.equal(call('time.parse_ns', rfc3339, '2017-06-02T19:00:00-07:00'), 1496455200000000000n);
  assert.equal(call('time.parse_ns', rfc3339, '1677-09-21T00:12:43.145224192-00:00'), -9223372036854775808n);
  assert.equal(call('time.parse_ns', rfc3339, '2262-04-11T23:47:16.854775807-00:00'), 9223372036854775807n);
  assert.equal(call('time.parse_ns', "01/02 03:04:05PM '06 -0700", "06/02 07:00:00PM '17 -0700"), 1496455200000000000n);
  assert.equal(call('time.parse_ns', '02 Jan 06 15:04 -0700', '02 Jun 17 19:00 -0700'), 1496455200000000000n);
  // One nanosecond outside int64: "time outside of valid range" (undefined without strict errors).
  assert.equal(call('time.parse_ns', rfc3339, '1677-09-21T00:12:43.145224191-00:00'), 'undefined');
  assert.equal(call('time.parse_ns', rfc3339, '2262-04-11T23:47:16.854775808-00:00'), 'undefined');
  // regorus' copy of OPA's cases: plain layouts without a zone are UTC.
  assert.equal(call('time.parse_ns', '2006-01-02T15:04:05', '2016-05-10T19:06:42'), 1462907202000000000n);
  assert.equal(call('time.parse_ns', '2006-01-02 15:04:05', '2015-09-05 23:56:04'), 1441497364000000000n);
});

test('time.parse_ns: leap years, day ranges and malformed values are undefined', () => {
  assert.equal(call('time.parse_ns', '2006-01-02', '2024-02-29'), 1709164800000000000n);
  assert.equal(call('time.parse_ns', '2006-01-02', '2000-02-29'), 951782400000000000n); // divisible by 400
  assert.equal(call('time.parse_ns', '2006-01-02', '2023-02-29'), 'undefined'); // Go: day out of range
  assert.equal(call('time.parse_ns', '2006-01-02', '1900-02-29'), 'undefined'); // divisible by 100, not 400
  assert.equal(call('time.parse_ns', '2006-01-02', '2024-04-31'), 'undefined');
  assert.equal(call('time.parse_ns', '2006-01-02', '2024-13-01'), 'undefined');
  assert.equal(call('time.parse_ns', '2006-01-02', '2024-1-01'), 'undefined'); // "01" needs two digits
  assert.equal(call('time.parse_ns', '2006-01-02', '2024-01-01 extra'), 'undefined');
  assert.equal(call('time.parse_ns', '2006-01-02', 7), 'undefined');
  // Named months and weekdays, case-insensitively; 12 AM is midnight.
  assert.equal(
    call('time.parse_ns', 'Mon, 02 Jan 2006 03:04:05 PM', 'sat, 05 dec 2026 12:00:00 AM'),
    1796428800000000000n,
  );
  // A zone abbreviation Go does not know is read with offset 0; GMT+h has h hours.
  assert.equal(call('time.parse_ns', '2006-01-02 15:04 MST', '2026-12-05 03:00 CET'), 1796439600000000000n);
  assert.equal(call('time.parse_ns', '2006-01-02 15:04 MST', '2026-12-05 03:00 GMT+2'), 1796432400000000000n);
  // Fractions: spelled out (.000 exactly three digits) or read after seconds anyway.
  assert.equal(call('time.parse_ns', '2006-01-02 15:04:05.000', '2026-12-05 03:00:00.5'), 'undefined');
  assert.equal(call('time.parse_ns', '2006-01-02 15:04:05', '2026-12-05 03:00:00.123456789'), 1796439600123456789n);
});

test('time.parse_rfc3339_ns and time.format (time/test-time-0971.yaml, regorus copy of OPA cases)', () => {
  assert.equal(call('time.parse_rfc3339_ns', '1985-04-12T23:20:50.52Z'), 482196050520000000n);
  assert.equal(call('time.parse_rfc3339_ns', '1996-12-19T16:39:57-08:00'), 851042397000000000n);
  assert.equal(call('time.parse_rfc3339_ns', '2026-12-05'), 'undefined');
  assert.equal(call('time.parse_rfc3339_ns', 482196050520000000), 'undefined');
  const ns = 1670006453141828752n;
  assert.equal(call('time.format', ns), '2022-12-02T18:40:53.141828752Z');
  assert.equal(call('time.format', [ns, 'Asia/Kolkata']), '2022-12-03T00:10:53.141828752+05:30');
  assert.equal(
    call('time.format', [ns, 'Asia/Kolkata', 'Mon Jan 02 15:04:05 -0700 2006']),
    'Sat Dec 03 00:10:53 +0530 2022',
  );
  assert.equal(call('time.format', [ns, 'No/Such_Zone']), 'undefined');
  assert.equal(call('time.format', [ns, 'UTC', '15:04 MST']), '18:40 UTC');
  assert.equal(call('time.format', [ns, 'Asia/Kolkata', '15:04 MST']), 'undefined'); // Go: "00:10 IST"; not known here
  // 1582977600 * 10^12 overflows int64 nanoseconds: "timestamp too big" (time/test-time-0955.yaml).
  assert.equal(call('time.date', 1582977600n * 10n ** 12n), 'undefined');
  assert.equal(call('time.format', 1.5), 'undefined');
});

test('time.date/clock/weekday in zones, time.add_date and time.diff (time/test-time-0969, 0970.yaml)', () => {
  const ts = 1796439600000000000n; // 2026-12-05T03:00:00Z, a Saturday
  assert.deepEqual(call('time.date', [ts, 'America/New_York']), [2026, 12, 4]);
  assert.deepEqual(call('time.clock', [ts, 'America/New_York']), [22, 0, 0]);
  assert.equal(call('time.weekday', [ts, 'America/New_York']), 'Friday');
  assert.deepEqual(call('time.date', [ts, 'Pacific/Kiritimati']), [2026, 12, 5]);
  assert.deepEqual(call('time.clock', [ts, 'Pacific/Kiritimati']), [17, 0, 0]);
  assert.equal(call('time.add_date', 1585852421593912000n, -1, -1, -1), 1551465221593912000n);
  // Go normalises: January 31 plus one month is March 3 (2026) / March 2 (2028, leap).
  const jan31 = call('time.parse_ns', '2006-01-02', '2026-01-31') as bigint;
  assert.equal(
    call('time.format', [call('time.add_date', jan31, 0, 1, 0) as bigint, 'UTC', '2006-01-02']),
    '2026-03-03',
  );
  const day = (s: string) => call('time.parse_ns', '2006-01-02', s) as bigint;
  assert.deepEqual(call('time.diff', day('2020-02-02'), day('2020-03-01')), [0, 0, 28, 0, 0, 0]);
  assert.deepEqual(call('time.diff', day('2021-02-02'), day('2021-03-01')), [0, 0, 27, 0, 0, 0]);
  assert.deepEqual(call('time.diff', day('2004-02-29'), day('2005-03-01')), [1, 0, 1, 0, 0, 0]);
  assert.deepEqual(call('time.diff', NOW + 61_000_000_000n, NOW), [0, 0, 0, 0, 1, 1]);
  assert.deepEqual(call('time.diff', [NOW + 60_000_000_000n, 'UTC'], [NOW, 'Asia/Shanghai']), [0, 0, 0, 0, 1, 0]);
});

test('time.parse_duration_ns and time.now_ns keep int64 exact', () => {
  assert.equal(call('time.parse_duration_ns', '1h30m'), 5400000000000);
  assert.equal(call('time.parse_duration_ns', '-1.5h'), -5400000000000);
  assert.equal(call('time.parse_duration_ns', '1µs'), 1000);
  assert.equal(call('time.parse_duration_ns', '2562047h47m16.854775807s'), 9223372036854775807n); // Go's max Duration
  assert.equal(call('time.parse_duration_ns', '2562047h47m16.854775808s'), 'undefined');
  assert.equal(call('time.parse_duration_ns', '1d'), 'undefined');
  assert.equal(call('time.parse_duration_ns', '10'), 'undefined');
  assert.equal(call('time.parse_duration_ns', '0'), 0);
  assert.equal(call('time.now_ns'), NOW);
});

test('net: IPv4 and IPv6 CIDR merge, expand and validity', () => {
  assert.deepEqual(setOf(call('net.cidr_merge', ['192.0.128.0/24', '192.0.129.0/24'])), ['192.0.128.0/23']);
  assert.deepEqual(setOf(call('net.cidr_merge', ['2001:0db8::/32', '2001:0db9::/32'])), ['2001:db8::/31']);
  assert.deepEqual(
    setOf(call('net.cidr_merge', ['10.0.0.0/8', '10.1.0.0/16', '10.2.3.4', '192.168.1.1', '192.168.1.0'])),
    ['10.0.0.0/8', '192.168.1.0/31'],
  );
  assert.deepEqual(setOf(call('net.cidr_merge', ['::1', '::'])), ['::/127']);
  assert.deepEqual(setOf(call('net.cidr_merge', ['fe80::1/64', '2001:db8:0:1::/64', '2001:db8::/64'])), [
    '2001:db8::/63',
    'fe80::/64',
  ]);
  assert.equal(call('net.cidr_merge', ['10.0.0.0/33']), 'undefined');
  assert.equal(call('net.cidr_merge', ['not an ip']), 'undefined');
  assert.deepEqual(setOf(call('net.cidr_expand', '192.168.0.0/30')), [
    '192.168.0.0',
    '192.168.0.1',
    '192.168.0.2',
    '192.168.0.3',
  ]);
  assert.deepEqual(setOf(call('net.cidr_expand', '2001:db8::ff/127')), ['2001:db8::fe', '2001:db8::ff']);
  assert.equal(call('net.cidr_is_valid', '192.168.0.0/30'), true);
  assert.equal(call('net.cidr_is_valid', '192.168.0.500/30'), false);
  assert.equal(call('net.cidr_is_valid', '2001:db8::/129'), false);
  assert.equal(call('net.cidr_is_valid', 5), false);
});

test('semver: pre-release precedence (semver.org §11) and invalid versions (semverisvalid/*.yaml)', () => {
  const order = [
    '1.0.0-alpha',
    '1.0.0-alpha.1',
    '1.0.0-alpha.beta',
    '1.0.0-beta',
    '1.0.0-beta.2',
    '1.0.0-beta.11',
    '1.0.0-rc.1',
    '1.0.0',
  ];
  for (let i = 0; i + 1 < order.length; i++) {
    assert.equal(call('semver.compare', order[i]!, order[i + 1]!), -1, `${order[i]} < ${order[i + 1]}`);
    assert.equal(call('semver.compare', order[i + 1]!, order[i]!), 1);
  }
  assert.equal(call('semver.compare', '1.0.0', '1.0.0'), 0);
  assert.equal(call('semver.compare', '1.0.0+build.1', '1.0.0+build.2'), 0); // metadata does not count
  assert.equal(call('semver.compare', '1.2.3', '1.10.0'), -1);
  assert.equal(call('semver.is_valid', '1'), false);
  assert.equal(call('semver.is_valid', 1), false);
  assert.equal(call('semver.is_valid', '1.0.0-rc.1+build.5'), true);
  assert.equal(call('semver.is_valid', '1.0.0-rc..1'), false);
  assert.equal(call('semver.compare', '1.0', '1.0.0'), 'undefined');
});

test('units, hashes and encodings', () => {
  assert.equal(call('units.parse', '1.5k'), 1500);
  assert.equal(call('units.parse', '10Ki'), 10240);
  assert.equal(call('units.parse', '100m'), 0.1);
  assert.equal(call('units.parse', '2E'), 2000000000000000000n);
  assert.equal(call('units.parse', '5 furlongs'), 'undefined');
  assert.equal(call('units.parse_bytes', '10Mi'), 10485760);
  assert.equal(call('units.parse_bytes', '1.5 KB'), 1500);
  assert.equal(call('units.parse_bytes', '1KiB'), 1024);
  assert.equal(call('units.parse_bytes', 'GB'), 'undefined');
  assert.equal(call('crypto.sha1', 'abc'), 'a9993e364706816aba3e25717850c26c9cd0d89d');
  assert.equal(String(call('crypto.hmac.sha512', 'x', 'key')).length, 128);
  assert.equal(call('crypto.hmac.equal', 'abc', 'abc'), true);
  assert.equal(call('crypto.hmac.equal', 'abc', 'abd'), false);
  assert.equal(call('hex.decode', 'zz'), 'undefined');
  assert.equal(call('hex.encode', 'hello'), '68656c6c6f');
  assert.equal(call('base64url.encode_no_pad', 'hello'), 'aGVsbG8');
  assert.equal(call('urlquery.encode', 'a b&c=d/é'), 'a+b%26c%3Dd%2F%C3%A9');
  assert.equal(call('urlquery.decode', 'a+b%26c'), 'a b&c');
  assert.equal(call('urlquery.decode', '%zz'), 'undefined');
  assert.equal(call('urlquery.encode_object', { b: ['2', '3'], a: '1' }), 'a=1&b=2&b=3');
  assert.deepEqual(call('urlquery.decode_object', 'a=1&b=2&b=3'), { a: ['1'], b: ['2', '3'] });
  assert.equal(call('yaml.is_valid', 'a: [1'), false);
  assert.equal(call('yaml.unmarshal', 'a: [1'), 'undefined');
});

test('regex (RE2 syntax, Go semantics) and strings', () => {
  assert.deepEqual(call('regex.split', 'a', 'banana'), ['b', 'n', 'n', '']);
  assert.deepEqual(call('regex.split', 'x*', 'axbc'), ['a', 'b', 'c']);
  assert.equal(call('regex.split', '(?<=a)b', 'ab'), 'undefined'); // look-behind is not RE2
  assert.deepEqual(call('regex.find_n', '[oa]+', 'foo bar baz', 2), ['oo', 'a']);
  assert.deepEqual(call('regex.find_n', '[oa]+', 'foo bar baz', -1), ['oo', 'a', 'a']);
  assert.equal(call('regex.replace', 'foo bar', '(o+)', '[$1]'), 'f[oo] bar');
  // biome-ignore lint/suspicious/noTemplateCurlyInString: ${maj} is Go's replacement syntax, not a template
  assert.equal(call('regex.replace', 'v1.2', `v(?P<maj>\\d+)`, '${maj}x'), '1x.2');
  assert.equal(call('regex.template_match', 'urn:foo:{.*}', 'urn:foo:bar:baz', '{', '}'), true);
  assert.equal(call('regex.template_match', 'urn:foo.bar.com:{.*}', 'urn:foo.bar.com:bar:baz', '{', '}'), true);
  assert.equal(call('regex.template_match', 'urn:foo.bar.com:{.*}', 'urn:foo.com:bar:baz', '{', '}'), false);
  assert.equal(call('regex.template_match', 'urn:foo:{[a-z]+', 'urn:foo:bar', '{', '}'), 'undefined');
  assert.equal(call('strings.any_suffix_match', ['a.example', 'b.test'], '.test'), true);
  assert.equal(call('strings.any_prefix_match', 'ghcr.io/x', ['docker.io', 'quay.io']), false);
  assert.equal(call('strings.count', 'cheese', 'e'), 3);
  assert.equal(call('strings.count', 'five', ''), 5);
});

test('sprintf prints like OPA 0.70.0 (Go fmt; %v of a collection is Rego text)', () => {
  // Cases from OPA's test/cases/testdata/sprintf/test-sprintf.yaml that 0.70.0's conversion
  // (int -> Go int, larger -> *big.Int, other numbers -> float64, other values -> Rego text) gives.
  assert.equal(call('sprintf', '%s', [123456789123456789123n]), '123456789123456789123');
  assert.equal(call('sprintf', '%s', [1208925819614629174706175n]), '1208925819614629174706175');
  assert.equal(call('sprintf', '%v', ['hello!']), 'hello!');
  assert.equal(
    call('sprintf', '%d %s %v', [13, 1208925819614629174706175n, 'hello!']),
    '13 1208925819614629174706175 hello!',
  );
  assert.equal(call('sprintf', '%.3f %d %[1]v', [13.5, 45835334]), '13.500 45835334 13.5');
  // Go's fmt for an int under a float verb, and for explicit indexes (later OPA releases convert
  // for the verb, so their `sprintf("%f", [13])` is "13.000000").
  assert.equal(call('sprintf', '%f', [13]), '%!f(int=13)');
  assert.equal(call('sprintf', '%.3[1]f %d %v', [13.25, 'x']), '13.250 %!d(string=x) %!v(MISSING)');
  // Collections, booleans and null are their Rego text.
  assert.equal(call('sprintf', '%v', [[1, 'a']]), '[1, "a"]');
  assert.equal(call('sprintf', '%s', [{ b: [true, null], a: 1.5 }]), '{"a": 1.5, "b": [true, null]}');
  assert.equal(call('sprintf', '%v|%t', [true, false]), 'true|%!t(string=false)');
  // Floats print as Go's %v (shortest; exponent from 1e6), other verbs as C printf.
  assert.equal(call('sprintf', '%v %v %v %.2e', [1.5, 1234567.5, 0.00001, 1234.5]), '1.5 1.2345675e+06 1e-05 1.23e+03');
  assert.equal(call('sprintf', '%05d|%-4s|%x|%q|%+d', [42, 'ab', 255, 'q"', 7]), '00042|ab  |ff|"q\\""|+7');
  assert.equal(call('sprintf', '%d', ['x']), '%!d(string=x)');
  assert.equal(call('sprintf', '%s %s', ['x']), 'x %!s(MISSING)');
  assert.equal(call('sprintf', '%s', ['x', 2]), 'x%!(EXTRA int=2)');
});

test('JWT, UUID, JSON schema and X.509 inputs that OPA rejects are undefined', () => {
  assert.equal(call('io.jwt.decode', 'not-a-jwt'), 'undefined');
  assert.equal(call('io.jwt.decode', 'eyJhbGciOiJub25lIn0.bm90IGpzb24.'), 'undefined');
  assert.deepEqual(call('uuid.parse', '{00000000-0000-4000-8000-000000000000}'), { version: 4, variant: 'RFC4122' });
  assert.deepEqual(call('uuid.parse', 'urn:uuid:123e4567-e89b-42d3-c456-426614174000'), {
    version: 4,
    variant: 'Microsoft',
  });
  assert.equal(call('uuid.parse', '00000000-0000-4000-8000-00000000000'), 'undefined');
  // Versions 1 and 2: uuid/test-uuid-parse.yaml (positive-v2), and RFC 9562 appendix A.1's UUIDv1
  // (2022-02-22T19:22:22Z, clock sequence 0x33C8, node 9F:6B:DE:CE:D8:46).
  assert.deepEqual(call('uuid.parse', '000003e8-48b9-21ee-b200-325096b39f47'), {
    clocksequence: 12800,
    domain: 'Person',
    id: 1000,
    macvariables: 'local:unicast',
    nodeid: '32-50-96-b3-9f-47',
    time: 1693566990121469600n,
    variant: 'RFC4122',
    version: 2,
  });
  assert.deepEqual(call('uuid.parse', 'C232AB00-9414-11EC-B3C8-9F6BDECED846'), {
    clocksequence: 0x33c8,
    macvariables: 'local:multicast',
    nodeid: '9f-6b-de-ce-d8-46',
    time: 1645557742000000000n,
    variant: 'RFC4122',
    version: 1,
  });
  const [ok, errors] = call(
    'json.match_schema',
    { a: 'x' },
    { type: 'object', properties: { a: { type: 'integer' } } },
  ) as [boolean, { field: string }[]];
  assert.equal(ok, false);
  assert.equal(errors[0]?.field, 'a');
  assert.equal(call('crypto.x509.parse_certificates', 'bm90IGEgY2VydA=='), 'undefined');
});

test('net.cidr_contains_matches (cases from the OPA .NET SDK tests of OPA behaviour)', () => {
  const pairs = (v: RegoValue | 'undefined') =>
    v instanceof RegoSet ? v.items.map((x) => JSON.stringify(x)).sort() : v;
  assert.deepEqual(
    pairs(
      call(
        'net.cidr_contains_matches',
        ['127.0.0.64/24', '10.0.0.64/24'],
        ['127.0.0.64/26', '127.0.0.1', '10.0.0.100', '1.0.0.1'],
      ),
    ),
    ['[0,0]', '[0,1]', '[1,2]'],
  );
  assert.deepEqual(pairs(call('net.cidr_contains_matches', '1.1.1.0/24', '1.1.1.128')), ['["1.1.1.0/24","1.1.1.128"]']);
  assert.deepEqual(pairs(call('net.cidr_contains_matches', ['1.1.1.0/24', '1.1.2.0/24'], '1.1.1.128')), [
    '[0,"1.1.1.128"]',
  ]);
  assert.deepEqual(
    pairs(
      call('net.cidr_contains_matches', [['1.1.0.0/16', 'foo'], '1.1.2.0/24'], ['1.1.1.128', ['1.1.254.254', 'bar']]),
    ),
    ['[0,0]', '[0,1]'],
  );
  assert.deepEqual(
    pairs(call('net.cidr_contains_matches', { v6: '2001:db8::/32' }, new RegoSet(['2001:db8:1::1', '10.0.0.1']))),
    ['["v6","2001:db8:1::1"]'],
  );
  assert.equal(call('net.cidr_contains_matches', [5], '1.1.1.1'), 'undefined');
});

test('objects, sets, numbers and casts (OPA policy reference examples)', () => {
  assert.deepEqual(setOf(call('object.keys', { a: 1, b: 2 })), ['a', 'b']);
  assert.deepEqual(call('object.union_n', [{ a: 1 }, { b: { c: 2 } }, { b: { d: 3 }, a: 4 }]), {
    a: 4,
    b: { c: 2, d: 3 },
  });
  const sup = { a: 'b', c: { x: new RegoSet([10, 15, 20, 25]), y: 'z' } };
  assert.equal(call('object.subset', sup, { c: { x: new RegoSet([10, 15, 20]) } }), true);
  assert.equal(call('object.subset', sup, { c: { x: new RegoSet([10, 30]) } }), false);
  assert.equal(call('object.subset', new RegoSet([1, 2, 3]), new RegoSet([1, 3])), true);
  assert.equal(call('object.subset', [1, 2, 3, 4], [2, 3]), true);
  assert.equal(call('object.subset', [1, 2, 3, 4], [2, 4]), false); // arrays: a contiguous run
  assert.equal(call('object.subset', [1, 2, 3, 4], new RegoSet([4, 2])), true);
  assert.equal(call('object.subset', 'x', 'x'), 'undefined');
  assert.deepEqual(call('numbers.range_step', 0, 10, 3), [0, 3, 6, 9]);
  assert.deepEqual(call('numbers.range_step', 10, 0, 5), [10, 5, 0]);
  assert.equal(call('numbers.range_step', 0, 10, 0), 'undefined');
  assert.equal(call('glob.quote_meta', '*.github.com'), '\\*.github.com');
  assert.deepEqual(call('indexof_n', 'banana', 'an'), [1, 3]);
  assert.deepEqual(call('cast_array', new RegoSet([2, 1])), [1, 2]);
  assert.equal(call('cast_string', 1), 'undefined');
  assert.equal(call('trace', 'a note'), true);
  // Sets passed to sprintf print as Rego sets, sorted as OPA sorts them.
  assert.equal(call('sprintf', '%v', [new RegoSet(['b', 1, ['x'], 'a'])]), '{1, "a", "b", ["x"]}');
});

test('io.jwt.verify_hs256 (the jwt.io example token and secret)', () => {
  const token =
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
  assert.equal(call('io.jwt.verify_hs256', token, 'your-256-bit-secret'), true);
  assert.equal(call('io.jwt.verify_hs256', token, 'another secret'), false);
  assert.equal(call('io.jwt.verify_hs256', 'x.y', 'k'), 'undefined');
});

test('crypto.x509.parse_certificates: Go x509.Certificate fields (certificates made by OpenSSL)', () => {
  // testdata/san-cert.pem: `openssl req -x509 ... -subj "/C=DE/O=Example Org/OU=Build/CN=builder.example"` with
  // SANs, key usage, extended key usage and basic constraints; fulcio-style-leaf.pem: a keyless leaf
  // from test-vectors. Expected values are what `openssl x509 -text` prints for them, in Go's encoding.
  const parse = (f: string) =>
    (
      call(
        'crypto.x509.parse_certificates',
        readFileSync(new URL(`./testdata/${f}`, import.meta.url), 'utf8'),
      ) as Record<string, RegoValue>[]
    )[0]!;
  const c = parse('san-cert.pem');
  assert.equal(c.SerialNumber, 0x0d78b75da471403e60d8ce7039fe97d257bdece9n);
  assert.deepEqual((c.Subject as Record<string, RegoValue>).Country, ['DE']);
  assert.equal((c.Subject as Record<string, RegoValue>).CommonName, 'builder.example');
  assert.deepEqual([c.NotBefore, c.NotAfter], ['2026-12-05T03:55:34Z', '2036-12-02T03:55:34Z']);
  assert.deepEqual(c.DNSNames, ['builder.example', '*.builder.example']);
  assert.deepEqual(c.IPAddresses, ['10.0.0.1', '2001:db8::1']);
  assert.deepEqual(c.EmailAddresses, ['ci@example.com']);
  assert.deepEqual(
    (c.URIs as Record<string, RegoValue>[]).map((u) => [u.Scheme, u.Host, u.Path]),
    [['https', 'github.com', '/org/repo/.github/workflows/release.yml@refs/heads/main']],
  );
  assert.equal(c.KeyUsage, 1 | 32); // digitalSignature, keyCertSign (Go's KeyUsage bits)
  assert.deepEqual([c.ExtKeyUsage, c.UnknownExtKeyUsage], [[3, 1], [[1, 3, 6, 1, 4, 1, 57264, 99]]]); // codeSigning, serverAuth
  assert.deepEqual([c.BasicConstraintsValid, c.IsCA, c.MaxPathLen, c.MaxPathLenZero], [true, true, 1, false]);
  assert.equal(
    c.SubjectKeyId,
    btoa(String.fromCharCode(...'62B3204A83CFC82272DDFE651CCD9FFCD6738B92'.match(/../g)!.map((h) => parseInt(h, 16)))),
  );
  const leaf = parse('fulcio-style-leaf.pem');
  assert.equal((leaf.Subject as Record<string, RegoValue>).Names, null); // empty subject, as Fulcio issues
  assert.deepEqual(
    [leaf.EmailAddresses, leaf.DNSNames, leaf.KeyUsage, leaf.ExtKeyUsage, leaf.BasicConstraintsValid],
    [['alice@example.com'], null, 1, [3], false],
  );
  const issuerExt = (leaf.Extensions as Record<string, RegoValue>[]).find(
    (e) => String(e.Id) === '1,3,6,1,4,1,57264,1,1',
  );
  assert.equal(atob(issuerExt!.Value as string), 'https://accounts.example.com');
  assert.equal(
    c.Raw,
    readFileSync(new URL('./testdata/san-cert.pem', import.meta.url), 'utf8').replace(/-----[A-Z ]+-----|\s/g, ''),
  );
});
