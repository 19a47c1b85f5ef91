// The offline page in headless Chromium: built with build.mjs, served on loopback with the network off, given
// files through its file inputs (bundles, a policy, a trusted root; then an OCI layout folder) and by a drop, it
// must reach the decision Node reaches, and render the decision tree: every tree node visible with a real box,
// and a screenshot of the result that is not blank (decoded and counted by the browser itself).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { verifyImage } from 'sigguard';
import { sharedTestSigstore } from '../../test-vectors/src/index.ts';
import {
  bundleAttestation,
  bundleSignature,
  LayoutWriter,
  pushBundleReferrer,
  pushImage,
  SLSA_PROVENANCE,
} from '@sigguard/test-vectors/support';
import { parseRepositoryName } from '../../packages/oci/src/reference.ts';
import { bundleFiles, openOfflinePage, serveStatic } from '@sigguard/test-vectors/support/chromium';
import { buildPage } from './build.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const IMAGE = 'ghcr.io/acme/app';

function policyYaml() {
  return `apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: built-by-ci }
spec:
  images: [{ glob: "ghcr.io/acme/**" }]
  authorities:
    - name: ci
      keyless:
        url: https://fulcio.sigguard.test
        identities: [{ issuer: https://issuer.example.com, subject: ci@example.com }]
      attestations:
        - name: provenance
          predicateType: ${SLSA_PROVENANCE}
          policy:
            type: cue
            data: |
              predicate: buildDefinition: buildType: "https://example.com/build"
`;
}

/** Signed evidence for one image: bundle files, and the same image in an OCI layout folder. */
async function fixture(dir) {
  const ts = await sharedTestSigstore();
  const layoutDir = join(dir, 'layout');
  const w = new LayoutWriter(layoutDir);
  const repo = parseRepositoryName(IMAGE);
  const img = await pushImage(w, repo, 'browser-offline', 'v1');
  const sig = (await bundleSignature(ts, img.digest)).bundle;
  const att = (
    await bundleAttestation(ts, IMAGE, img.digest, SLSA_PROVENANCE, {
      buildDefinition: { buildType: 'https://example.com/build' },
    })
  ).bundle;
  await pushBundleReferrer(w, repo, img, sig);
  await pushBundleReferrer(w, repo, img, att);
  const other = (await bundleSignature(ts, `sha256:${'ab'.repeat(32)}`)).bundle;
  const file = (name, content) => {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
    return join(dir, name);
  };
  return {
    ref: `${IMAGE}@${img.digest}`,
    layoutDir,
    policy: file('policy.yaml', policyYaml()),
    trustedRoot: file('trusted_root.json', ts.trustedRoot()),
    sig: file('sig.sigstore.json', sig),
    att: file('att.sigstore.json', att),
    other: file('other.sigstore.json', other),
  };
}

/** The share of the screenshot's pixels that differ from its top-left pixel (the background), decoded by Chromium. */
function inkShare(page, png) {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = new OffscreenCanvas(img.width, img.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const { data } = ctx.getImageData(0, 0, img.width, img.height);
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - data[0]) + Math.abs(data[i + 1] - data[1]) + Math.abs(data[i + 2] - data[2]) > 48) ink++;
    }
    return { ink: ink / (data.length / 4), width: img.width, height: img.height };
  }, png.toString('base64'));
}

