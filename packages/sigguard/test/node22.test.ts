// Node 22 is a supported runtime. `npm run setup` installs Node 22 from the npm registry into
// .tools/node22 (the project itself runs on Node 24); this test runs the built package under
// both and requires the same answer for every committed vector, through ESM and CJS.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const node22 = `${repo}.tools/node22/node_modules/.bin/node`;
const probe = fileURLToPath(new URL('./runtime/verify-vectors.mjs', import.meta.url));

function run(nodeBinary: string): { node: string; cases: Record<string, string> } {
  return JSON.parse(execFileSync(nodeBinary, [probe], { encoding: 'utf8', timeout: 120_000 }));
}

test('the built package gives identical answers on Node 22 and Node 24 (ESM and CJS)', () => {
  assert.ok(existsSync(node22), `Node 22 is missing at ${node22}: run \`npm run setup\`, which installs it`);
  const on22 = run(node22);
  const on24 = run(process.execPath);
  assert.match(on22.node, /^v22\./);
  assert.match(on24.node, /^v24\./);

  const expected = JSON.parse(readFileSync(`${repo}test-vectors/expected.json`, 'utf8')) as {
    cases: { name: string; expected: { verified: boolean; code?: string } }[];
  };
  assert.ok(expected.cases.length >= 20, 'the vector table is not trivially small');
  for (const flavour of ['esm', 'cjs']) {
    for (const c of expected.cases) {
      const want = c.expected.verified ? 'verified' : c.expected.code;
      assert.equal(on24.cases[`${flavour}:${c.name}`], want, `Node 24 ${flavour} ${c.name}`);
    }
  }
  assert.deepEqual(on22.cases, on24.cases);
});
