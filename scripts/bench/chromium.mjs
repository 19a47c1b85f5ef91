// Warm verification in headless Chromium: the built dist/sigguard.browser.js next to plain @sigstore/verify
// bundled (into a temporary directory) on the very same shims by packages/browser/scripts/bundle.mjs, in one page,
// interleaved blocks, every verdict checked.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, ms, p95, ratio, table } from './stats.mjs';

function peerEntry(repo) {
  const fromVerify = createRequire(join(repo, 'packages/verify/package.json'));
  const fromSigstore = createRequire(fromVerify.resolve('@sigstore/verify'));
  const at = (req, name) => JSON.stringify(req.resolve(name));
  return `import { Verifier, toSignedEntity, toTrustMaterial } from ${at(fromVerify, '@sigstore/verify')};
import { bundleFromJSON } from ${at(fromVerify, '@sigstore/bundle')};
import { crypto } from ${at(fromVerify, '@sigstore/core')};
import { TrustedRoot } from ${at(fromSigstore, '@sigstore/protobuf-specs')};
export function verifier(c) {
  const root = TrustedRoot.fromJSON(JSON.parse(c.trustedRoot));
  let keys;
  if (c.keyPem) {
    const publicKey = crypto.createPublicKey(c.keyPem);
    keys = () => ({ publicKey, validFor: () => true });
  }
  const v = new Verifier(toTrustMaterial(root, keys));
  const artifact = Buffer.from(c.artifactBase64, 'base64');
  const policy = c.keyPem ? undefined : { subjectAlternativeName: c.subject, extensions: { issuer: c.issuer } };
  return (text) => {
    try {
      v.verify(toSignedEntity(bundleFromJSON(JSON.parse(text)), artifact), policy);
      return true;
    } catch {
      return false;
    }
  };
}
`;
}

// Runs in the page.
async function inPage({ cases, calls, blocks }) {
  const sg = await import('/sigguard.browser.js');
  const peer = await import('/peer.browser.js');
  const bytes = (b64) => Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
  const roots = new Map();
  const fns = cases.map((c) => {
    if (!roots.has(c.trustedRoot)) roots.set(c.trustedRoot, sg.parseTrustedRoot(c.trustedRoot));
    const o = { trustRoot: roots.get(c.trustedRoot), artifact: bytes(c.artifactBase64) };
    if (c.now) o.now = new Date(c.now);
    if (c.keyPem) o.keys = [sg.publicKeyFromPem(c.keyPem)];
    else o.identities = sg.compileIdentities([{ subject: c.subject, issuer: c.issuer }]);
    // sigguard's browser API: the async verifyBundle, which uses WebCrypto where it can check a signature.
    return { sigguard: async (t) => (await sg.verifyBundle(t, o)).ok, peer: peer.verifier(c) };
  });
  const out = cases.map(() => ({ sigguard: [], peer: [] }));
  const per = Math.max(1, Math.round(calls / blocks));
  for (const [i, c] of cases.entries())
    for (const s of ['sigguard', 'peer']) for (let k = 0; k < 3; k++) await fns[i][s](c.bundle);
  for (let b = 0; b < blocks; b++) {
    const order = b % 2 ? ['peer', 'sigguard'] : ['sigguard', 'peer'];
    for (const [i, c] of cases.entries()) {
      for (const s of order) {
        for (let k = 0; k < per; k++) {
          const t = performance.now();
          const ok = await fns[i][s](c.bundle);
          out[i][s].push(performance.now() - t);
          if (!ok) throw new Error(`${s} rejected the valid bundle ${c.name} in Chromium`);
        }
      }
    }
  }
  return out;
}

export async function chromium(repo, cases, { calls, blocks }) {
  const built = join(repo, 'packages/browser/dist/sigguard.browser.js');
  const { bundle } = await import(pathToFileURL(join(repo, 'packages/browser/scripts/bundle.mjs')).href);
  const { serveStatic, bundleFiles, openOfflinePage } = await import('@sigguard/test-vectors/support/chromium');
  const tmp = mkdtempSync(join(tmpdir(), 'sigguard-bench-browser-'));
  try {
    writeFileSync(join(tmp, 'peer-entry.mjs'), peerEntry(repo));
    const report = await bundle({ entry: join(tmp, 'peer-entry.mjs'), outfile: join(tmp, 'peer.browser.js') });
    const sgReport = JSON.parse(readFileSync(join(repo, 'packages/browser/dist/sigguard.browser.report.json'), 'utf8'));
    const js = (body) => ({ type: 'text/javascript', body });
    const server = await serveStatic(
      new Map([
        ['/index.html', { type: 'text/html', body: '<!doctype html><title>bench</title>' }],
        ...bundleFiles(dirname(built)), // the entry and its on-demand chunks
        ['/peer.browser.js', js(readFileSync(join(tmp, 'peer.browser.js')))],
      ]),
    );
    const page = await openOfflinePage(server.origin);
    let out;
    try {
      const plain = cases.map((c) => ({
        name: c.name,
        bundle: c.bundle.toString('utf8'),
        artifactBase64: c.artifact.toString('base64'),
        trustedRoot: readFileSync(c.trustedRootPath, 'utf8'),
        subject: c.subject,
        issuer: c.issuer,
        keyPem: c.keyPem,
        now: c.now?.toISOString(),
      }));
      out = await page.page.evaluate(inPage, { cases: plain, calls, blocks });
    } finally {
      await page.close();
      await server.close();
    }
    const rows = [['bundle', 'sigguard median', 'p95', 'peer median', 'p95', 'sigguard/peer']];
    for (const [i, c] of cases.entries()) {
      const { sigguard: s, peer: p } = out[i];
      rows.push([c.name, ms(median(s)), ms(p95(s)), ms(median(p)), ms(p95(p)), ratio(median(s), median(p))]);
    }
    const all = (side) => out.flatMap((x) => x[side]);
    const pooled = { sigguard: median(all('sigguard')), peer: median(all('peer')) };
    rows.push([
      'POOLED',
      ms(pooled.sigguard),
      ms(p95(all('sigguard'))),
      ms(pooled.peer),
      ms(p95(all('peer'))),
      ratio(pooled.sigguard, pooled.peer),
    ]);
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    console.log(`\nChromium warm verifyBundle (${calls} calls per side per bundle, ${blocks} blocks)`);
    console.log(
      `  bundles gzip -9: sigguard ${kb(sgReport.gzip)} (built dist), peer on the same shims ${kb(report.gzip)}`,
    );
    table(rows);
    return { ...pooled, gzip: sgReport.gzip, peerGzip: report.gzip };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
