import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { simpleSigningPayload } from '@sigguard/test-vectors';
import { LayoutWriter, pushImage, pushLegacy } from '@sigguard/test-vectors/support';
import { openOciLayoutDir } from './node.ts';
import { discoverEvidence } from './discovery.ts';
import { OciError } from './errors.ts';

const repo = { registry: 'example.com', repository: 'app' };
const payload = (digest: string) => simpleSigningPayload('example.com/app', digest);

test('cosign save layouts: `kind` annotations name the image, its .sig and .att', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigguard-cosign-save-'));
  try {
    const w = new LayoutWriter(dir);
    const img = await pushImage(w, repo, 'saved');
    await pushLegacy(w, repo, img.digest, 'sig', [
      { bytes: payload(img.digest), annotations: { 'dev.cosignproject.cosign/signature': 'AAAA' } },
    ]);
    // Rewrite index.json the way cosign save does: no ref names, a `kind` per manifest.
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
    const kinds = ['dev.cosignproject.cosign/image', 'dev.cosignproject.cosign/sigs'];
    index.manifests = index.manifests.map((d: { annotations?: unknown }, i: number) => ({
      ...d,
      annotations: { kind: kinds[i] },
    }));
    writeFileSync(join(dir, 'index.json'), JSON.stringify(index));
    const layout = await openOciLayoutDir(dir);
    assert.deepEqual(layout.tags(), [`${img.digest.replace(':', '-')}.sig`]);
    const r = await discoverEvidence(layout, { ...repo, digest: img.digest });
    assert.deepEqual(
      r.evidence.map((e) => e.origin),
      ['legacy-sig'],
    );
    // No Rekor bundle annotation: converted, but the missing tlog entry is stated.
    assert.ok(r.evidence[0]!.checks.some((c) => c.name === 'rekor-bundle' && c.status === 'skip'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a blob whose bytes do not match its name is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigguard-layout-tamper-'));
  try {
    const w = new LayoutWriter(dir);
    const img = await pushImage(w, repo, 'tamper', 'v1');
    writeFileSync(join(dir, 'blobs', 'sha256', img.digest.slice(7)), '{"schemaVersion":2}');
    const layout = await openOciLayoutDir(dir);
    await assert.rejects(
      layout.manifest(repo, 'v1'),
      (e: unknown) => e instanceof OciError && e.code === 'DIGEST_MISMATCH',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
