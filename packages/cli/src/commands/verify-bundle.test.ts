import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyBundleCommand } from './verify-bundle.ts';
import type { CliIO } from '../io.ts';
import { CONFORMANCE_BEACON, publicSample } from '@sigguard/test-vectors/support/locations';

const { subject: BEACON, issuer: GHA } = CONFORMANCE_BEACON;
const SHA = 'sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf';
const tmp = mkdtempSync(join(tmpdir(), 'sigguard-verify-bundle-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false };
  let code: number;
  try {
    code = await verifyBundleCommand.run(args, io);
  } catch (e) {
    // main() turns UsageError into exit 2; mirror that here.
    if ((e as Error).name !== 'UsageError') throw e;
    err.push((e as Error).message);
    code = 2;
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const keyless = (bundle: string, target: string, identity = BEACON) =>
  run('--bundle', publicSample(bundle), '--certificate-identity', identity, '--certificate-oidc-issuer', GHA, target);

test('verified: exit 0, explanation on stdout (path and sha256: digest forms)', async () => {
  for (const target of [publicSample('a.txt'), SHA]) {
    const r = await keyless('happy-path-v0.3.sigstore.json', target);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^verified: signed by https:\/\/github.com\/sigstore-conformance/);
    assert.match(r.out, /pass identity/);
  }
});

test('not verified: exit 1 naming the failed check', async () => {
  const r = await keyless('happy-path-v0.3.sigstore.json', publicSample('a.txt'), 'https://example.com/someone-else');
  assert.equal(r.code, 1);
  assert.match(r.out, /not verified: identity check failed \[IDENTITY\]/);
  const wrong = await keyless('happy-path-v0.3.sigstore.json', 'sha256:' + '0'.repeat(64));
  assert.equal(wrong.code, 1);
  assert.match(wrong.out, /artifact check failed \[ARTIFACT_DIGEST\]/);
});

test('--key with a key-signed bundle; --json prints every check', async () => {
  const r = await run(
    '--bundle',
    publicSample('managed-key-happy-path.sigstore.json'),
    '--key',
    publicSample('managed-key.pub'),
    '--json',
    SHA,
  );
  assert.equal(r.code, 0, r.err);
  const json = JSON.parse(r.out);
  assert.equal(json.ok, true);
  assert.equal(json.signer.kind, 'public-key');
  assert.equal(json.checks.length, 9);
});

test('--trusted-root and --staging select the trust root', async () => {
  const args = [
    '--bundle',
    publicSample('rekor2-happy-path.sigstore.json'),
    '--certificate-identity',
    BEACON,
    '--certificate-oidc-issuer',
    GHA,
  ];
  assert.equal((await run(...args, '--trusted-root', publicSample('rekor2-staging.trusted_root.json'), SHA)).code, 0);
  assert.equal((await run(...args, SHA)).code, 1, 'a staging bundle does not verify against public-good');
});

test('usage and input errors exit 2', async () => {
  const bad = join(tmp, 'truncated.json');
  writeFileSync(bad, '{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json", "verif');
  const cases: [string[], RegExp][] = [
    [[SHA], /--bundle is required/],
    [['--bundle', publicSample('happy-path-v0.3.sigstore.json'), SHA], /either --key or --certificate-identity/],
    [
      ['--bundle', publicSample('happy-path-v0.3.sigstore.json'), '--certificate-identity', BEACON, SHA],
      /--certificate-oidc-issuer.* is required/,
    ],
    [
      [
        '--bundle',
        publicSample('happy-path-v0.3.sigstore.json'),
        '--key',
        publicSample('managed-key.pub'),
        '--certificate-identity',
        BEACON,
        SHA,
      ],
      /either --key/,
    ],
    [
      ['--bundle', join(tmp, 'missing.json'), '--key', publicSample('managed-key.pub'), SHA],
      /cannot read --bundle file .*ENOENT/,
    ],
    [['--bundle', publicSample('happy-path-v0.3.sigstore.json'), '--key', publicSample('a.txt'), SHA], /PUBLIC KEY/],
    [
      [
        '--bundle',
        publicSample('happy-path-v0.3.sigstore.json'),
        '--key',
        publicSample('managed-key.pub'),
        '--trusted-root',
        publicSample('a.txt'),
        SHA,
      ],
      /--trusted-root .*not valid JSON/,
    ],
    [['--bundle', bad, '--key', publicSample('managed-key.pub'), SHA], /bundle is not valid JSON/],
    [
      [
        '--bundle',
        publicSample('happy-path-v0.3.sigstore.json'),
        '--key',
        publicSample('managed-key.pub'),
        join(tmp, 'no-artifact'),
      ],
      /cannot read artifact/,
    ],
    [
      ['--bundle', publicSample('happy-path-v0.3.sigstore.json'), '--no-such-flag', SHA],
      /Unknown option '--no-such-flag'/,
    ],
    [
      ['--bundle', publicSample('happy-path-v0.3.sigstore.json'), '--key', publicSample('managed-key.pub')],
      /exactly one FILE_OR_DIGEST/,
    ],
  ];
  for (const [args, message] of cases) {
    const r = await run(...args);
    assert.equal(r.code, 2, `${args.join(' ')} -> ${r.code}: ${r.err}`);
    assert.match(r.err, message);
  }
});
