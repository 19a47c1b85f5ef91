import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileGlob, matchGlob, matchGlobText, validateGlob } from './glob.ts';
import { parseImageRef } from './reference.ts';
import { PolicyError } from './errors.ts';
import { readSharedJson, skipWithoutShared } from './testdata/shared.ts';

interface GlobVector {
  image: string;
  glob: string;
  wantMatch: boolean;
  wantErr: boolean;
}

function outcome(glob: string, image: string): { match: boolean; err: boolean } {
  try {
    return { match: matchGlob(glob, image), err: false };
  } catch (e) {
    assert.ok(e instanceof PolicyError, `unexpected error type for ${glob} / ${image}: ${e}`);
    return { match: false, err: true };
  }
}

test('policy-controller glob_test.go table (42 rows)', { skip: skipWithoutShared }, () => {
  const { vectors } = readSharedJson<{ vectors: GlobVector[] }>('_extracted/glob_match_vectors.json');
  assert.equal(vectors.length, 42);
  for (const v of vectors) {
    const got = outcome(v.glob, v.image);
    assert.deepEqual(got, { match: v.wantMatch, err: v.wantErr }, `glob ${v.glob} image ${v.image}`);
  }
});

test('own glob cases: * stays within a path segment, ** crosses, digest is part of the name', () => {
  const digest = 'sha256:' + 'ab'.repeat(32);
  const cases: [string, string, boolean][] = [
    ['ghcr.io/foo', `ghcr.io/foo@${digest}`, false], // at admission the digest is always there
    ['ghcr.io/foo*', `ghcr.io/foo@${digest}`, true], // * crosses '@' and ':'
    ['ghcr.io/foo@**', `ghcr.io/foo@${digest}`, true],
    ['ghcr.io/*', 'ghcr.io/a/b', false],
    ['ghcr.io/**', 'ghcr.io/a/b', true],
    ['*', 'nginx', true],
    ['*', 'ghcr.io/nginx', false],
    ['*/*', 'user/app', true],
    ['*/*', 'nginx', true], // index.docker.io/library/nginx:latest
    ['*/*', 'ghcr.io/user/app', false],
    ['index.docker.io/library/nginx:1.25', 'docker.io/nginx:1.25', true],
    [`gcr.io/distroless/static@${digest}`, `gcr.io/distroless/static:nonroot@${digest}`, true],
    ['*.io/**', 'ghcr.io/xy', true],
    ['localhost:5000/**', 'localhost:5000/app:v1', true],
    ['index.docker.io/localhost/foo:latest', 'localhost/foo', true], // no '.'/':' => Docker Hub
  ];
  for (const [glob, image, want] of cases) assert.equal(matchGlob(glob, image), want, `${glob} vs ${image}`);
});

test('invalid globs are errors naming the glob', () => {
  for (const glob of ['[', 'a+b', 'foo?', '', 'ghcr.io/{a,b}']) {
    assert.match(validateGlob(glob) ?? 'accepted', /glob/, glob);
    assert.throws(
      () => compileGlob(glob),
      (e: unknown) =>
        e instanceof PolicyError && e.code === 'GLOB_INVALID' && e.message.includes(`invalid value: ${glob}:`),
    );
  }
});

test('many globstars stay fast (no backtracking)', () => {
  const glob = '**a'.repeat(30) + 'b';
  const image = 'ghcr.io/' + 'a'.repeat(200);
  assert.equal(matchGlob(glob, image), false);
});

test('reference normalisation follows go-containerregistry', () => {
  const digest = 'sha256:' + '0'.repeat(64);
  assert.equal(parseImageRef('foo').name, 'index.docker.io/library/foo:latest');
  assert.equal(parseImageRef('docker.io/foo/bar:1').name, 'index.docker.io/foo/bar:1');
  assert.equal(parseImageRef('ghcr.io:443/foo').name, 'ghcr.io:443/foo:latest');
  assert.equal(parseImageRef(`ghcr.io/foo:v1@${digest}`).name, `ghcr.io/foo@${digest}`);
  assert.equal(parseImageRef(`ghcr.io/foo:v1@${digest}`).tag, undefined);
  for (const bad of ['invalid&name', 'Foo/Bar', 'ghcr.io/foo:', `ghcr.io/foo@sha256:abc`, 'a', 'ghcr.io/foo@md5:00']) {
    assert.throws(
      () => parseImageRef(bad),
      (e: unknown) => e instanceof PolicyError && e.code === 'IMAGE_REF_INVALID',
      bad,
    );
  }
});

test('matchGlobText remembers answers by glob and image text: the same as matchGlob, errors thrown every time', () => {
  const digest = 'sha256:' + 'ab'.repeat(32);
  const cases: [string, string][] = [
    ['ghcr.io/foo*', `ghcr.io/foo@${digest}`],
    ['ghcr.io/*', 'ghcr.io/a/b'],
    ['*/*', 'nginx'],
    ['index.docker.io/library/nginx:1.25', 'docker.io/nginx:1.25'],
  ];
  for (let round = 0; round < 2; round++) {
    for (const [glob, image] of cases) assert.equal(matchGlobText(glob, image), matchGlob(glob, image), glob);
  }
  for (let round = 0; round < 2; round++) {
    assert.throws(() => matchGlobText('a+b', 'nginx'), PolicyError);
    assert.throws(() => matchGlobText('ghcr.io/**', 'UPPER/Case'), PolicyError);
  }
});
