// `sigguard verify-image --local-image` over hostile OCI layouts (issue 11), run as a child
// process with a timeout: a /dev/zero symlink, FIFOs (referenced or not), a 200 MB sparse
// index.json, a symlink out of the layout and a lying descriptor size each end fast with exit
// 1 (the evidence is refused) or 2 (the layout cannot be opened) and a message that names the
// problem, in bounded memory. Never a hang, never a crash. Last, the facade's discoveryLimits.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sharedTestSigstore } from '@sigguard/test-vectors';
import {
  keylessImagePolicy,
  LayoutWriter,
  legacySignatureLayer,
  pushImage,
  pushLegacy,
  type Pushed,
} from '@sigguard/test-vectors/support';
import { openOciLayoutDir } from '@sigguard/oci/node';
import { verifyImage } from 'sigguard';
import { runCli } from './support/run-sigguard-cli.ts';

const repo = { registry: 'registry.example.com', repository: 'acme/hostile' };
let dir: string;
let base: string; // a good layout, copied per case
let img: Pushed;
let sig: Pushed;

before(async () => {
  const ts = await sharedTestSigstore();
  dir = mkdtempSync(join(tmpdir(), 'sigguard-hostile-cli-'));
  writeFileSync(join(dir, 'trusted_root.json'), JSON.stringify(ts.trustedRoot()));
  writeFileSync(join(dir, 'policy.yaml'), keylessImagePolicy({ name: 'hostile', glob: 'registry.example.com/**' }));
  base = join(dir, 'base');
  const w = new LayoutWriter(base);
  img = await pushImage(w, repo, 'hostile-cli');
  sig = await pushLegacy(w, repo, img.digest, 'sig', [
    await legacySignatureLayer(ts, `${repo.registry}/${repo.repository}`, img.digest),
  ]);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function layoutCopy(name: string): string {
  const to = join(dir, name);
  cpSync(base, to, { recursive: true });
  return to;
}
const blob = (layout: string, digest: string) => join(layout, 'blobs', 'sha256', digest.slice(7));

async function verify(layout: string) {
  const r = await runCli(
    [
      'verify-image',
      `${repo.registry}/${repo.repository}@${img.digest}`,
      '--policy',
      join(dir, 'policy.yaml'),
      '--trusted-root',
      join(dir, 'trusted_root.json'),
      '--local-image',
      layout,
    ],
    { timeoutMs: 30_000, measureRss: true },
  );
  assert.ok(!r.timedOut, `verify-image hung on ${layout}`);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, 'no crash, no stack trace');
  // Node itself needs ~100 MiB; the old reader went past 11 GiB on /dev/zero.
  assert.ok(r.maxRssKiB !== undefined && r.maxRssKiB < 512 * 1024, `peak RSS ${r.maxRssKiB} KiB`);
  return r;
}

test('control: the unmodified layout is admitted', async () => {
  const r = await verify(base);
  assert.equal(r.code, 0, r.stderr + r.stdout);
});

test('a referenced blob symlinked to /dev/zero: refused, exit 1 with the reason', async () => {
  const l = layoutCopy('zero');
  unlinkSync(blob(l, sig.digest));
  symlinkSync('/dev/zero', blob(l, sig.digest));
  const r = await verify(l);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout + r.stderr, /symlink leading outside the layout directory \(to \/dev\/zero\)/);
});

test('a referenced FIFO: refused at once', async () => {
  const l = layoutCopy('fifo');
  unlinkSync(blob(l, sig.digest));
  execFileSync('mkfifo', [blob(l, sig.digest)]);
  const r = await verify(l);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout + r.stderr, /not a regular file \(a FIFO\)/);
});

test('an unreferenced FIFO and /dev/zero symlink under blobs/: never opened, the image is still admitted', async () => {
  const l = layoutCopy('unreferenced');
  execFileSync('mkfifo', [join(l, 'blobs', 'sha256', 'e'.repeat(64))]);
  symlinkSync('/dev/zero', join(l, 'blobs', 'sha256', 'f'.repeat(64)));
  const r = await verify(l);
  assert.equal(r.code, 0, r.stderr + r.stdout);
});

test('a 200 MB sparse index.json: exit 2 naming the limit', async () => {
  const l = layoutCopy('huge-index');
  execFileSync('truncate', ['-s', '200M', join(l, 'index.json')]);
  const r = await verify(l);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--local-image .*index\.json is 209715200 bytes, over the 4194304-byte limit/);
});

test('a blob symlinked outside the layout (right bytes, wrong place): refused', async () => {
  const l = layoutCopy('escape');
  const outside = join(dir, 'outside-manifest');
  cpSync(blob(l, sig.digest), outside);
  unlinkSync(blob(l, sig.digest));
  symlinkSync(outside, blob(l, sig.digest));
  const r = await verify(l);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout + r.stderr, /symlink leading outside the layout directory/);
});

test('a descriptor size that differs from the bytes: refused', async () => {
  const l = layoutCopy('size');
  const index = JSON.parse(readFileSync(join(l, 'index.json'), 'utf8'));
  for (const d of index.manifests) if (d.digest === sig.digest) d.size -= 1;
  writeFileSync(join(l, 'index.json'), JSON.stringify(index));
  const r = await verify(l);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout + r.stderr, /is \d+ bytes, its descriptor says \d+/);
});

test('the facade passes discoveryLimits to discovery: a 100-byte evidence cap denies, naming it', async () => {
  const options = {
    policies: readFileSync(join(dir, 'policy.yaml'), 'utf8'),
    defaultTrustRoot: readFileSync(join(dir, 'trusted_root.json'), 'utf8'),
    evidence: { layout: await openOciLayoutDir(base) },
  };
  const image = `${repo.registry}/${repo.repository}@${img.digest}`;
  assert.equal((await verifyImage(image, options)).allowed, true);
  const capped = await verifyImage(image, { ...options, discoveryLimits: { maxBlobBytes: 100 } });
  assert.equal(capped.allowed, false);
  assert.match(JSON.stringify(capped.policies), /over the 100-byte limit/);
});
