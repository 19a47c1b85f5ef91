// `policy` blocks (of an attestation, or the CIP's spec.policy) field by field (mutation testing):
// type, exactly one source, configMapRef and remote fields, the include flags and where they may
// be set. Problems are worded as policy-controller's validation words them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Reader } from './reader.ts';
import { validatePolicyRef } from './validate-policy-ref.ts';

const P = 'spec.authorities[0].attestations[0].policy';
const FLAGS = { fetchConfigFile: false, includeSpec: false, includeObjectMeta: false, includeTypeMeta: false };
const SHA = 'a'.repeat(64);

function check(value: unknown, allowIncludes = false) {
  const r = new Reader();
  const out = validatePolicyRef(value, P, allowIncludes, r);
  return { out, problems: r.problems.map((p) => `${p.message} @ ${p.paths.join(',')}`) };
}

test('absent is no policy and no problem', () => {
  assert.deepEqual(check(undefined), { out: undefined, problems: [] });
  assert.deepEqual(check(null), { out: undefined, problems: [] });
});

test('type: cue or rego, required', () => {
  assert.deepEqual(check({ type: 'cue', data: 'x' }), { out: { type: 'cue', ...FLAGS, data: 'x' }, problems: [] });
  assert.deepEqual(check({ type: 'rego', data: 'x' }), { out: { type: 'rego', ...FLAGS, data: 'x' }, problems: [] });
  assert.deepEqual(check({ data: 'x' }).problems, [`missing field(s) @ ${P}.type`]);
  assert.deepEqual(check({ type: '', data: 'x' }).problems, [`missing field(s) @ ${P}.type`]);
  assert.deepEqual(check({ type: 'wasm', data: 'x' }).problems, [`invalid value: wasm @ ${P}.type`]);
  assert.deepEqual(check({ type: 'Rego', data: 'x' }).problems, [`invalid value: Rego @ ${P}.type`]);
  assert.equal(check({ type: 'wasm', data: 'x' }).out?.type, 'cue');
});

test('exactly one of data, configMapRef, remote (empty data is none)', () => {
  const oneOf = `${P}.data,${P}.configMapRef,${P}.remote`;
  assert.deepEqual(check({ type: 'cue' }).problems, [`expected exactly one, got neither @ ${oneOf}`]);
  assert.deepEqual(check({ type: 'cue', data: '' }).problems, [`expected exactly one, got neither @ ${oneOf}`]);
  assert.equal(check({ type: 'cue', data: '' }).out?.data, undefined);
  assert.deepEqual(check({ type: 'cue', data: 'x', configMapRef: { name: 'n', key: 'k' } }).problems, [
    `expected exactly one, got both @ ${oneOf}`,
  ]);
  assert.deepEqual(
    check({ type: 'cue', configMapRef: { name: 'n', key: 'k' }, remote: { url: 'https://h/p', sha256sum: SHA } })
      .problems,
    [`expected exactly one, got both @ ${oneOf}`],
  );
});

test('configMapRef: name and key required, namespace kept when given', () => {
  assert.deepEqual(check({ type: 'cue', configMapRef: { name: 'n', key: 'k' } }), {
    out: { type: 'cue', ...FLAGS, configMapRef: { name: 'n', key: 'k' } },
    problems: [],
  });
  assert.deepEqual(check({ type: 'cue', configMapRef: { name: 'n', key: 'k', namespace: 'ns' } }).out?.configMapRef, {
    name: 'n',
    key: 'k',
    namespace: 'ns',
  });
  assert.deepEqual(check({ type: 'cue', configMapRef: { name: 'n', key: 'k', namespace: '' } }).out?.configMapRef, {
    name: 'n',
    key: 'k',
  });
  const missing = check({ type: 'cue', configMapRef: {} });
  assert.deepEqual(missing.problems, [
    `missing field(s) @ ${P}.configMapRef.name`,
    `missing field(s) @ ${P}.configMapRef.key`,
  ]);
  assert.deepEqual(missing.out?.configMapRef, { name: '', key: '' });
  assert.deepEqual(check({ type: 'cue', configMapRef: { name: 'n', key: 'k', extra: 1 } }).problems, [
    `unknown field @ ${P}.configMapRef.extra`,
  ]);
});

