// The sizes docs/browser.md states are checked against the build, so the doc cannot drift: the build
// report of dist/sigguard.browser.js (scripts/bundle.mjs writes it with the bundle; npm test rebuilds a
// stale dist first) and every figure between the browser-size markers must be within 10% of the real one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { GZIP_BUDGET } from './harness/budget.ts';
import { fileURLToPath } from 'node:url';

const TOLERANCE = 0.1;
const DOC = fileURLToPath(new URL('../../../docs/browser.md', import.meta.url));
const REPORT = fileURLToPath(new URL('../dist/sigguard.browser.report.json', import.meta.url));

function sizeSection(): string {
  const text = readFileSync(DOC, 'utf8');
  const m = /<!-- browser-size:begin -->\n([\s\S]*?)<!-- browser-size:end -->/.exec(text);
  assert.ok(m, 'docs/browser.md has a browser-size:begin/end section');
  return m[1]!;
}

function statedKb(section: string, row: string): number {
  const m = new RegExp(`^\\| (?:\\*\\*)?${row}(?:\\*\\*)? \\| (?:\\*\\*)?(\\d+) KB`, 'm').exec(section);
  assert.ok(m, `docs/browser.md size table has a "${row}" row in KB`);
  return Number(m[1]);
}

test('docs/browser.md states the bundle sizes within 10% and the gzip budget exactly', () => {
  const report = JSON.parse(readFileSync(REPORT, 'utf8'));
  const section = sizeSection();
  const actual: Record<string, number> = {
    minified: report.bytes,
    'gzip -9': report.gzip,
    'brotli 11': report.brotli,
  };
  for (const [row, bytes] of Object.entries(actual)) {
    const kb = bytes / 1024;
    const stated = statedKb(section, row);
    assert.ok(
      Math.abs(stated - kb) <= kb * TOLERANCE,
      `docs/browser.md says ${row} ${stated} KB; the build gives ${kb.toFixed(0)} KB: update the doc`,
    );
  }
  assert.equal(
    statedKb(section, 'gzip budget') * 1024,
    GZIP_BUDGET,
    'docs/browser.md states the budget chromium.test.ts enforces',
  );
  const named = /largest packages in the bundle, in order: (.+)\./.exec(section)?.[1]?.split(', ');
  assert.ok(named && named.length > 0, 'docs/browser.md names the largest packages');
  const largest = Object.keys(report.byPackage as Record<string, number>).slice(0, named.length);
  assert.deepEqual(named, largest, "the largest packages docs/browser.md names, in the build report's order");
});
