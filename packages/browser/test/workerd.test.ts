// sigguard in workerd (Cloudflare's Workers runtime, from the `workerd` npm package), driven over HTTP
// on loopback: a Worker bundled with esbuild (one file, no Node builtins, no nodejs_compat) runs the
// Chromium test's case tables (bundle verification, identities, Go regexps) and verifyImage on
// policies and bundles posted to it, and must answer as Node does on the same inputs. The Worker has
// no network (its outbound service allows nothing). workerd is stopped and its files removed at the end.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyImage } from 'sigguard';
import { bundleWorker } from '../scripts/worker-bundle.mjs';
import * as nodeApi from '../src/index.ts';
import { RUNNERS } from './harness/runners.mjs';
import { loadTables, PACKAGE_DIR } from './harness/tables.ts';
import { startWorkerd, writeWorkerdConfig, type RunningWorkerd } from '@sigguard/test-vectors/support/workerd';
import { decideImage } from './workerd/decide-image.mjs';
import { cueCase, imageCases } from './workerd/image-cases.ts';

type Answer = Record<string, unknown>;

// Error wording may differ (OpenSSL's message vs the shim's, as in Chromium); nothing else may.
function withoutWording(answer: Answer | undefined): unknown {
  if (answer === undefined || !('message' in answer)) return answer;
  const { message: _wording, ...rest } = answer;
  return rest;
}

const dir = mkdtempSync(join(tmpdir(), 'sigguard-workerd-'));
let workerd: RunningWorkerd | undefined;

before(async () => {
  await bundleWorker({ entry: join(PACKAGE_DIR, 'test/workerd/worker.mjs'), outfile: join(dir, 'worker.js') });
  workerd = await startWorkerd(writeWorkerdConfig(dir, 'worker.js'));
});

after(async () => {
  await workerd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('workerd: bundle verification, identities and Go regexps answer as in Node', { timeout: 300_000 }, async () => {
  const tables = await loadTables();
  const mismatches: string[] = [];
  let verified = 0;
  let rejected = 0;
  for (const table of tables) {
    const runner = RUNNERS[table.runner] as (api: unknown, input: unknown) => Answer;
    const inWorkerd = (await workerd?.post('/cases', {
      runner: table.runner,
      cases: table.cases.map((c) => c.input),
    })) as Answer[];
    table.cases.forEach((c, i) => {
      const inNode = runner(nodeApi, c.input);
      if (table.runner === 'verifyBundleCase') inNode.ok ? verified++ : rejected++;
      try {
        assert.deepEqual(withoutWording(inWorkerd[i]), withoutWording(inNode));
      } catch {
        mismatches.push(
          `${table.name} / ${c.id}:\n  node:    ${JSON.stringify(inNode)}\n  workerd: ${JSON.stringify(inWorkerd[i])}`,
        );
      }
    });
  }
  const shown = mismatches.slice(0, 5).map((m) => m.slice(0, 1500));
  assert.equal(
    mismatches.length,
    0,
    `${mismatches.length} cases differ between Node and workerd, first ${shown.length}:\n${shown.join('\n')}`,
  );
  assert.ok(verified > 0 && rejected > 0, `${verified} verified, ${rejected} rejected: need both outcomes`);
});

test('workerd: verifyImage on in-memory policies and bundles decides as in Node', { timeout: 300_000 }, async () => {
  for (const c of imageCases()) {
    const inNode = (await decideImage(verifyImage, c)) as Answer;
    assert.equal(
      inNode.allowed,
      c.expectAllowed,
      `${c.id}: Node says ${inNode.allowed}: ${inNode.summary ?? JSON.stringify(inNode.thrown)}`,
    );
    const inWorkerd = await workerd?.post('/verify-image', c);
    // The whole decision tree, not only the verdict: every policy, authority, bundle and check with its reason.
    assert.deepEqual(inWorkerd, inNode, `${c.id}: workerd and Node decide differently`);
  }
});

test('workerd: a CUE policy is denied, naming why (no WebAssembly compiled at run time); Node admits it', {
  timeout: 300_000,
}, async () => {
  const c = cueCase();
  const inNode = (await decideImage(verifyImage, c)) as Answer;
  assert.equal(inNode.allowed, true, String(inNode.summary));
  const inWorkerd = (await workerd?.post('/verify-image', c)) as Answer;
  assert.equal(inWorkerd.allowed, false, 'fail closed: an engine that cannot start is a denial');
  assert.match(
    String(inWorkerd.summary),
    /could not start the CUE engine.*Wasm code generation disallowed by embedder/,
  );
});
