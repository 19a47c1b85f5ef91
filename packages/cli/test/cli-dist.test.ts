// The built CLI (`bin/sigguard.mjs` and its bundle in dist/) decides as the sources do, offline:
// exit 0 admitted, 1 denied, 2 usage or input error.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { sharedTestSigstore } from '@sigguard/test-vectors';
import { bundleSignature, CI, keylessPolicy } from '@sigguard/test-vectors/support';

const BIN = fileURLToPath(new URL('../bin/sigguard.mjs', import.meta.url));
const skip = existsSync(new URL('../dist/cli.js', import.meta.url))
  ? false
  : 'packages/cli/dist not built (pnpm -r build)';
const digest = `sha256:${createHash('sha256').update('dist test image').digest('hex')}`;
let dir: string;

before(async () => {
  if (skip) return;
  const ts = await sharedTestSigstore();
  dir = mkdtempSync(join(tmpdir(), 'sigguard-cli-dist-'));
  writeFileSync(join(dir, 'policy.yaml'), keylessPolicy('signed', 'ghcr.io/acme/**', [CI.subject]));
  writeFileSync(join(dir, 'trusted_root.json'), JSON.stringify(ts.trustedRoot()));
  writeFileSync(join(dir, 'sig.json'), JSON.stringify((await bundleSignature(ts, digest, CI)).bundle));
  writeFileSync(
    join(dir, 'other.json'),
    JSON.stringify((await bundleSignature(ts, `sha256:${'0'.repeat(64)}`, CI)).bundle),
  );
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

test('built CLI: exit 0 admitted, 1 denied, 2 usage', { skip }, () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, 'verify-image', ...args], { encoding: 'utf8' });
  const base = [
    `ghcr.io/acme/app@${digest}`,
    '--policy',
    join(dir, 'policy.yaml'),
    '--trusted-root',
    join(dir, 'trusted_root.json'),
  ];
  const ok = run(...base, '--bundle', join(dir, 'sig.json'), '--json');
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).allowed, true);
  const denied = run(...base, '--bundle', join(dir, 'other.json'));
  assert.equal(denied.status, 1, denied.stderr + denied.stdout);
  const notABundle = run(...base, '--bundle', join(dir, 'trusted_root.json'));
  assert.equal(notABundle.status, 2, notABundle.stderr);
  assert.match(notABundle.stderr, /trusted_root\.json is not a Sigstore bundle/);
  assert.equal(
    run('ghcr.io/acme/app:latest', '--policy', join(dir, 'policy.yaml'), '--bundle', join(dir, 'sig.json')).status,
    2,
  );
});

test('telemetry off costs no import: no chunk of the bundle imports @opentelemetry', { skip }, () => {
  const dist = new URL('../dist/', import.meta.url);
  const chunks = readdirSync(dist).filter((f) => f.endsWith('.js'));
  assert.ok(chunks.includes('cli.js'), chunks.join(' '));
  // Only imports count: a string that names the package loads nothing.
  for (const f of chunks) {
    assert.doesNotMatch(readFileSync(new URL(f, dist), 'utf8'), /(from |import\(|require\()\s*["']@opentelemetry/, f);
  }
});
