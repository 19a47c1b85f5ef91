// Registry credentials end to end: Debian's docker-registry on loopback with htpasswd (basic)
// auth, a cosign legacy signature pushed with the password, and the CLI finding the password
// the way docker/cosign/crane do, from $DOCKER_CONFIG/config.json: a credHelpers entry that runs
// a real docker-credential-test program on PATH, or an auths entry. Without credentials, or
// with the registry gone, the denial says the evidence could not be fetched (fetchError).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sharedTestSigstore } from '@sigguard/test-vectors';
import { RegistryClient, parseImageReference } from '@sigguard/oci';
import {
  CI,
  keylessPolicy,
  pushImage,
  pushLegacy,
  legacySignatureLayer,
  DOCKER_REGISTRY_SKIP,
  startDockerRegistry,
  type RunningRegistry,
} from '@sigguard/test-vectors/support';
import { runCli } from './support/run-sigguard-cli.ts';

const USER = 'ci-reader';
const PASSWORD = 'correct horse battery staple';
const skip = DOCKER_REGISTRY_SKIP;
let registry: RunningRegistry;
let dir: string;
let image: string;
let policy: string;
let trustedRoot: string;

/** A bcrypt htpasswd line (what distribution accepts), from the system's crypt(3) through perl. */
function htpasswd(user: string, password: string): string {
  const salt = '$2b$05$' + 'sigguardtestsaltsigguu';
  const hash = execFileSync('perl', ['-e', 'print crypt($ARGV[0], $ARGV[1])', password, salt], { encoding: 'utf8' });
  assert.match(hash, /^\$2b\$05\$.{53}$/, 'crypt(3) makes bcrypt hashes');
  return `${user}:${hash}\n`;
}

/** A DOCKER_CONFIG folder with `config`, and PATH with a docker-credential-test that answers `secret`. */
function dockerConfig(name: string, config: object, secret = PASSWORD): NodeJS.ProcessEnv {
  const home = join(dir, name);
  mkdirSync(join(home, 'bin'), { recursive: true });
  writeFileSync(join(home, 'config.json'), JSON.stringify(config));
  const helper = join(home, 'bin', 'docker-credential-test');
  writeFileSync(
    helper,
    `#!/bin/sh\nread -r server\necho "$1 $server" >> "${home}/helper.log"\nprintf '{"ServerURL":"%s","Username":"${USER}","Secret":"${secret}"}' "$server"\n`,
  );
  chmodSync(helper, 0o755);
  return { ...process.env, DOCKER_CONFIG: home, HOME: home, PATH: `${join(home, 'bin')}:${process.env.PATH}` };
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'sigguard-registry-auth-'));
  registry = await startDockerRegistry({ htpasswd: htpasswd(USER, PASSWORD) });
  const ts = await sharedTestSigstore();
  trustedRoot = join(dir, 'trusted_root.json');
  writeFileSync(trustedRoot, JSON.stringify(ts.trustedRoot()));
  const client = new RegistryClient({ credentials: { [registry.host]: { username: USER, password: PASSWORD } } });
  const repo = parseImageReference(`${registry.host}/private/app`);
  const pushed = await pushImage(client, repo, 'auth-signed', 'v1');
  await pushLegacy(client, repo, pushed.digest, 'sig', [
    await legacySignatureLayer(ts, `${registry.host}/private/app`, pushed.digest),
  ]);
  image = `${registry.host}/private/app@${pushed.digest}`;
  policy = join(dir, 'policy.yaml');
  writeFileSync(policy, keylessPolicy('private', `${registry.host}/**`, [CI.subject]));
});
after(async () => {
  await registry?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const verify = (env: NodeJS.ProcessEnv, ...extra: string[]) =>
  runCli(['verify-image', image, '--policy', policy, '--trusted-root', trustedRoot, ...extra], { env });

test('credHelpers in $DOCKER_CONFIG/config.json: docker-credential-test runs with the host on stdin; admitted', {
  skip,
}, async () => {
  const env = dockerConfig('helper', { credHelpers: { [registry.host]: 'test' } });
  const r = await verify(env);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /^ALLOWED/);
  assert.equal(r.stderr, '');
  assert.deepEqual(
    [...new Set(readFileSync(join(env.DOCKER_CONFIG!, 'helper.log'), 'utf8').trim().split('\n'))],
    [`get ${registry.host}`],
  );
});

test('credsStore, and an auths entry, in the default config work too; no password on the command line', {
  skip,
}, async () => {
  assert.equal((await verify(dockerConfig('store', { credsStore: 'test' }))).code, 0);
  const auth = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
  const r = await verify(dockerConfig('auths', { auths: { [`https://${registry.host}`]: { auth } } }));
  assert.equal(r.code, 0, r.stderr + r.stdout);
});

test('no credentials, or refused ones: a denial that says the evidence could not be fetched (fetchError UNAUTHORIZED)', {
  skip,
}, async () => {
  for (const env of [
    dockerConfig('empty', {}),
    dockerConfig('wrong', { credHelpers: { [registry.host]: 'test' } }, 'not the password'),
  ]) {
    const r = await verify(env, '--json');
    assert.equal(r.code, 1, r.stderr);
    const d = JSON.parse(r.stdout);
    assert.equal(d.allowed, false);
    assert.equal(d.fetchError.code, 'UNAUTHORIZED');
    assert.ok(d.fetchError.reason.includes(registry.host), d.fetchError.reason);
    assert.match(r.stderr, /the registry refused the credentials \(UNAUTHORIZED\)/);
    assert.match(r.stderr, /denied because the evidence could not be fetched, not because of what it says/);
  }
});

test('a registry that cannot be reached is told apart from a denial (fetchError NETWORK); a real denial has no fetchError', {
  skip,
}, async () => {
  const port = await closedPort();
  // A policy that matches the unreachable registry too: with no match, nothing is fetched at all.
  const anyImage = join(dir, 'any-image.yaml');
  writeFileSync(anyImage, readFileSync(policy, 'utf8').replace(`glob: "${registry.host}/**"`, 'glob: "**"'));
  const gone = await runCli(
    [
      'verify-image',
      `127.0.0.1:${port}/private/app@${image.split('@')[1]}`,
      '--policy',
      anyImage,
      '--trusted-root',
      trustedRoot,
      '--json',
    ],
    { env: dockerConfig('gone', {}) },
  );
  assert.equal(gone.code, 1, gone.stderr);
  assert.equal(JSON.parse(gone.stdout).fetchError.code, 'NETWORK');
  assert.match(gone.stderr, /the registry could not be reached \(NETWORK\)/);

  const otherSigner = join(dir, 'other.yaml');
  writeFileSync(otherSigner, readFileSync(policy, 'utf8').replace('ci@example.com', 'release@example.com'));
  const denied = await runCli(
    ['verify-image', image, '--policy', otherSigner, '--trusted-root', trustedRoot, '--json'],
    { env: dockerConfig('deny', { credHelpers: { [registry.host]: 'test' } }) },
  );
  assert.equal(denied.code, 1, denied.stderr);
  assert.equal(JSON.parse(denied.stdout).fetchError, undefined);
  assert.equal(denied.stderr, '');
});
