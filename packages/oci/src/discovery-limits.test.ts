// A registry (or layout) cannot make discovery hold unbounded evidence in memory: every
// blob is capped, and so is their sum.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LayoutWriter, pushImage, pushLegacy } from '@sigguard/test-vectors/support';
import { discoverEvidence } from './discovery.ts';
import { openOciLayoutDir } from './node.ts';
import { parseRepositoryName } from './reference.ts';

test('evidence blobs together stay under maxTotalBytes: layers past the budget are refused, not read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigguard-limits-'));
  try {
    const repo = parseRepositoryName('registry.sigguard.test/limits/app');
    const sink = new LayoutWriter(dir);
    const img = await pushImage(sink, repo, 'limits');
    const layer = (i: number) => ({
      bytes: new Uint8Array(400 * 1024).fill(i),
      annotations: { 'dev.cosignproject.cosign/signature': 'AAAA' },
    });
    await pushLegacy(sink, repo, img.digest, 'sig', [layer(1), layer(2), layer(3), layer(4)]);
    const layout = await openOciLayoutDir(dir);
    const r = await discoverEvidence(layout, { ...repo, digest: img.digest }, { maxTotalBytes: 1024 * 1024 });
    assert.equal(r.evidence.length, 4);
    const reasons = r.evidence.map((e) => e.checks.find((c) => c.status === 'fail')?.reason ?? '');
    assert.equal(reasons.filter((x) => /total/.test(x)).length, 2, reasons.join('\n'));
    const all = await discoverEvidence(layout, { ...repo, digest: img.digest });
    assert.ok(
      all.evidence.every((e) => !e.checks.some((c) => /total/.test(c.reason))),
      'the default budget holds four small layers',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
