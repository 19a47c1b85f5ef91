// The browser build in a real browser: the built dist/sigguard.browser.js (npm test rebuilds a stale dist
// first; this test only reads it, as other tests running beside it do), served with the
// case tables from a loopback server, runs every case in headless Debian Chromium with the
// network off, and requires the same answers as Node (ok, error code, and every check's
// name/status/code). Fails (never skips) when /usr/bin/chromium is missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as nodeApi from '../src/index.ts';
import { RUNNERS } from './harness/runners.mjs';
import { bundleFiles, openOfflinePage, serveStatic, type StaticFile } from '@sigguard/test-vectors/support/chromium';
import { loadTables, PACKAGE_DIR, type CaseTable } from './harness/tables.ts';
import { RFC3161_TABLE } from './harness/rfc3161-gen-time.ts';
import { GZIP_BUDGET } from './harness/budget.ts';

type Answer = Record<string, unknown> & { ok: boolean };

function runInNode(table: CaseTable): Answer[] {
  const runner = RUNNERS[table.runner] as (api: unknown, input: unknown) => Answer;
  return table.cases.map((c) => runner(nodeApi, c.input));
}

// Error wording may differ (OpenSSL's message vs the shim's); everything else must not.
function withoutWording(answer: Answer | undefined): unknown {
  if (answer === undefined || !('message' in answer)) return answer;
  const { message: _wording, ...rest } = answer;
  return rest;
}

