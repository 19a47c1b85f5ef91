// Integration: `sigguard verify-bundle` with cosign's certificate flags, on the project's own
// GitHub-workflow vector (real chain, SCT and log entry from @sigguard/test-vectors). One case per exit code runs
// the real CLI process; the other flag cases run the same command through main() in this process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { runCliInProcess } from './support/run-cli-in-process.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'packages/cli/bin/sigguard.mjs'); // the built CLI
const V = join(ROOT, 'test-vectors/bundles/keyless-github-workflow');
const skip = existsSync(BIN) && existsSync(V) ? false : 'sigguard CLI or test-vectors not present';
const GHA = 'https://token.actions.githubusercontent.com';

const args = (flags) => [
  'verify-bundle',
  '--bundle',
  join(V, 'bundle.sigstore.json'),
  '--trusted-root',
  join(ROOT, 'test-vectors/trusted_root.json'),
  ...flags,
  join(V, 'artifact'),
];

/** The real CLI process: for one case of each exit code (0, 1, 2), where the bin's exit status is the subject. */
function run(...flags) {
  const r = spawnSync(process.execPath, [BIN, ...args(flags)], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

/** The same command through the CLI's main() in this process: the flags' decisions, without a Node start each. */
async function decide(...flags) {
  const r = await runCliInProcess(args(flags));
  return { status: r.code, out: `${r.stdout}\n${r.stderr}` };
}

test('regexp identity, regexp issuer and GitHub workflow flags verify the workflow bundle', { skip }, async () => {
  const r = run(
    '--certificate-identity-regexp',
    '^https://github\\.com/sigguard/example/',
    '--certificate-oidc-issuer-regexp',
    '(?i)^https://TOKEN\\.actions\\.githubusercontent\\.com$',
    '--certificate-github-workflow-ref',
    'refs/tags/v1.2.3',
    '--certificate-github-workflow-repository',
    'sigguard/example',
    '--certificate-github-workflow-trigger',
    'push',
    '--certificate-github-workflow-sha',
    'a'.repeat(40),
    '--certificate-github-workflow-name',
    'release',
  );
  assert.equal(r.status, 0, r.out);
  // each of the five workflow flags is enforced, not just accepted
  for (const [flag, value] of [
    ['trigger', 'pull_request'],
    ['sha', 'b'.repeat(40)],
    ['name', 'nightly'],
    ['repository', 'sigguard/other'],
    ['ref', 'refs/tags/v9'],
  ]) {
    const denied = await decide(
      '--certificate-identity-regexp',
      '^https://github\\.com/sigguard/',
      '--certificate-oidc-issuer',
      GHA,
      `--certificate-github-workflow-${flag}`,
      value,
    );
    assert.equal(denied.status, 1, `--certificate-github-workflow-${flag} ${value}: ${denied.out}`);
  }
});

test('a workflow flag that does not match denies (exit 1) and says which extension', { skip }, () => {
  const r = run(
    '--certificate-identity-regexp',
    '^https://github\\.com/sigguard/',
    '--certificate-oidc-issuer',
    GHA,
    '--certificate-github-workflow-ref',
    'refs/heads/main',
  );
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /githubWorkflowRef is "refs\/tags\/v1\.2\.3", required "refs\/heads\/main"/);
});

test('an RE2-invalid pattern and a missing issuer are usage errors (exit 2)', { skip }, async () => {
  const bad = run('--certificate-identity-regexp', '(?<=x)y', '--certificate-oidc-issuer', GHA);
  assert.equal(bad.status, 2, bad.out);
  assert.match(bad.out, /"\(\?<=x\)y"/);
  const noIssuer = await decide('--certificate-identity-regexp', 'sigguard');
  assert.equal(noIssuer.status, 2);
  assert.match(noIssuer.out, /--certificate-oidc-issuer or --certificate-oidc-issuer-regexp is required/);
});

test('--key refuses a weak RSA key with a clear error', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigguard-identity-'));
  const pem = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' });
  writeFileSync(join(dir, 'weak.pub'), pem);
  const r = await decide('--key', join(dir, 'weak.pub'));
  rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 2, r.out);
  assert.match(r.out, /RSA key is 1024 bits; keys below 2048 bits are refused/);
});
