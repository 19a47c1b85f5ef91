// Go-versus-JS regexp table (testdata/go-regexp-cases.json), also run in the browser build by the
// browser harness. Here: every case through compileGoRegExp, plus a check that JS RegExp really does
// behave differently where the table says so (that is why a policy pattern never goes to RegExp).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compileGoRegExp, PatternError, compileIdentities } from './index-node.ts';

interface Case {
  pattern: string;
  input: string;
  expect: 'match' | 'no-match' | 'error';
  jsRegExp?: 'match' | 'no-match' | 'error';
  note: string;
}
const table = JSON.parse(readFileSync(new URL('./testdata/go-regexp-cases.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

function goResult(c: Case): Case['expect'] {
  try {
    return compileGoRegExp(c.pattern).test(c.input) ? 'match' : 'no-match';
  } catch (e) {
    assert.ok(e instanceof PatternError, `${c.pattern}: expected PatternError, got ${e}`);
    return 'error';
  }
}

function jsResult(c: Case): Case['expect'] {
  try {
    return new RegExp(c.pattern).test(c.input) ? 'match' : 'no-match';
  } catch {
    return 'error';
  }
}

test('the table is not trivial', () => {
  assert.ok(table.cases.length >= 40);
  for (const kind of ['match', 'no-match', 'error'] as const)
    assert.ok(
      table.cases.some((c) => c.expect === kind),
      kind,
    );
  assert.ok(
    table.cases.filter((c) => c.jsRegExp !== undefined && c.jsRegExp !== c.expect).length >= 20,
    'enough Go/JS differences',
  );
});

for (const c of table.cases) {
  const label = `${JSON.stringify(c.pattern).slice(0, 50)} vs ${JSON.stringify(c.input).slice(0, 30)}: ${c.note}`;
  test(`Go semantics: ${label}`, () => {
    assert.equal(goResult(c), c.expect);
  });
  if (c.jsRegExp !== undefined) {
    test(`JS RegExp behaves as documented: ${label}`, () => {
      assert.equal(jsResult(c), c.jsRegExp);
    });
  }
}

test('a rejected pattern is a policy error quoting the pattern and the field', () => {
  assert.throws(
    () =>
      compileIdentities([{ issuer: 'https://accounts.google.com', subjectRegExp: '^(?=admin)' }], {
        field: 'spec.authorities[0].keyless.identities',
      }),
    (e: unknown) => {
      assert.ok(e instanceof PatternError);
      assert.equal(e.code, 'POLICY_INVALID');
      assert.equal(e.pattern, '^(?=admin)');
      assert.equal(e.field, 'spec.authorities[0].keyless.identities[0].subjectRegExp');
      assert.match(e.message, /"\^\(\?=admin\)"/);
      assert.match(e.message, /Perl syntax/);
      return true;
    },
  );
  assert.throws(
    () => compileIdentities([{ issuerRegExp: '(a)\\1', subject: 'x' }]),
    /identities\[0\]\.issuerRegExp: invalid Go \(RE2\) regular expression "\(a\)\\\\1"/,
  );
});

test('pathological pattern against a long SAN returns (linear time)', () => {
  const matcher = compileIdentities([{ issuer: 'https://issuer.test', subjectRegExp: '(a+)+$' }]);
  const san = 'a'.repeat(100_000) + '!';
  const r = matcher.match({
    der: new Uint8Array(),
    serialNumber: '01',
    notBefore: new Date(0),
    notAfter: new Date(0),
    sans: [{ type: 'email', value: san }],
    issuer: 'https://issuer.test',
    extensions: { issuer: 'https://issuer.test' },
    extensionList: [],
    unknownCriticalExtensions: [],
    isCA: false,
    publicKeyInfo: new Uint8Array(),
    warnings: [],
  });
  assert.equal(r.ok, false);
  assert.match(r.reason, /no SAN matches subjectRegExp/);
  assert.ok(r.reason.length < 1000, 'a hostile SAN does not blow up the reason');
});
