// Runs every committed test vector through the BUILT sigguard package (ESM and CJS entry
// points) and prints one JSON line of outcomes. The Node 22 test runs this same file under
// Node 22 and Node 24 and requires identical answers: Node 22 is a supported runtime.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as esm from 'sigguard';

const require = createRequire(import.meta.url);
const cjs = require('sigguard');
const root = fileURLToPath(new URL('../../../../test-vectors/', import.meta.url));
const expected = JSON.parse(readFileSync(root + 'expected.json', 'utf8'));

function outcome(r) {
  if (r.ok) return 'verified';
  return r.checks.find((c) => c.status === 'fail')?.code ?? r.error?.code ?? 'failed without a failing check';
}

const out = { node: process.version, cases: {} };
for (const [flavour, api] of [
  ['esm', esm],
  ['cjs', cjs],
]) {
  const trustRoot = api.parseTrustedRoot(readFileSync(root + expected.trustedRoot, 'utf8'));
  for (const c of expected.cases) {
    const options = {
      trustRoot,
      now: new Date(c.verifyAt),
      artifact: new Uint8Array(readFileSync(root + c.artifact)),
      ...(c.identity ? { identities: [{ subject: c.identity.subject, issuer: c.identity.issuer }] } : {}),
      ...(c.key ? { keys: [api.publicKeyFromPem(readFileSync(root + c.key, 'utf8'))] } : {}),
    };
    const result = await api.verifyBundle(readFileSync(root + c.bundle, 'utf8'), options);
    out.cases[`${flavour}:${c.name}`] = outcome(result);
  }
}
process.stdout.write(JSON.stringify(out) + '\n');