function staticFiles(tables: CaseTable[], dist: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>([
    [
      '/index.html',
      { type: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>sigguard browser test</title>' },
    ],
    ['/favicon.ico', { type: 'image/x-icon', body: new Uint8Array(0) }],
    ...bundleFiles(dist),
    ['/runners.mjs', { type: 'text/javascript', body: readFileSync(join(PACKAGE_DIR, 'test/harness/runners.mjs')) }],
  ]);
  tables.forEach((t, i) => files.set(`/tables/${i}.json`, { type: 'application/json', body: JSON.stringify(t) }));
  return files;
}

test('browser bundle in headless Chromium gives the same answers as Node, offline', async (t) => {
  const started = Date.now();
  const dist = join(PACKAGE_DIR, 'dist');
  // The build's own report (scripts/bundle.mjs writes it beside the bundle).
  const report = JSON.parse(readFileSync(join(dist, 'sigguard.browser.report.json'), 'utf8')) as {
    gzip: number;
    lazy: { chunk: string; packages: string[] }[];
  };
  // A budget, so an accidental heavy import (TUF, YAML, a second crypto stack) is noticed;
  // raise it deliberately and update docs/browser.md if the bundle must grow.
  assert.ok(
    report.gzip < GZIP_BUDGET,
    `browser bundle is ${report.gzip} bytes gzipped, over the ${GZIP_BUDGET} budget`,
  );
  const timings: string[] = [];
  const tables = await loadTables();
  // The in-repo tables are committed: none may drop out silently (only ../shared is optional).
  for (const name of [
    'conformance samples (in repo)',
    'test-vectors/expected.json (private Sigstore instance)',
    'identity go-regexp-cases.json',
    'identity: signer certificates x identity specs',
    'key types (key-signed, every key type)',
    'key types (keyless certificates, every registered key type)',
  ]) {
    assert.ok(
      tables.some((tb) => tb.name === name && tb.cases.length > 0),
      `table ${name} is missing or empty`,
    );
  }
  const nodeAnswers = tables.map(runInNode);
  timings.push(`node ${Date.now() - started} ms`);
  const server = await serveStatic(staticFiles(tables, dist));
  const browser = await openOfflinePage(server.origin);
  timings.push(`chromium up ${Date.now() - started} ms`);
  try {
    const result = await browser.page.evaluate(
      async ({ count, bundleUrl, runnersUrl }) => {
        const api = await import(bundleUrl);
        const { RUNNERS } = await import(runnersUrl);
        // RE2 is loaded on demand: not by importing the bundle, but by the first regexp.
        const resourcesBefore = performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);
        const regexpBeforeLoad = RUNNERS.goRegExpCase(api, { pattern: '^a+$', input: 'aa' });
        await api.loadGoRegExpEngine();
        const chunksLoaded = performance
          .getEntriesByType('resource')
          .map((e) => new URL(e.name).pathname)
          .filter((p) => !resourcesBefore.includes(p) && p.startsWith('/chunks/'));
        const lazyRegExp = {
          regexpBeforeLoad,
          chunksBefore: resourcesBefore.filter((p) => p.startsWith('/chunks/')),
          chunksLoaded,
        };
        const answers: unknown[][] = [];
        const asyncAnswers: unknown[][] = [];
        for (let i = 0; i < count; i++) {
          const table = await (await fetch(`/tables/${i}.json`)).json();
          answers.push(table.cases.map((c: { input: unknown }) => RUNNERS[table.runner](api, c.input)));
          // Bundle cases again through the async verifyBundle, which uses WebCrypto where it can.
          const viaAsync: unknown[] = [];
          if (table.runner === 'verifyBundleCase')
            for (const c of table.cases) viaAsync.push(await RUNNERS.verifyBundleAsyncCase(api, c.input));
          asyncAnswers.push(viaAsync);
        }
        const webCrypto = api.webCryptoVerdictsUsed();
        // The bundle must not leak its shims onto the page.
        const globals = {
          Buffer: typeof (globalThis as { Buffer?: unknown }).Buffer,
          process: typeof (globalThis as { process?: unknown }).process,
        };
        return { answers, asyncAnswers, webCrypto, globals, lazyRegExp, userAgent: navigator.userAgent };
      },
      { count: tables.length, bundleUrl: '/sigguard.browser.js', runnersUrl: '/runners.mjs' },
    );

    timings.push(`browser done ${Date.now() - started} ms`);
    assert.deepEqual(browser.blocked, [], 'the page tried to reach the network');
    assert.deepEqual(result.globals, { Buffer: 'undefined', process: 'undefined' }, 'the bundle changed page globals');
    assert.match(result.userAgent, /HeadlessChrome|Chrome/);
    const reChunks = report.lazy.filter((l) => l.packages.includes('re2js')).map((l) => `/${l.chunk}`);
    assert.equal(reChunks.length, 1, 'the build report names one on-demand chunk holding re2js');
    assert.deepEqual(
      result.lazyRegExp.regexpBeforeLoad,
      { result: 'error', code: 'REGEXP_ENGINE_NOT_LOADED' },
      'a regexp before loadGoRegExpEngine() is an error',
    );
    assert.ok(
      !result.lazyRegExp.chunksBefore.some((p: string) => reChunks.includes(p)),
      `re2js was fetched before it was needed: ${result.lazyRegExp.chunksBefore}`,
    );
    assert.ok(
      result.lazyRegExp.chunksLoaded.some((p: string) => reChunks.includes(p)),
      `loadGoRegExpEngine() did not fetch ${reChunks}: ${result.lazyRegExp.chunksLoaded}`,
    );

    const mismatches: string[] = [];
    tables.forEach((table, t) => {
      table.cases.forEach((c, i) => {
        const inNode = nodeAnswers[t]?.[i];
        const inBrowser = result.answers[t]?.[i] as Answer | undefined;
        try {
          assert.deepEqual(withoutWording(inBrowser), withoutWording(inNode));
        } catch {
          mismatches.push(
            `${table.name} / ${c.id}:\n  node:    ${JSON.stringify(inNode)}\n  browser: ${JSON.stringify(inBrowser)}`,
          );
        }
      });
    });
    assert.deepEqual(
      mismatches,
      [],
      `${mismatches.length} cases differ between Node and Chromium${browser.consoleErrors.length ? `\nconsole: ${browser.consoleErrors.join('\n')}` : ''}`,
    );

    // The async verifyBundle (WebCrypto verdicts where it can give them) answers as Node does, case by case,
    // and WebCrypto really answered checks (ECDSA and RSA ones, in every table of bundles).
    const asyncMismatches: string[] = [];
    tables.forEach((table, t) => {
      if (table.runner !== 'verifyBundleCase') return;
      table.cases.forEach((c, i) => {
        const inNode = nodeAnswers[t]?.[i];
        const inBrowser = result.asyncAnswers[t]?.[i] as Answer | undefined;
        if (!isDeepStrictEqual(withoutWording(inBrowser), withoutWording(inNode))) {
          asyncMismatches.push(
            `${table.name} / ${c.id}:\n  node:    ${JSON.stringify(inNode)}\n  browser: ${JSON.stringify(inBrowser)}`,
          );
        }
      });
    });
    assert.deepEqual(
      asyncMismatches,
      [],
      `${asyncMismatches.length} cases differ between Node and Chromium's async verifyBundle`,
    );
    assert.ok(result.webCrypto > 100, `WebCrypto answered only ${result.webCrypto} signature checks`);

    // The in-repo samples must include a verified and a rejected bundle, decided in the browser.
    const samples = tables[0] as CaseTable;
    const byId = new Map(samples.cases.map((c, i) => [c.id, result.answers[0]?.[i] as Answer]));
    assert.equal(byId.get('happy-path-v0.3 (artifact)')?.ok, true, 'positive vector verifies in Chromium');
    assert.equal(byId.get('managed-key-happy-path (digest)')?.ok, true, 'key-signed vector verifies in Chromium');
    assert.equal(byId.get('signature-mismatch_fail (artifact)')?.ok, false, 'negative vector is rejected in Chromium');
    assert.equal(byId.get('dsse-mismatch-sig_fail (artifact)')?.ok, false, 'tampered DSSE is rejected in Chromium');

    // Beyond Node parity, the browser's answers must be the expected ones for the in-repo samples
    // and Go's results for the regexp table. (The full conformance suite and test-vectors/ are
    // compared for parity only: their expectations are @sigguard/verify's own tests.)
    const wrong: string[] = [];
    tables.forEach((table, t) => {
      const checkExpectations =
        t === 0 ||
        table.runner === 'goRegExpCase' ||
        table.name.startsWith('key types') ||
        table.name === RFC3161_TABLE;
      if (!checkExpectations) return;
      table.cases.forEach((c, i) => {
        const a = result.answers[t]?.[i] as Answer & { result?: string };
        if (table.runner === 'goRegExpCase') {
          if (a.result !== c.expect) wrong.push(`${table.name} / ${c.id}: ${a.result}, Go says ${c.expect}`);
        } else if (a.ok !== c.expectOk) {
          wrong.push(`${table.name} / ${c.id}: ok=${a.ok}, expected ${c.expectOk}`);
        }
      });
    });
    assert.deepEqual(wrong, [], "browser answers differ from the vectors' expectations");
    const total = tables.reduce((n, t) => n + t.cases.length, 0);
    const verifyAnswers = tables.flatMap((tb, t) =>
      tb.runner === 'verifyBundleCase' ? (result.answers[t] ?? []) : [],
    ) as Answer[];
    const okCount = verifyAnswers.filter((a) => a.ok).length;
    assert.ok(
      okCount > 0 && okCount < verifyAnswers.length,
      `${okCount}/${verifyAnswers.length} verified: need both outcomes`,
    );
    t.diagnostic(
      `bundle ${report.gzip} bytes gzip; ${total} cases in ${tables.length} tables, ${okCount} verified, identical in Node and Chromium (sync and async; WebCrypto gave ${result.webCrypto} verdicts) (${timings.join(', ')})`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
});
