// The README's runnable snippet runs as written (from packages/identity), and certificates given
// as Node Buffers (views into Node's shared pool, as Buffer.from(base64) makes them) are read.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { compileIdentities, readSignerCertificate } from '@sigguard/identity';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const bundleFile = new URL(
  '../../../test-vectors/bundles/keyless-github-workflow/bundle.sigstore.json',
  import.meta.url,
);

test('README: the runnable snippet matches the test-vector certificate', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const snippet = readme.split('Runnable against a real certificate')[1]?.match(/```sh\n([\s\S]*?)```/)?.[1];
  assert.ok(snippet, 'README has the runnable snippet');
  const r = spawnSync('bash', ['-euc', snippet], {
    cwd: pkg,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${process.execPath.replace(/\/[^/]+$/, '')}:${process.env.PATH}` },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stdout,
    /^true identity 0 matched: issuer "https:\/\/token\.actions\.githubusercontent\.com", subject uri:https:\/\/github\.com\/sigguard\//,
  );
});

test('a certificate in a pooled Node Buffer is read as exactly its bytes', () => {
  const b64 = JSON.parse(readFileSync(bundleFile, 'utf8')).verificationMaterial.certificate.rawBytes as string;
  Buffer.alloc(1); // make sure the pool is in use
  const pooled = Buffer.from(b64, 'base64');
  assert.ok(
    pooled.byteOffset > 0 || pooled.buffer.byteLength > pooled.length,
    'the Buffer is a view into a larger pool',
  );
  const cert = readSignerCertificate(pooled);
  assert.ok(
    compileIdentities([
      { issuer: 'https://token.actions.githubusercontent.com', subjectRegExp: '^https://github\\.com/sigguard/' },
    ]).match(cert).ok,
  );
  // Trailing bytes are still refused when the view itself has them.
  const withTrailer = Buffer.concat([pooled, Buffer.from([0])]);
  assert.throws(() => readSignerCertificate(withTrailer), /1 trailing byte\(s\)/);
});