test('remote: an https URL with a host and a sha256sum', () => {
  assert.deepEqual(check({ type: 'rego', remote: { url: 'https://example.com/p.rego', sha256sum: SHA } }), {
    out: { type: 'rego', ...FLAGS, remote: { url: 'https://example.com/p.rego', sha256sum: SHA } },
    problems: [],
  });
  for (const url of ['http://example.com/p.rego', 'not a url', 'file:///etc/passwd', '']) {
    assert.deepEqual(
      check({ type: 'rego', remote: { url, sha256sum: SHA } }).problems,
      [`invalid value: ${url} @ ${P}.remote.url`],
      url,
    );
  }
  const noUrl = check({ type: 'rego', remote: { sha256sum: SHA } });
  assert.deepEqual(noUrl.problems, [`invalid value:  @ ${P}.remote.url`]);
  assert.deepEqual(noUrl.out?.remote, { url: '', sha256sum: SHA });
  const noSum = check({ type: 'rego', remote: { url: 'https://example.com/p' } });
  assert.deepEqual(noSum.problems, [`missing field(s) @ ${P}.remote.sha256sum`]);
  assert.deepEqual(noSum.out?.remote, { url: 'https://example.com/p', sha256sum: '' });
});

test('include flags: only on spec.policy; false is the same as unset', () => {
  const all = { fetchConfigFile: true, includeSpec: true, includeObjectMeta: true, includeTypeMeta: true };
  assert.deepEqual(check({ type: 'cue', data: 'x', ...all }, true), {
    out: { type: 'cue', ...all, data: 'x' },
    problems: [],
  });
  assert.deepEqual(check({ type: 'cue', data: 'x', includeSpec: true, fetchConfigFile: false }, true).out, {
    type: 'cue',
    ...FLAGS,
    includeSpec: true,
    data: 'x',
  });
  assert.deepEqual(
    check({ type: 'cue', data: 'x', ...all }).problems,
    Object.keys(all).map((k) => `must not set the field(s) @ ${P}.${k}`),
  );
  assert.deepEqual(check({ type: 'cue', data: 'x', ...FLAGS }), {
    out: { type: 'cue', ...FLAGS, data: 'x' },
    problems: [],
  });
  assert.deepEqual(check({ type: 'cue', data: 'x', includeSpec: 'yes' }, true).problems, [
    `${P}.includeSpec: Invalid value: "string": must be of type boolean @ `,
  ]);
  assert.deepEqual(check({ type: 'cue', data: 'x', includeSpec: 'yes' }, true).out?.includeSpec, false);
});

test('a value of the wrong type is named by its full path', () => {
  const typed = (path: string, got: string, want: string) =>
    `${P}.${path}: Invalid value: "${got}": must be of type ${want} @ `;
  assert.deepEqual(check({ type: 1, data: 2, configMapRef: { name: 3, key: true, namespace: [] } }).problems, [
    typed('type', 'integer', 'string'),
    `missing field(s) @ ${P}.type`,
    typed('data', 'integer', 'string'),
    typed('configMapRef.name', 'integer', 'string'),
    typed('configMapRef.key', 'boolean', 'string'),
    `missing field(s) @ ${P}.configMapRef.name`,
    `missing field(s) @ ${P}.configMapRef.key`,
    typed('configMapRef.namespace', 'array', 'string'),
  ]);
  assert.deepEqual(check({ type: 'rego', remote: { url: 1, sha256sum: 2 } }).problems, [
    typed('remote.url', 'integer', 'string'),
    `invalid value:  @ ${P}.remote.url`,
    typed('remote.sha256sum', 'integer', 'string'),
    `missing field(s) @ ${P}.remote.sha256sum`,
  ]);
  assert.deepEqual(check({ type: 'rego', remote: 'https://example.com/p' }).problems, [
    typed('remote', 'string', 'object'),
    `expected exactly one, got neither @ ${P}.data,${P}.configMapRef,${P}.remote`,
  ]);
});
