// OCI layouts given as in-memory files (maps, Blobs, a folder input's Files) read what the directory reader
// reads and refuse what it refuses: oversized files before reading them, tampered blobs, paths leaving the layout.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { test } from 'node:test';
import { simpleSigningPayload } from '@sigguard/test-vectors';
import { LayoutWriter, pushImage, pushLegacy } from '@sigguard/test-vectors/support';
import { openOciLayoutDir } from './node.ts';
import { openOciLayoutFiles, type BlobLike, type LayoutFileLike } from './layout-files.ts';
import { discoverEvidence } from './discovery.ts';
import { OciError } from './errors.ts';

const repo = { registry: 'example.com', repository: 'app' };
const payload = (digest: string) => simpleSigningPayload('example.com/app', digest);

/** A layout with a signed image on disk, and its files as a path -> bytes map. */
async function signedLayout(t: { after(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'sigguard-layout-files-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const w = new LayoutWriter(dir);
  const img = await pushImage(w, repo, 'files', 'v1');
  await pushLegacy(w, repo, img.digest, 'sig', [
    { bytes: payload(img.digest), annotations: { 'dev.cosignproject.cosign/signature': 'AAAA' } },
  ]);
  const files = new Map<string, Uint8Array>();
  for (const name of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!name.isFile()) continue;
    const full = join(name.parentPath, name.name);
    files.set(
      full
        .slice(dir.length + 1)
        .split(sep)
        .join('/'),
      readFileSync(full),
    );
  }
  return { dir, img, files };
}

/** A File as a folder input gives it: `webkitRelativePath` is read-only on real Files, so it is defined. */
function folderFile(relativePath: string, bytes: Uint8Array): LayoutFileLike {
  const f = new File([bytes as Uint8Array<ArrayBuffer>], relativePath.split('/').pop()!);
  Object.defineProperty(f, 'webkitRelativePath', { value: relativePath });
  return f as LayoutFileLike;
}

test('a layout as a path -> bytes map finds the evidence the directory reader finds', async (t) => {
  const { dir, img, files } = await signedLayout(t);
  const fromDir = await discoverEvidence(await openOciLayoutDir(dir), { ...repo, digest: img.digest });
  const fromMap = await discoverEvidence(await openOciLayoutFiles(files), { ...repo, digest: img.digest });
  assert.deepEqual(
    fromMap.evidence.map((e) => [e.origin, e.id]),
    fromDir.evidence.map((e) => [e.origin, e.id]),
  );
  assert.equal(fromMap.evidence.length, 1);
  // A plain object works as well, and resolves the tag.
  const fromObject = await openOciLayoutFiles(Object.fromEntries(files));
  assert.equal((await fromObject.manifest(repo, 'v1'))?.digest, img.digest);
});

test("a folder input's File list: the folder holding oci-layout is the root, files outside it are ignored", async (t) => {
  const { img, files } = await signedLayout(t);
  const list = [...files].map(([p, b]) => folderFile(`picked/saved/${p}`, b));
  list.push(folderFile('picked/README.txt', new TextEncoder().encode('not part of the layout')));
  const layout = await openOciLayoutFiles(list);
  const found = await discoverEvidence(layout, { ...repo, digest: img.digest });
  assert.deepEqual(
    found.evidence.map((e) => e.origin),
    ['legacy-sig'],
  );
});

test('a Blob over the limit is refused from its size, without being read', async (t) => {
  const { files } = await signedLayout(t);
  let reads = 0;
  const huge: BlobLike = { size: 5 * 1024 * 1024, arrayBuffer: async () => (reads++, new ArrayBuffer(0)) };
  const withHugeIndex = new Map<string, Uint8Array | BlobLike>(files);
  withHugeIndex.set('index.json', huge);
  await assert.rejects(
    openOciLayoutFiles(withHugeIndex),
    (e: unknown) => e instanceof OciError && e.code === 'TOO_LARGE' && /index\.json/.test(e.message),
  );
  // A blob within the manifest limit but over the caller's blob limit.
  const layout = await openOciLayoutFiles(files, { maxBlobBytes: 10 });
  const manifest = (await layout.manifest(repo, 'v1'))!;
  const layer = manifest.manifest.kind === 'manifest' ? manifest.manifest.layers[0]! : undefined;
  await assert.rejects(
    layout.blob(repo, layer!.digest),
    (e: unknown) => e instanceof OciError && e.code === 'TOO_LARGE',
  );
  assert.equal(reads, 0);
});

test('a tampered blob is a digest mismatch; paths leaving the layout and duplicates are refused', async (t) => {
  const { img, files } = await signedLayout(t);
  const tampered = new Map(files);
  tampered.set(`blobs/sha256/${img.digest.slice(7)}`, new TextEncoder().encode('{"schemaVersion":2}'));
  const layout = await openOciLayoutFiles(tampered);
  await assert.rejects(
    layout.manifest(repo, 'v1'),
    (e: unknown) => e instanceof OciError && e.code === 'DIGEST_MISMATCH',
  );
  await assert.rejects(
    openOciLayoutFiles({ ...Object.fromEntries(files), '../secret': new Uint8Array(1) }),
    /'\.\.\/secret' is not a relative path/,
  );
  await assert.rejects(
    openOciLayoutFiles({ 'oci-layout': files.get('oci-layout')!, './oci-layout': new Uint8Array(1) }),
    /given twice/,
  );
  await assert.rejects(openOciLayoutFiles({ 'oci-layout': 'text' as unknown as Uint8Array }), /neither bytes/);
  await assert.rejects(
    openOciLayoutFiles(new Map()),
    (e: unknown) => e instanceof OciError && e.code === 'LAYOUT_INVALID' && /no 'oci-layout'/.test(e.message),
  );
});
