// @sigguard/predicate's Web Worker evaluator in headless Chromium, offline: the engines run in a
// module Web Worker (the engine-worker entry, bundled here with esbuild from the sources) that is
// terminated at the time limit; CUE's and Rego's memories stop at their ceilings. Each hostile
// policy is denied with ENGINE_LIMIT naming the policy and the limit; correct policies pass.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import { openOfflinePage, serveStatic, type StaticFile } from '@sigguard/test-vectors/support/chromium';
import { OPA_TEST_DOUBLE_WASM, packageDir } from '@sigguard/test-vectors/support/locations';

const PREDICATE = packageDir('predicate');

async function bundleWorkerAndEvaluator(outdir: string): Promise<Map<string, StaticFile>> {
  await build({
    entryPoints: {
      'engine-worker': join(PREDICATE, 'src/web-worker-entry.ts'),
      evaluator: join(PREDICATE, 'src/web-worker-evaluator.ts'),
    },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@sigguard/source'],
    logLevel: 'warning',
  });
  const files = new Map<string, StaticFile>([
    [
      '/index.html',
      { type: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>predicate worker test</title>' },
    ],
    ['/favicon.ico', { type: 'image/x-icon', body: new Uint8Array(0) }],
    ['/double.wasm', { type: 'application/wasm', body: readFileSync(OPA_TEST_DOUBLE_WASM) }],
  ]);
  for (const name of readdirSync(outdir))
    files.set(`/${name}`, { type: 'text/javascript', body: readFileSync(join(outdir, name)) });
  return files;
}

interface Outcome {
  ok: boolean;
  code?: string;
  limit?: string;
  reason: string;
}

test('Web Worker evaluator in headless Chromium: hostile CUE and Rego end in ENGINE_LIMIT, correct policies pass', {
  timeout: 300_000,
}, async () => {
  const outdir = mkdtempSync(join(tmpdir(), 'sigguard-predicate-worker-'));
  const server = await serveStatic(await bundleWorkerAndEvaluator(outdir));
  const browser = await openOfflinePage(server.origin);
  try {
    const results = await browser.page.evaluate(async () => {
      const { createWebWorkerEvaluator } = await import('/evaluator.js');
      const evaluator = createWebWorkerEvaluator({
        createWorker: () => new Worker('/engine-worker.js', { type: 'module' }),
        limits: { maxMemoryBytes: 128 * 1024 * 1024 },
      });
      const wasm = new Uint8Array(await (await fetch('/double.wasm')).arrayBuffer());
      const pick = (r: Outcome) => ({ ok: r.ok, code: r.code, limit: r.limit, reason: r.reason });
      const out: Record<string, Outcome> = {};
      out.cuePass = pick(await evaluator.evaluate({ type: 'cue', data: 'a: int' }, { a: 1 }));
      out.cueFail = pick(await evaluator.evaluate({ type: 'cue', data: 'a: "x"' }, { a: 1 }, { name: 'custom' }));
      out.comprehension = pick(
        await evaluator.evaluate(
          {
            type: 'cue',
            data: 'import "list"\nproducts: [for x in list.Range(0, 3000, 1) for y in list.Range(0, 3000, 1) {x*y}]',
          },
          {},
          { name: 'custom', limits: { timeoutMs: 2000 } },
        ),
      );
      out.hugeRange = pick(
        await evaluator.evaluate(
          { type: 'cue', data: 'import "list"\nnumbers: list.Range(0, 5e7, 1)' },
          {},
          { name: 'custom', limits: { timeoutMs: 120_000 } },
        ),
      );
      out.cueAfter = pick(await evaluator.evaluate({ type: 'cue', data: 'a: int' }, { a: 1 }));
      out.regoPass = pick(await evaluator.evaluate({ type: 'rego', wasm }, true));
      out.regoSpin = pick(
        await evaluator.evaluate({ type: 'rego', wasm }, 'spin', { name: 'vuln', limits: { timeoutMs: 500 } }),
      );
      out.regoOom = pick(await evaluator.evaluate({ type: 'rego', wasm }, 'oom', { name: 'vuln' }));
      await evaluator.close();
      return out;
    });
    assert.deepEqual(browser.blocked, [], 'the page tried to reach the network');
    assert.equal(results.cuePass!.ok, true, results.cuePass!.reason);
    assert.match(results.cueFail!.reason, /^failed evaluating cue policy for custom: .*a: conflicting values/);
    assert.deepEqual(
      [results.comprehension!.code, results.comprehension!.limit],
      ['ENGINE_LIMIT', 'time'],
      results.comprehension!.reason,
    );
    assert.match(
      results.comprehension!.reason,
      /^cue policy for custom was stopped at an engine limit \(time\): the evaluation exceeded its time limit of 2000 ms/,
    );
    assert.deepEqual(
      [results.hugeRange!.code, results.hugeRange!.limit],
      ['ENGINE_LIMIT', 'memory'],
      results.hugeRange!.reason,
    );
    assert.match(results.hugeRange!.reason, /ran out of memory at its ceiling of 134217728 bytes/);
    assert.equal(results.cueAfter!.ok, true, results.cueAfter!.reason);
    assert.equal(results.regoPass!.ok, true, results.regoPass!.reason);
    assert.deepEqual(
      [results.regoSpin!.code, results.regoSpin!.limit],
      ['ENGINE_LIMIT', 'time'],
      results.regoSpin!.reason,
    );
    assert.deepEqual(
      [results.regoOom!.code, results.regoOom!.limit],
      ['ENGINE_LIMIT', 'memory'],
      results.regoOom!.reason,
    );
    assert.deepEqual(browser.consoleErrors, [], 'the page logged errors');
  } finally {
    await browser.close();
    await server.close();
    rmSync(outdir, { recursive: true, force: true });
  }
});
