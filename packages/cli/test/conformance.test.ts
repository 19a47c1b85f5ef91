// sigstore-conformance bundle-verify suite, every case (70 cases x path/digest = 140), through the
// CLI's main() in this process with the command lines the suite's runner builds (the cases and
// their files come from the suite's manifest.json). conformance-runner.test.ts runs a sample
// through the suite's own runner against the BUILT CLI, one process per case, as the suite does.
// Skipped, with the reason printed, when ../shared (relative to the repository root) is not there.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  CONFORMANCE,
  conformanceCases,
  SKIP_NO_CONFORMANCE,
  type ConformanceCase,
} from './support/conformance-cases.ts';
import { runCliInProcess } from './support/run-cli-in-process.ts';

const skip = SKIP_NO_CONFORMANCE;
if (skip) console.log(`# conformance: skipped: ${skip}`);
const cases: ConformanceCase[] = skip ? [] : conformanceCases();

test('the manifest lists every case directory: 70 cases, each run with a path and a digest', { skip }, () => {
  const dirs = join(CONFORMANCE, 'test/assets/bundle-verify');
  const onDisk = readdirSync(dirs).filter((d) => existsSync(join(dirs, d, 'bundle.sigstore.json')));
  assert.deepEqual(cases.map((c) => c.name).sort(), onDisk.sort());
  assert.equal(cases.length, 70);
  const ids = cases.flatMap((c) => c.runs.map((r) => r.id));
  assert.equal(new Set(ids).size, 140);
  assert.equal(ids.filter((id) => id.startsWith('PATH-')).length, 70);
});

// One test per case: a case name ending in "fail" must exit non-zero, every other case 0 (the suite's rule).
for (const c of cases) {
  const expect = c.expectFail ? 'non-zero exit' : 'exit 0';
  test(`conformance ${c.name}: ${expect} with the artifact path and its digest`, async () => {
    for (const run of c.runs) {
      const r = await runCliInProcess(run.args);
      if (c.expectFail) assert.notEqual(r.code, 0, `${run.id} must fail but exited 0:\n${r.stdout}`);
      else assert.equal(r.code, 0, `${run.id} must pass:\n${r.stdout}\n${r.stderr}`);
    }
  });
}
