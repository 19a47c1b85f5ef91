import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { parsePolicyDocuments } from './parse.ts';
import { PolicyError } from './errors.ts';
import { readShared, readSharedJson, sharedVectorsDir, skipWithoutShared } from './testdata/shared.ts';

interface AdmissionVector {
  file: string;
  expect: string;
  errorSubstrings?: string[];
}

function rejection(text: string, source: string, opts = {}): PolicyError | undefined {
  try {
    parsePolicyDocuments(text, { source, ...opts });
    return undefined;
  } catch (e) {
    assert.ok(e instanceof PolicyError, `${source}: not a PolicyError: ${e}`);
    return e;
  }
}

test('policy-controller admission vectors: every invalid file rejected with its # ERROR: substance', {
  skip: skipWithoutShared,
}, () => {
  const { vectors } = readSharedJson<{ vectors: AdmissionVector[] }>(
    '_extracted/cip_admission_validation_vectors.json',
  );
  const invalid = vectors.filter((v) => v.expect === 'reject');
  assert.equal(invalid.length, 33);
  for (const v of invalid) {
    const err = rejection(readShared(v.file), v.file);
    assert.ok(err, `${v.file} was accepted`);
    assert.equal(err.code, 'POLICY_INVALID');
    for (const want of v.errorSubstrings ?? []) {
      assert.ok(err.message.includes(want), `${v.file}: message lacks ${JSON.stringify(want)}:\n${err.message}`);
    }
  }
});

test('the vector list covers every file in invalid/ and valid/', { skip: skipWithoutShared }, () => {
  const { vectors } = readSharedJson<{ vectors: AdmissionVector[] }>(
    '_extracted/cip_admission_validation_vectors.json',
  );
  for (const dir of ['invalid', 'valid']) {
    const files = readdirSync(`${sharedVectorsDir}test/testdata/policy-controller/${dir}`).filter((f) =>
      f.endsWith('.yaml'),
    );
    for (const f of files)
      assert.ok(
        vectors.some((v) => v.file.endsWith(`${dir}/${f}`)),
        `${dir}/${f} has no vector`,
      );
  }
});

test('policy-controller admission vectors: every valid file accepted', { skip: skipWithoutShared }, () => {
  const { vectors } = readSharedJson<{ vectors: AdmissionVector[] }>(
    '_extracted/cip_admission_validation_vectors.json',
  );
  const valid = vectors.filter((v) => v.file.includes('/valid/'));
  assert.equal(valid.length, 14);
  for (const v of valid) {
    const docs = parsePolicyDocuments(readShared(v.file), { source: v.file });
    assert.equal(docs.policies.length, 1, v.file);
    assert.ok(docs.policies[0]!.authorities.length > 0);
  }
});

test('empty-authorities files: rejected by default, accepted with failOnEmptyAuthorities=false', {
  skip: skipWithoutShared,
}, () => {
  for (const f of ['authorities-absent.yaml', 'authorities-present.yaml']) {
    const text = readShared(`test/testdata/policy-controller/empty-authorities/${f}`);
    const err = rejection(text, f);
    assert.ok(err?.message.includes('missing field(s): spec.authorities'), f);
    const docs = parsePolicyDocuments(text, { failOnEmptyAuthorities: false });
    assert.equal(docs.policies[0]!.authorities.length, 0);
  }
});

test('e2e CIPs and examples parse (templates with placeholder keys excepted)', { skip: skipWithoutShared }, () => {
  const dir = `${sharedVectorsDir}test/testdata/policy-controller/e2e`;
  let parsed = 0;
  for (const f of readdirSync(dir).filter((x) => x.startsWith('cip-'))) {
    const text = readShared(`test/testdata/policy-controller/e2e/${f}`);
    try {
      const docs = parsePolicyDocuments(text, { source: f });
      assert.ok(docs.policies.length >= 1, f);
      parsed++;
    } catch (e) {
      // key.data is injected by the e2e scripts (yq); the committed files hold placeholders.
      assert.ok(e instanceof PolicyError && /key\.data|secretRef/.test(e.message), `${f}: ${(e as Error).message}`);
    }
  }
  assert.ok(parsed > 20, `only ${parsed} e2e CIPs parsed`);
});
