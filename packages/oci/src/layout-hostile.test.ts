// Hostile OCI layouts (issue 11): devices, FIFOs, symlinks out, a huge index.json and lying
// descriptor sizes each end quickly with a clear error, in bounded memory; what nothing
// references is never read. Special files are made by the system's mkfifo/truncate.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LayoutWriter, pushImage, pushLegacy } from '@sigguard/test-vectors/support';
import { discoverEvidence } from './discovery.ts';
import { OciError, type OciErrorCode } from './errors.ts';
import { directoryReader, openOciLayoutDir } from './node.ts';

const repo = { registry: 'example.com', repository: 'app' };
const layer = (i: number) => ({
  bytes: new Uint8Array(64).fill(i),
  annotations: { 'dev.cosignproject.cosign/signature': 'AAAA' },
});
const UNREFERENCED = 'f'.repeat(64);

async function withLayout(fn: (dir: string, img: { digest: string }, sig: { digest: string }) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'sigguard-hostile-layout-'));
  try {
    const w = new LayoutWriter(dir);
    const img = await pushImage(w, repo, 'hostile', 'v1');
    const sig = await pushLegacy(w, repo, img.digest, 'sig', [layer(1)]);
    await fn(dir, img, sig);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const blobPath = (dir: string, digest: string) => join(dir, 'blobs', 'sha256', digest.slice(7));
const isCode = (code: OciErrorCode, message: RegExp) => (e: unknown) =>
  e instanceof OciError && e.code === code && message.test(e.message);

/** Runs `fn` and checks it took under `ms` and grew RSS by less than 64 MiB. */
async function bounded<T>(fn: () => Promise<T>, ms = 5000): Promise<T> {
  const rss = process.memoryUsage().rss;
  const start = Date.now();
  try {
    return await fn();
  } finally {
    assert.ok(Date.now() - start < ms, `took ${Date.now() - start} ms`);
    assert.ok(process.memoryUsage().rss - rss < 64 << 20, `RSS grew by ${(process.memoryUsage().rss - rss) >> 20} MiB`);
  }
}

test('a referenced blob that is a symlink to /dev/zero is refused, not read', async () => {
  await withLayout(async (dir, img, sig) => {
    unlinkSync(blobPath(dir, sig.digest));
    symlinkSync('/dev/zero', blobPath(dir, sig.digest));
    const layout = await openOciLayoutDir(dir);
    await bounded(() =>
      assert.rejects(
        discoverEvidence(layout, { ...repo, digest: img.digest }),
        isCode('LAYOUT_INVALID', /outside the layout/),
      ),
    );
  });
});

test('unreferenced /dev/zero symlinks and FIFOs under blobs/ are never opened', async () => {
  await withLayout(async (dir, img) => {
    symlinkSync('/dev/zero', join(dir, 'blobs', 'sha256', UNREFERENCED));
    execFileSync('mkfifo', [join(dir, 'blobs', 'sha256', 'e'.repeat(64))]);
    const layout = await openOciLayoutDir(dir);
    const r = await bounded(() => discoverEvidence(layout, { ...repo, digest: img.digest }));
    assert.deepEqual(
      r.evidence.map((e) => e.origin),
      ['legacy-sig'],
    );
    assert.equal(await layout.referrers(repo, img.digest), undefined);
  });
});

test('a referenced blob that is a FIFO is refused at once (no wait for a writer)', async () => {
  await withLayout(async (dir, img, sig) => {
    unlinkSync(blobPath(dir, sig.digest));
    execFileSync('mkfifo', [blobPath(dir, sig.digest)]);
    const layout = await openOciLayoutDir(dir);
    await bounded(() =>
      assert.rejects(
        discoverEvidence(layout, { ...repo, digest: img.digest }),
        isCode('LAYOUT_INVALID', /not a regular file \(a FIFO\)/),
      ),
    );
  });
});

test('index.json over 4 MiB (a 200 MB sparse file) is refused before it is read', async () => {
  await withLayout(async (dir) => {
    execFileSync('truncate', ['-s', '200M', join(dir, 'index.json')]);
    await bounded(() =>
      assert.rejects(
        openOciLayoutDir(dir),
        isCode('TOO_LARGE', /index\.json is 209715200 bytes, over the 4194304-byte limit/),
      ),
    );
  });
});

test('index.json as a FIFO is refused, not waited on', async () => {
  await withLayout(async (dir) => {
    unlinkSync(join(dir, 'index.json'));
    execFileSync('mkfifo', [join(dir, 'index.json')]);
    await bounded(() =>
      assert.rejects(openOciLayoutDir(dir), isCode('LAYOUT_INVALID', /index\.json is not a regular file/)),
    );
  });
});

test('a symlink leaving the layout is refused even when its target holds the right bytes', async () => {
  await withLayout(async (dir, img) => {
    const outside = mkdtempSync(join(tmpdir(), 'sigguard-outside-'));
    try {
      copyFileSync(blobPath(dir, img.digest), join(outside, 'manifest'));
      unlinkSync(blobPath(dir, img.digest));
      symlinkSync(join(outside, 'manifest'), blobPath(dir, img.digest));
      const layout = await openOciLayoutDir(dir);
      await assert.rejects(
        layout.manifest(repo, 'v1'),
        isCode('LAYOUT_INVALID', /symlink leading outside the layout directory/),
      );
      // Also through a relative link.
      unlinkSync(blobPath(dir, img.digest));
      symlinkSync(`../../../${outside.split('/').pop()}/manifest`, blobPath(dir, img.digest));
      await assert.rejects(layout.manifest(repo, 'v1'), isCode('LAYOUT_INVALID', /outside the layout/));
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

test('a symlink loop and a directory in place of a blob are refused, not followed forever', async () => {
  await withLayout(async (dir, img, sig) => {
    unlinkSync(blobPath(dir, img.digest));
    symlinkSync(img.digest.slice(7), blobPath(dir, img.digest)); // points at itself
    const layout = await openOciLayoutDir(dir);
    await assert.rejects(layout.manifest(repo, 'v1'), isCode('LAYOUT_INVALID', /ELOOP/));
    unlinkSync(blobPath(dir, sig.digest));
    mkdirSync(blobPath(dir, sig.digest));
    await assert.rejects(
      layout.manifest(repo, sig.digest),
      isCode('LAYOUT_INVALID', /not a regular file \(a directory\)/),
    );
  });
});

test('a symlink that stays inside the layout is followed', async () => {
  await withLayout(async (dir, img) => {
    copyFileSync(blobPath(dir, img.digest), join(dir, 'copy'));
    unlinkSync(blobPath(dir, img.digest));
    symlinkSync('../../copy', blobPath(dir, img.digest));
    const layout = await openOciLayoutDir(dir);
    assert.equal((await layout.manifest(repo, 'v1'))?.digest, img.digest);
  });
});

test('descriptor sizes must match the bytes: index.json entries and legacy layers', async () => {
  await withLayout(async (dir, img) => {
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
    index.manifests[0].size += 1;
    writeFileSync(join(dir, 'index.json'), JSON.stringify(index));
    const layout = await openOciLayoutDir(dir);
    await assert.rejects(
      layout.manifest(repo, 'v1'),
      isCode('SIZE_MISMATCH', new RegExp(`${img.digest} is \\d+ bytes, its descriptor says`)),
    );
  });
  const dir = mkdtempSync(join(tmpdir(), 'sigguard-hostile-size-'));
  try {
    const w = new LayoutWriter(dir);
    const img = await pushImage(w, repo, 'size');
    // A layer descriptor that under-states the layer: the bytes hash right but are too long.
    const sig = await pushLegacy(w, repo, img.digest, 'sig', [layer(2)]);
    const manifest = JSON.parse(readFileSync(blobPath(dir, sig.digest), 'utf8'));
    manifest.layers[0].size = 10;
    const lying = new TextEncoder().encode(JSON.stringify(manifest));
    await w.pushManifest(repo, lying, manifest.mediaType, `${img.digest.replace(':', '-')}.sig`);
    const r = await discoverEvidence(await openOciLayoutDir(dir), { ...repo, digest: img.digest });
    const reason = r.evidence[0]?.checks.find((c) => c.status === 'fail')?.reason ?? '';
    assert.match(reason, /is 64 bytes, its descriptor says 10/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the directory reader stops at the limit for a file larger than it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigguard-reader-'));
  try {
    writeFileSync(join(dir, 'big'), new Uint8Array(1000));
    const reader = directoryReader(dir);
    assert.equal((await reader.read('big', 1000))?.byteLength, 1000);
    await assert.rejects(reader.read('big', 999), isCode('TOO_LARGE', /1000 bytes, over the 999-byte limit/));
    assert.equal(await reader.read('absent', 10), undefined);
    await assert.rejects(reader.read('../x', 10), isCode('LAYOUT_INVALID', /escapes the layout directory/));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('one wall-clock budget covers the whole discovery', async () => {
  await withLayout(async (dir, img) => {
    const layout = await openOciLayoutDir(dir);
    // A source whose every call takes 40 ms: a 100 ms budget ends discovery with TIMEOUT.
    const wait = <T>(v: Promise<T>) => new Promise<T>((r) => setTimeout(() => r(v), 40));
    const source = {
      description: layout.description,
      manifest: (r: typeof repo, t: string) => wait(layout.manifest(r, t)),
      referrers: (r: typeof repo, d: string) => wait(layout.referrers(r, d)),
      blob: (r: typeof repo, d: string, m?: number) => wait(layout.blob(r, d, m)),
    };
    await assert.rejects(
      discoverEvidence(source, { ...repo, digest: img.digest }, { timeoutMs: 100 }),
      isCode('TIMEOUT', /exceeded its 100 ms budget/),
    );
    assert.equal((await discoverEvidence(source, { ...repo, digest: img.digest })).evidence.length, 1);
  });
});
