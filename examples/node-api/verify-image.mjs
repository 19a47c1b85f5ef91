// Decide with the sigguard API whether an image may run, from files only (no network):
//   node verify-image.mjs IMAGE@sha256:... POLICY.yaml TRUSTED_ROOT.json BUNDLE.json...
// POLICY.yaml holds ClusterImagePolicy (and TrustRoot) documents; the bundles are the
// image's Sigstore bundles (signatures and attestations alike).
import { readFile } from 'node:fs/promises';
import { verifyImage } from 'sigguard';

const [image, policyFile, trustedRootFile, ...bundleFiles] = process.argv.slice(2);
if (!image || !policyFile || !trustedRootFile) {
  console.error('usage: node verify-image.mjs IMAGE@sha256:... POLICY.yaml TRUSTED_ROOT.json [BUNDLE.json...]');
  process.exit(2);
}

const decision = await verifyImage(image, {
  policies: await readFile(policyFile, 'utf8'),
  defaultTrustRoot: await readFile(trustedRootFile, 'utf8'),
  evidence: { bundles: await Promise.all(bundleFiles.map((f) => readFile(f, 'utf8'))) },
});

console.log(decision.summary);
for (const w of decision.warnings) console.warn(`warning: ${w}`);
// Walk the tree to show why: each policy, authority, piece of evidence and failed check.
function show(node, depth) {
  if (node.kind === 'check' && node.status !== 'fail') return;
  console.log(`${'  '.repeat(depth)}${node.status === 'pass' ? '✓' : '✗'} ${node.kind} ${node.name}: ${node.reason}`);
  for (const child of node.children) show(child, depth + 1);
}
for (const p of decision.policies) show(p, 1);
process.exitCode = decision.allowed ? 0 : 1;
