// Registry credentials as docker/cosign/crane find them, with real helper programs: shell
// scripts named docker-credential-<name> on PATH that speak the credential-helper protocol.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { OciError } from './errors.ts';
import {
  defaultDockerConfigPath,
  dockerCredentialProvider,
  parseDockerConfig,
  runCredentialHelper,
} from './docker-credentials.ts';

const tmp = mkdtempSync(join(tmpdir(), 'sigguard-docker-credentials-'));
const bin = join(tmp, 'bin');
mkdirSync(bin);
const savedPath = process.env.PATH;
process.env.PATH = `${bin}:${savedPath}`;
after(() => {
  process.env.PATH = savedPath;
  rmSync(tmp, { recursive: true, force: true });
});

/** A helper script: `body` runs with the server address read from stdin in $server. */
function helper(name: string, body: string): void {
  const file = join(bin, `docker-credential-${name}`);
  writeFileSync(
    file,
    `#!/bin/sh\n[ "$1" = get ] || exit 3\nread -r server\necho "$server" >> "${tmp}/${name}.log"\n${body}\n`,
  );
  chmodSync(file, 0o755);
}
const calls = (name: string) =>
  readFileSync(join(tmp, `${name}.log`), 'utf8')
    .trim()
    .split('\n');

const config = (doc: unknown) => parseDockerConfig(JSON.stringify(doc), 'config.json');

test('default path: $DOCKER_CONFIG/config.json, else ~/.docker/config.json', () => {
  assert.equal(defaultDockerConfigPath({ DOCKER_CONFIG: '/etc/dc' }), '/etc/dc/config.json');
  assert.equal(defaultDockerConfigPath({}), join(homedir(), '.docker', 'config.json'));
});

test('a helper answers Username/Secret for the host it is given on stdin; <token> is an identity token', () => {
  helper('pass', `printf '{"ServerURL":"%s","Username":"ci","Secret":"s3cret"}' "$server"`);
  assert.deepEqual(runCredentialHelper('pass', 'registry.example:5000'), { username: 'ci', password: 's3cret' });
  assert.deepEqual(calls('pass'), ['registry.example:5000']);
  // Docker Hub's credentials live under its v1 address.
  runCredentialHelper('pass', 'index.docker.io');
  assert.equal(calls('pass')[1], 'https://index.docker.io/v1/');
  helper('token', `echo '{"Username":"<token>","Secret":"refresh-me"}'`);
  assert.deepEqual(runCredentialHelper('token', 'r.example'), { token: 'refresh-me' });
});

test('"credentials not found" is anonymous; any other helper failure is an error naming the helper', () => {
  helper('none', `echo 'credentials not found in native keychain'; exit 1`);
  assert.equal(runCredentialHelper('none', 'r.example'), undefined);
  const cases: [string, string, RegExp][] = [
    [
      'broken',
      `echo 'keychain locked' >&2; exit 1`,
      /docker-credential-broken for r\.example: exit 1: keychain locked/,
    ],
    ['garbage', `echo 'not json'`, /did not answer JSON/],
    ['nosecret', `echo '{"Username":"ci"}'`, /answered no Secret/],
    ['slow', `exec sleep 30`, /no answer within 2 s/],
    ['chatty', `head -c 200000 /dev/zero | tr '\\0' a`, /answered more than 65536 bytes/],
  ];
  for (const [name, body, message] of cases) {
    helper(name, body);
    assert.throws(
      () => runCredentialHelper(name, 'r.example', name === 'slow' ? { timeoutMs: 2000 } : {}),
      (e: unknown) => e instanceof OciError && e.code === 'UNAUTHORIZED' && message.test(e.message),
      name,
    );
  }
  assert.throws(
    () => runCredentialHelper('missing-helper', 'r.example'),
    /docker-credential-missing-helper for r\.example: not found on PATH/,
  );
});

test('per host: --registry-auth HOST=… first, then credHelpers, then credsStore, then auths', () => {
  helper('store', `printf '{"Username":"store-user","Secret":"store-%s"}' "$server"`);
  helper('special', `echo '{"Username":"special-user","Secret":"special"}'`);
  const withStore = config({
    auths: {
      'https://index.docker.io/v1/': { auth: Buffer.from('hub:pw').toString('base64') },
      'plain.example': { username: 'u', password: 'p' },
    },
    credHelpers: { 'special.example': 'special' },
    credsStore: 'store',
  });
  const explicit = { 'cli.example': { username: 'cli', password: 'given' } };
  const p = dockerCredentialProvider(withStore, explicit);
  assert.deepEqual(p('cli.example'), { username: 'cli', password: 'given' });
  assert.deepEqual(p('special.example'), { username: 'special-user', password: 'special' });
  // credsStore replaces the file's auths, as in docker.
  assert.deepEqual(p('plain.example'), { username: 'store-user', password: 'store-plain.example' });
  p('plain.example');
  assert.equal(calls('store').filter((s) => s === 'plain.example').length, 1, 'a helper runs once per host');

  const fileOnly = dockerCredentialProvider(
    config({
      auths: {
        'https://index.docker.io/v1/': { auth: Buffer.from('hub:pw:with:colons').toString('base64') },
        'tok.example': { identitytoken: 'idt' },
      },
    }),
  );
  assert.deepEqual(fileOnly('index.docker.io'), { username: 'hub', password: 'pw:with:colons' });
  // No Docker Hub aliasing (go-containerregistry's keychain): registry-1.docker.io is its own host.
  assert.equal(fileOnly('registry-1.docker.io'), undefined);
  assert.deepEqual(fileOnly('tok.example'), { token: 'idt' });
  assert.equal(fileOnly('other.example'), undefined);
  assert.equal(dockerCredentialProvider(undefined)('any.example'), undefined);
});

test('text that is not a Docker config.json is CONFIG_INVALID naming the file', () => {
  const bad = [
    ['{"auths": []}', /config\.json: "auths" must be an object/],
    ['{"credsStore": 3}', /config\.json: "credsStore" must be a string/],
    ['[]', /config\.json: not a Docker config\.json \(not a JSON object\)/],
    ['{"auths": ', /config\.json: not a readable Docker config\.json: /],
  ] as const;
  for (const [text, message] of bad) {
    assert.throws(
      () => parseDockerConfig(text, 'config.json'),
      (e: unknown) => e instanceof OciError && e.code === 'CONFIG_INVALID' && message.test(e.message),
      text,
    );
  }
});
