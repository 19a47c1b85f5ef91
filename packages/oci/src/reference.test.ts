import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatImageReference, parseImageReference } from './reference.ts';
import { OciError } from './errors.ts';

const D = `sha256:${'a'.repeat(64)}`;

test('Docker Hub names normalise like go-containerregistry', () => {
  assert.deepEqual(parseImageReference('ubuntu'), { registry: 'index.docker.io', repository: 'library/ubuntu' });
  assert.deepEqual(parseImageReference('docker.io/org/app:1.0'), { registry: 'index.docker.io', repository: 'org/app', tag: '1.0' });
  assert.equal(formatImageReference(parseImageReference(`nginx@${D}`)), `index.docker.io/library/nginx@${D}`);
});

test('registries with ports, localhost, tag and digest together', () => {
  assert.deepEqual(parseImageReference(`127.0.0.1:5000/a/b:v1@${D}`), {
    registry: '127.0.0.1:5000',
    repository: 'a/b',
    tag: 'v1',
    digest: D,
  });
  assert.deepEqual(parseImageReference('localhost/app'), { registry: 'localhost', repository: 'app' });
  assert.deepEqual(parseImageReference('ghcr.io/o/r'), { registry: 'ghcr.io', repository: 'o/r' });
});

test('invalid references are refused with the reason', () => {
  for (const [input, why] of [
    ['', /empty/],
    ['Ubuntu/App', /lowercase/],
    [`app@sha256:${'A'.repeat(64)}`, /digest/],
    ['app@sha512:abc', /digest/],
    ['app:bad tag', /whitespace/],
    ['ghcr.io/', /repository/],
    ['ghcr.io/x', /2-255 characters/],
  ] as const) {
    assert.throws(() => parseImageReference(input), (e: unknown) => e instanceof OciError && e.code === 'REFERENCE_INVALID' && why.test(e.message), input);
  }
});
