import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LayoutWriter, pushImage, pushIndex } from '@sigguard/test-vectors/support';
import { OciError } from './errors.ts';
import { fetchImageConfigs } from './image-configs.ts';
import { openOciLayoutDir } from './node.ts';

const repo = { registry: 'example.com', repository: 'app' };

test('fetchImageConfigs: the config of a single image, and of each manifest of an index, keyed by platform', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigguard-image-configs-'));
  try {
    const w = new LayoutWriter(dir);
    const one = await pushImage(w, repo, 'one', 'one');
    const two = await pushImage(w, repo, 'two', 'two');
    const index = await pushIndex(w, repo, [one, two], 'multi');
    const layout = await openOciLayoutDir(dir);
    const single = await fetchImageConfigs(layout, { ...repo, digest: one.digest });
    assert.deepEqual(single, { 'linux/amd64': { architecture: 'amd64', os: 'linux', seed: 'one' } });
    // Both test images are linux/amd64: the key is the config's own platform, and the later one wins.
    const multi = await fetchImageConfigs(layout, { ...repo, digest: index.digest });
    assert.deepEqual(multi, { 'linux/amd64': { architecture: 'amd64', os: 'linux', seed: 'two' } });
    await assert.rejects(
      fetchImageConfigs(layout, { ...repo, digest: `sha256:${'0'.repeat(64)}` }),
      (e: unknown) => e instanceof OciError && e.code === 'NOT_FOUND',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
