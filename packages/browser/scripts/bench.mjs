// Warm and cold verification times of the browser bundle in headless Chromium, next to the
// same bundle in Node and the Node build (native crypto), on the in-repo conformance samples.
// Not a test. Run: node --conditions=@sigguard/source packages/browser/scripts/bench.mjs [runs]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundle } from './bundle.mjs';
import { conformanceTable, SAMPLE_CONFORMANCE, PACKAGE_DIR } from '../test/harness/tables.ts';
import { bundleFiles, openOfflinePage, serveStatic } from '@sigguard/test-vectors/support/chromium';
import { RUNNERS } from '../test/harness/runners.mjs';

const RUNS = Number(process.argv[2] ?? 30);
const CASES = [
  'happy-path-v0.3 (artifact)',
  'happy-path-intoto-in-dsse-v3 (artifact)',
  'bundle-with-sct-with-extensions (artifact)',
  'rekor2-happy-path (artifact)',
  'managed-key-happy-path (artifact)',
];

// Runs in Node and in the page: cold = first verification, warm = mean of `runs` after 3 warm-ups.
async function measure(api, runners, cases, runs) {
  const out = [];
  for (const c of cases) {
    let t = performance.now();
    const first = runners.verifyBundleCase(api, c.input);
    const cold = performance.now() - t;
    for (let i = 0; i < 3; i++) runners.verifyBundleCase(api, c.input);
    t = performance.now();
    for (let i = 0; i < runs; i++) runners.verifyBundleCase(api, c.input);
    out.push({ id: c.id, ok: first.ok, cold, warm: (performance.now() - t) / runs });
  }
  return out;
}

await bundle();
const table = conformanceTable('samples', SAMPLE_CONFORMANCE);
const cases = table.cases.filter((c) => CASES.includes(c.id));
const native = await measure(await import('../src/index.ts'), RUNNERS, cases, RUNS);
const bundled = await measure(
  await import(pathToFileURL(join(PACKAGE_DIR, 'dist/sigguard.browser.js')).href),
  RUNNERS,
  cases,
  RUNS,
);
const server = await serveStatic(
  new Map([
    ['/index.html', { type: 'text/html', body: '<!doctype html><title>bench</title>' }],
    ...bundleFiles(join(PACKAGE_DIR, 'dist')),
    ['/runners.mjs', { type: 'text/javascript', body: readFileSync(join(PACKAGE_DIR, 'test/harness/runners.mjs')) }],
  ]),
);
const browser = await openOfflinePage(server.origin);
let inChromium;
try {
  inChromium = await browser.page.evaluate(
    async ({ src, cases, runs }) => {
      const api = await import('/sigguard.browser.js');
      const runners = await import('/runners.mjs');
      const measure = new Function(`return (${src})`)();
      return measure(api, runners, cases, runs);
    },
    { src: measure.toString(), cases, runs: RUNS },
  );
} finally {
  await browser.close();
  await server.close();
}
const ms = (n) => n.toFixed(1).padStart(7);
console.log(`warm = mean of ${RUNS} runs after 3 warm-ups; cold = first run (includes trust-root parse)`);
console.log(
  `${'case'.padEnd(44)} ${'node warm'.padStart(9)} ${'bundle/node'.padStart(11)} ${'chromium'.padStart(9)} ${'cold node'.padStart(9)} ${'cold chr.'.padStart(9)}`,
);
cases.forEach((c, i) => {
  const [n, b, w] = [native[i], bundled[i], inChromium[i]];
  if (n.ok !== w.ok || n.ok !== b.ok) throw new Error(`${c.id}: answers differ`);
  console.log(`${c.id.padEnd(44)} ${ms(n.warm)}ms ${ms(b.warm)}ms   ${ms(w.warm)}ms ${ms(n.cold)}ms ${ms(w.cold)}ms`);
});
