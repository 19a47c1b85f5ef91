// Deno and Bun (both from npm: the `deno` and `bun` packages, devDependencies of sigguard) load the
// INSTALLED sigguard package through their own module resolution (node_modules, their export
// conditions `deno` and `bun`) and run packed-app/scenario.mjs: verifyBundle on every committed test
// vector and verifyImage on in-memory evidence with keyless, key, regexp and CUE policies. Their answers
// must equal Node's on the same installed packages, and Node's must be the vectors' expected ones.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { assertExpectedAnswer, runIn, writeApp, type ScenarioAnswer } from './packed-app/app.ts';
import { installPackedProject, packedProjectSkip, type PackedProject } from './support/packed-project.ts';

const bin = (name: string) => join(import.meta.dirname, '../node_modules/.bin', name);
const skip = packedProjectSkip();
if (skip) console.log(`# deno-bun: skipped: ${skip}`);

let project: PackedProject | undefined;
let nodeAnswer: ScenarioAnswer | undefined;
// Node, Deno and Bun run side by side (each waits on its own start-up); each test awaits its runtime's output.
let denoOut: Promise<string> | undefined;
let bunOut: Promise<string> | undefined;

before(async () => {
  if (skip) return;
  project = await installPackedProject('sigguard-deno-bun-');
  writeApp(project.dir);
  const started = (cmd: string, args: string[]) => {
    const out = runIn(project!.dir, cmd, args);
    out.catch(() => {}); // reported by the test that awaits it
    return out;
  };
  denoOut = existsSync(bin('deno')) ? started(bin('deno'), ['run', '--no-prompt', 'run.mjs']) : undefined;
  bunOut = existsSync(bin('bun')) ? started(bin('bun'), ['run.mjs']) : undefined;
  nodeAnswer = JSON.parse(await runIn(project.dir, process.execPath, ['run.mjs']));
});
after(() => project?.close());

test('Node: the installed package gives the expected answers', { skip }, () => {
  assertExpectedAnswer(nodeAnswer!);
});

// No permission flags: the scenario reads nothing but its static imports (input.json included).
test('Deno (npm package `deno`): same answers as Node', { skip, timeout: 600_000 }, async () => {
  assert.ok(existsSync(bin('deno')), 'pnpm installs the deno binary (package `deno`, onlyBuiltDependencies)');
  assert.deepEqual(JSON.parse(await denoOut!), nodeAnswer);
});

test('Bun (npm package `bun`): same answers as Node', { skip, timeout: 600_000 }, async () => {
  assert.ok(existsSync(bin('bun')), 'pnpm installs the bun binary (package `bun`, onlyBuiltDependencies)');
  assert.deepEqual(JSON.parse(await bunOut!), nodeAnswer);
});