test('the offline page decides from picked files as Node does, and renders the decision tree', {
  timeout: 600_000,
}, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sigguard-browser-offline-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const f = await fixture(dir);
  const dist = join(dir, 'dist');
  await buildPage(dist);
  const files = new Map([
    ['/index.html', { type: 'text/html', body: readFileSync(here('index.html')) }],
    ['/style.css', { type: 'text/css', body: readFileSync(here('style.css')) }],
    ['/favicon.ico', { type: 'image/x-icon', body: new Uint8Array(0) }],
    ...[...bundleFiles(dist, 'app.js')].map(([path, file]) => [`/dist${path}`, file]),
  ]);
  const server = await serveStatic(files);
  t.after(() => server.close());
  const browser = await openOfflinePage(server.origin);
  t.after(() => browser.close());
  const { page } = browser;
  await page.setViewportSize({ width: 1200, height: 900 });

  // One page for every decision, as a user picks other files after a decision: no reload (each one started the
  // bundle and the CUE engine again, most of this file's CPU). Before each decision every file input is emptied
  // (a file input's value may be set to '' only), the tree cleared and the state marked, so no case sees the
  // previous one's files or tree, and the wait below is for this decision.
  await page.waitForSelector('body[data-state=ready]');
  const resetPage = () =>
    page.evaluate(() => {
      for (const input of document.querySelectorAll('input[type=file]')) input.value = '';
      document.getElementById('tree').replaceChildren();
      document.body.dataset.state = 'ready';
    });
  const decideInPage = async (inputs) => {
    await resetPage();
    await page.fill('#ref', inputs.ref);
    for (const [selector, paths] of Object.entries(inputs.files)) await page.setInputFiles(selector, paths);
    await page.click('#verify');
    await page.waitForSelector('body[data-state=decided]');
    return {
      summary: await page.textContent('#summary'),
      allowed: (await page.getAttribute('#summary', 'class')) === 'allowed',
    };
  };
  const decideInNode = async (bundles) => {
    const read = (p) => readFileSync(p, 'utf8');
    return verifyImage(f.ref, {
      policies: read(f.policy),
      defaultTrustRoot: read(f.trustedRoot),
      evidence: { bundles: bundles.map(read) },
      cache: false,
    });
  };

  // Bundle files: admitted, as in Node; the tree renders.
  const admitted = await decideInPage({
    ref: f.ref,
    files: { '#policy': f.policy, '#bundles': [f.sig, f.att], '#trusted-root': f.trustedRoot },
  });
  const nodeAdmitted = await decideInNode([f.sig, f.att]);
  assert.equal(nodeAdmitted.allowed, true, nodeAdmitted.summary);
  assert.deepEqual(admitted, { summary: nodeAdmitted.summary, allowed: true });
  const nodes = page.locator('#tree .node > .line');
  const count = await nodes.count();
  assert.ok(count >= 5, `the tree shows policy, authority, attestation, evidence and checks (${count} nodes)`);
  for (let i = 0; i < count; i++) {
    const box = await nodes.nth(i).boundingBox();
    assert.ok(
      box && box.width > 0 && box.height > 0,
      `tree node ${i} (${await nodes.nth(i).textContent()}) has a visible box`,
    );
  }
  assert.match(await page.textContent('#tree'), /policy built-by-ci.*authority ci.*attestation provenance/s);
  const shot = await page.locator('#result').screenshot();
  writeFileSync(join(dir, 'admitted.png'), shot);
  const ink = await inkShare(page, shot);
  assert.ok(ink.width > 200 && ink.height > 100, `the result area is ${ink.width}x${ink.height}`);
  assert.ok(ink.ink > 0.02, `the screenshot of the tree is blank (${(ink.ink * 100).toFixed(2)}% ink)`);

  // A signature for another image: denied, the failing nodes shown.
  const denied = await decideInPage({
    ref: f.ref,
    files: { '#policy': f.policy, '#bundles': [f.other], '#trusted-root': f.trustedRoot },
  });
  const nodeDenied = await decideInNode([f.other]);
  assert.equal(nodeDenied.allowed, false);
  assert.deepEqual(denied, { summary: nodeDenied.summary, allowed: false });
  assert.ok((await page.locator('#tree .status-fail').count()) > 0, 'failing nodes are marked');

  // The same image's evidence as an OCI layout folder, picked with the folder input.
  const fromLayout = await decideInPage({
    ref: f.ref,
    files: { '#policy': f.policy, '#layout': f.layoutDir, '#trusted-root': f.trustedRoot },
  });
  assert.equal(fromLayout.allowed, true, fromLayout.summary);

  // Dropped files (policy, bundles, trusted root) are sorted by their content; the inputs hold nothing.
  await resetPage();
  await page.fill('#ref', f.ref);
  const toDrop = [f.policy, f.sig, f.att, f.trustedRoot].map((p) => ({
    name: p.split('/').pop(),
    text: readFileSync(p, 'utf8'),
  }));
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const { name, text } of list) dt.items.add(new File([text], name));
    document
      .getElementById('drop')
      .dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, toDrop);
  await page.waitForFunction(() => document.getElementById('picked').textContent.startsWith('dropped:'));
  assert.equal(
    await page.textContent('#picked'),
    'dropped: 1 policy file(s), 2 bundle(s), 0 layout file(s), a trusted root',
  );
  await page.click('#verify');
  await page.waitForSelector('body[data-state=decided]');
  assert.equal(await page.textContent('#summary'), nodeAdmitted.summary);

  assert.deepEqual(browser.blocked, [], 'the page tried to reach the network');
  assert.deepEqual(browser.consoleErrors, []);
  t.diagnostic(`tree: ${count} nodes; screenshot ${ink.width}x${ink.height}, ${(ink.ink * 100).toFixed(1)}% ink`);
});
