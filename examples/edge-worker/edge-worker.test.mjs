// Runs the example as README.md says (build.mjs, then workerd serve config.capnp), from a copy in a
// temporary folder, on a free loopback port: the public-good samples in packages/sigguard/samples are
// admitted, incomplete or mismatched evidence is denied, bad requests are refused naming the problem,
// and every decision is the one Node's verifyImage takes on the same inputs.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { verifyImage } from 'sigguard';
import { startWorkerd } from '@sigguard/test-vectors/support/workerd';
import { buildEdgeWorker, EXAMPLE_DIR } from './build.mjs';

const SAMPLES = join(EXAMPLE_DIR, '../../packages/sigguard/samples');
const signature = JSON.parse(readFileSync(join(SAMPLES, 'a.txt.sigstore.json'), 'utf8'));
const provenance = JSON.parse(readFileSync(join(SAMPLES, 'a.txt.intoto.sigstore.json'), 'utf8'));
const A_TXT = 'sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf';
const IMAGE = `ghcr.io/sigstore-conformance/a-txt@${A_TXT}`;

const dir = mkdtempSync(join(tmpdir(), 'sigguard-edge-worker-'));
let workerd;

before(async () => {
  for (const file of ['config.capnp', 'policy.yaml']) copyFileSync(join(EXAMPLE_DIR, file), join(dir, file));
  await buildEdgeWorker(join(dir, 'dist/worker.js'));
  workerd = await startWorkerd(join(dir, 'config.capnp'));
});

after(async () => {
  await workerd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function mayRun(body, init = {}) {
  const res = await fetch(`${workerd.origin}/may-run`, { method: 'POST', body: JSON.stringify(body), ...init });
  return { status: res.status, body: await res.json() };
}

async function inNode(image, bundles) {
  const d = await verifyImage(image, {
    policies: readFileSync(join(EXAMPLE_DIR, 'policy.yaml'), 'utf8'),
    evidence: { bundles: bundles.map((b) => JSON.stringify(b)) },
  });
  return JSON.parse(
    JSON.stringify({ allowed: d.allowed, summary: d.summary, warnings: d.warnings, policies: d.policies }),
  );
}

test('edge-worker: admits the signed image with provenance, denies what lacks evidence, as Node decides', {
  timeout: 300_000,
}, async () => {
  const cases = [
    { image: IMAGE, bundles: [signature, provenance], allowed: true },
    { image: IMAGE, bundles: [signature], allowed: false, why: /failed policy has-slsa-provenance/ },
    { image: IMAGE, bundles: [], allowed: false, why: /failed policy signed-by-beacon/ },
    {
      image: `ghcr.io/sigstore-conformance/a-txt@sha256:${'1'.repeat(64)}`,
      bundles: [signature, provenance],
      allowed: false,
    },
    {
      image: `docker.io/library/nginx@${A_TXT}`,
      bundles: [signature, provenance],
      allowed: false,
      why: /no matching policies/,
    },
  ];
  for (const c of cases) {
    const { status, body } = await mayRun({ image: c.image, bundles: c.bundles });
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.allowed, c.allowed, `${c.image} with ${c.bundles.length} bundle(s): ${body.summary}`);
    if (c.why) assert.match(body.summary, c.why);
    assert.deepEqual(body, await inNode(c.image, c.bundles), `${c.image}: the Worker and Node decide differently`);
  }
});

test('edge-worker: refuses bad requests with a reason, never an allow', { timeout: 120_000 }, async () => {
  const tag = await mayRun({ image: 'ghcr.io/sigstore-conformance/a-txt:latest', bundles: [signature] });
  assert.equal(tag.status, 400);
  assert.deepEqual([tag.body.allowed, tag.body.error.code], [false, 'DIGEST_REQUIRED']);
  const noBundles = await mayRun({ image: IMAGE });
  assert.equal(noBundles.status, 400);
  assert.match(noBundles.body.error.message, /"bundles" must be an array/);
  const notJson = await fetch(`${workerd.origin}/may-run`, { method: 'POST', body: '{' });
  assert.equal(notJson.status, 400);
  assert.match((await notJson.json()).error.message, /not JSON/);
  const badBundle = await mayRun({ image: IMAGE, bundles: [{ mediaType: 'nonsense' }] });
  assert.equal(badBundle.body.allowed, false, JSON.stringify(badBundle.body));
  const get = await fetch(`${workerd.origin}/may-run`);
  assert.equal(get.status, 405);
  assert.equal((await get.json()).allowed, false);
});
