// The sigstore-conformance suite's own runner (../shared) against the BUILT CLI, one process per
// case as the suite starts its client, on a sample that uses every part of the protocol: --key,
// --certificate-identity/--certificate-oidc-issuer, --trusted-root, the default trust root,
// message signatures and DSSE, passing and failing cases, path and digest. conformance.test.ts
// runs all 140 in-process. Skipped, with the reason printed, when ../shared is not there.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CONFORMANCE, conformanceCases, SKIP_NO_CONFORMANCE } from './support/conformance-cases.ts';

const runner = join(CONFORMANCE, 'run-conformance.mjs');
const cli = join(import.meta.dirname, '..', 'bin', 'sigguard.mjs');
const skip = SKIP_NO_CONFORMANCE;
if (skip) console.log(`# conformance-runner: skipped: ${skip}`);

// managed-key-*: a key, a key with a trusted root, identity flags on a key-only bundle, a wrong key;
// rekor2-dsse-happy-path: a DSSE envelope in a Rekor v2 entry under the case's trusted root.
const SAMPLES = ['managed-key', 'rekor2-dsse-happy-path'];

function runConformance(only: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  // No --conditions here: the child runs the built dist, as users do.
  const args = [runner, '--client', `"${process.execPath}" "${cli}"`, '--jobs', '2', '--only', only];
  return new Promise((done) => {
    execFile(process.execPath, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (e, stdout, stderr) => {
      done({ status: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

for (const only of SAMPLES) {
  test(`sigstore-conformance runner, cases *${only}*: every one passes, none xfail`, {
    skip,
    timeout: 300_000,
  }, async () => {
    const built = existsSync(join(import.meta.dirname, '..', 'dist', 'cli.js'));
    assert.ok(built, 'the CLI is not built: run `pnpm -r build` (npm test does)');
    const expected = conformanceCases()
      .filter((c) => c.name.includes(only))
      .flatMap((c) => c.runs.map((r) => r.id));
    assert.ok(expected.length >= 2, `sample ${only}: ${expected.length} runs`);
    const r = await runConformance(only);
    const lines = r.stdout.trim().split('\n');
    const failures = lines.filter((l) => /^(FAIL|XPASS|XFAIL)/.test(l));
    assert.deepEqual(failures, [], `conformance failures:\n${failures.join('\n')}\n${r.stderr}`);
    const passed = lines.filter((l) => l.startsWith('ok ')).map((l) => l.slice(2).trim());
    assert.deepEqual(passed.sort(), expected.sort());
    assert.equal(lines.at(-1), `${expected.length} passed, 0 failed`);
    assert.equal(r.status, 0);
  });
}
