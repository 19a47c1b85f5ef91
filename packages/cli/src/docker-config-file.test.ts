// --registry-auth FILE: a Docker config.json that cannot be read or is not one is a usage error (exit 2) naming it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readDefaultDockerConfig, readDockerConfig } from './docker-config-file.ts';
import { UsageError } from './io.ts';

const tmp = mkdtempSync(join(tmpdir(), 'sigguard-docker-config-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  writeFileSync(join(tmp, name), text);
  return join(tmp, name);
};

test('a config file that is not one is an input error naming it', () => {
  const bad = [
    [file('auths.json', '{"auths": []}'), /auths\.json: "auths" must be an object/],
    [file('store.json', '{"credsStore": 3}'), /store\.json: "credsStore" must be a string/],
    [file('array.json', '[]'), /array\.json: not a Docker config\.json/],
    [file('broken.json', '{"auths": '), /broken\.json: not a readable Docker config\.json/],
    [
      join(tmp, 'absent.json'),
      /absent\.json: not a readable Docker config\.json: no such file or directory \(ENOENT\)/,
    ],
    [tmp, /not a readable Docker config\.json: is a directory, not a file \(EISDIR\)/],
  ] as const;
  for (const [path, message] of bad) {
    assert.throws(
      () => readDockerConfig(path),
      (e: unknown) => e instanceof UsageError && message.test(e.message),
      path,
    );
  }
});

test('the default config is $DOCKER_CONFIG/config.json when it exists, else none (anonymous)', () => {
  assert.equal(readDefaultDockerConfig({ DOCKER_CONFIG: join(tmp, 'none') }), undefined);
  file('config.json', '{"auths": {"https://index.docker.io/v1/": {"username": "u", "password": "p"}}}');
  assert.deepEqual(readDefaultDockerConfig({ DOCKER_CONFIG: tmp })?.auths, {
    'index.docker.io': { username: 'u', password: 'p' },
  });
});
