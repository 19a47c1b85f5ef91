// verifyImage in headless Chromium, decided as in Node, case by case: keyless and key authorities, a CUE
// attestation policy and a Rego policy built by a real OPA (../shared; its cases are left out, saying so,
// when absent), with evidence from bundle files, from an OCI layout handed over as in-memory Files, and
// from Debian's docker-registry on loopback (behind a CORS proxy, as a browser on another origin needs). The page
// bundles sigguard as browsers do (bundleForBrowser); Node runs its own entry (engines in a worker, the
// layout read from disk). Both must reach the expected decision and the same decision tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sigguard from 'sigguard';
import { OciLayout } from '@sigguard/oci';
import { directoryReader } from '@sigguard/oci/node';
import { sharedTestSigstore } from '@sigguard/test-vectors';
import { bundleForBrowser } from '../scripts/bundle.mjs';
import { verifyImageCase } from './harness/image-runner.mjs';
import { imageCases, OPA_VECTOR, OPA_VECTOR_SKIP, type ImageCase } from './harness/image-cases.ts';
import { bundleFiles, openOfflinePage, serveStatic, type StaticFile } from '@sigguard/test-vectors/support/chromium';
import { PACKAGE_DIR } from './harness/tables.ts';
import { dockerRegistryAvailable, startDockerRegistry, type RunningRegistry } from '@sigguard/test-vectors/support';
import { startCorsProxy, type CorsProxy } from './harness/cors-proxy.ts';

type Answer = { decision?: Record<string, unknown>; error?: string; message?: string };

// One description on both sides: the layout's name appears in the decision's notes.
const LAYOUT_NAME = 'OCI layout (test)';
const nodeApi = {
  ...sigguard,
  openLayout: (layout: { dir: string }) => OciLayout.open(directoryReader(layout.dir), LAYOUT_NAME),
};

/** The page's side: the bundle, the shared runner, and the layout handed over as Files from a folder input. */
async function decideInPage(page: import('playwright-core').Page, cases: ImageCase[]): Promise<Answer[]> {
  return page.evaluate(
    async ({ inputs, name }) => {
      const api = await import('/image-entry.js');
      const { verifyImageCase } = await import('/image-runner.mjs');
      const bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const asFolderFiles = (files: Record<string, string>) =>
        Object.entries(files).map(([path, b64]) => {
          const f = new File([bytes(b64)], path.split('/').pop()!);
          Object.defineProperty(f, 'webkitRelativePath', { value: `layout/${path}` });
          return f;
        });
      const pageApi = {
        ...api,
        openLayout: (l: { files: Record<string, string> }) =>
          api.openOciLayoutFiles(asFolderFiles(l.files), undefined, name),
      };
      const answers = [];
      for (const input of inputs) answers.push(await verifyImageCase(pageApi, input));
      return answers;
    },
    { inputs: cases.map((c) => c.input), name: LAYOUT_NAME },
  );
}

test('verifyImage in headless Chromium reaches the same decisions as Node (bundles, in-memory layout, loopback registry)', {
  timeout: 600_000,
}, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'sigguard-chromium-image-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  let registry: RunningRegistry | undefined;
  let proxy: CorsProxy | undefined;
  t.after(async () => {
    await proxy?.close();
    await registry?.stop();
  });
  if (dockerRegistryAvailable()) {
    registry = await startDockerRegistry();
    proxy = await startCorsProxy(registry.host);
  } else
    t.diagnostic(
      'registry cases left out: docker-registry is not installed (scripts/install-system-deps.sh installs it)',
    );
  const regoPresent = readFileSafe(join(OPA_VECTOR, 'bundle.tar.gz'));
  if (!regoPresent) t.diagnostic(`Rego cases left out: ${OPA_VECTOR_SKIP || `no bundle.tar.gz in ${OPA_VECTOR}`}`);

  const ts = await sharedTestSigstore();
  mkdirSync(join(work, 'layout'));
  const cases = await imageCases(ts, proxy?.host, join(work, 'layout'));
  const dist = join(work, 'dist');
  await bundleForBrowser({ 'image-entry': join(PACKAGE_DIR, 'test/harness/image-entry.mjs') }, dist);

  const inNode: Answer[] = [];
  for (const c of cases) inNode.push((await verifyImageCase(nodeApi, c.input)) as Answer);

  const files = new Map<string, StaticFile>([
    [
      '/index.html',
      { type: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>sigguard verifyImage test</title>' },
    ],
    ['/favicon.ico', { type: 'image/x-icon', body: new Uint8Array(0) }],
    ...bundleFiles(dist, 'image-entry.js'),
    [
      '/image-runner.mjs',
      { type: 'text/javascript', body: readFileSync(join(PACKAGE_DIR, 'test/harness/image-runner.mjs')) },
    ],
  ]);
  const server = await serveStatic(files);
  t.after(() => server.close());
  const browser = await openOfflinePage(server.origin, proxy ? [`http://${proxy.host}`] : []);
  t.after(() => browser.close());
  const inPage = await decideInPage(browser.page, cases);

  assert.deepEqual(browser.blocked, [], 'the page tried to reach the network');
  const problems: string[] = [];
  cases.forEach((c, i) => {
    const [node, page] = [inNode[i]!, inPage[i]!];
    if (node.decision?.allowed !== c.allowed)
      problems.push(`${c.id}: Node decided ${JSON.stringify(node.decision?.allowed ?? node)}, expected ${c.allowed}`);
    if (page.decision?.allowed !== c.allowed)
      problems.push(
        `${c.id}: Chromium decided ${JSON.stringify(page.decision?.allowed ?? page)}, expected ${c.allowed}`,
      );
    try {
      assert.deepEqual(comparable(page), comparable(node));
    } catch {
      problems.push(`${c.id}: decision trees differ: ${differences(comparable(node), comparable(page)).join('; ')}`);
    }
  });
  assert.deepEqual(
    problems,
    [],
    `${problems.length} problems${browser.consoleErrors.length ? `\nconsole: ${browser.consoleErrors.join('\n')}` : ''}`,
  );
  const kinds = ['bundle:', 'layout:', ...(registry ? ['registry:'] : [])];
  for (const k of kinds)
    assert.ok(
      cases.some((c) => c.id.startsWith(k) && c.allowed) && cases.some((c) => c.id.startsWith(k) && !c.allowed),
      `${k} cases allow and deny`,
    );
  t.diagnostic(
    `${cases.length} verifyImage cases identical in Node and Chromium (${cases.filter((c) => c.allowed).length} allowed)`,
  );
});

function readFileSafe(path: string): boolean {
  try {
    readFileSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The decision without what may differ between two runs (durations). */
function comparable(answer: Answer): unknown {
  return JSON.parse(JSON.stringify(answer), (key, value) => (key === 'durationMs' ? undefined : value));
}

/** Where two JSON values differ: `path: node value / chromium value`. */
function differences(a: unknown, b: unknown, path = '$'): string[] {
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  ) {
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [`${path}: ${JSON.stringify(a)} / ${JSON.stringify(b)}`];
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) =>
    differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`),
  );
}
