// The small application the runtime and bundler tests build and run in a scratch project where sigguard
// is installed from its tarballs: scenario.mjs (imports only 'sigguard'), an entry for each bundler's
// default layout (main.js for esbuild, index.html for Vite, src/index.js for webpack), run.mjs for
// runtimes that load modules themselves (Node, Deno, Bun), and the scenario's input as input.json.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenarioInput, type ScenarioInput } from './inputs.ts';

const VECTORS = join(import.meta.dirname, '../../../../test-vectors');

export interface ScenarioAnswer {
  bundles: Record<string, { ok: boolean; code?: string; checks: string[] }>;
  images: Record<string, { allowed: boolean; matched: string[]; policies: unknown[] }>;
}

/** Writes the app into `dir`; returns the scenario's input. */
export function writeApp(dir: string): ScenarioInput {
  const input = scenarioInput();
  copyFileSync(join(import.meta.dirname, 'scenario.mjs'), join(dir, 'scenario.mjs'));
  writeFileSync(join(dir, 'input.json'), JSON.stringify(input));
  const entry = (from: string) =>
    `import { runScenario } from '${from}';\nglobalThis.runSigguardScenario = runScenario;\n`;
  writeFileSync(join(dir, 'main.js'), entry('./scenario.mjs'));
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'src/index.js'), entry('../scenario.mjs'));
  writeFileSync(join(dir, 'index.html'), page('./main.js', 'module'));
  writeFileSync(
    join(dir, 'run.mjs'),
    "import input from './input.json' with { type: 'json' };\nimport { runScenario } from './scenario.mjs';\n" +
      'console.log(JSON.stringify(await runScenario(input)));\n',
  );
  return input;
}

/** A page loading `script` (as an ES module or a classic script). */
export function page(script: string, type: 'module' | 'classic'): string {
  const kind = type === 'module' ? ' type="module"' : '';
  return `<!doctype html>\n<meta charset="utf-8">\n<title>sigguard</title>\n<script${kind} src="${script}"></script>\n`;
}

/** Runs `cmd args` in `dir` (not blocking this process); resolves with its stdout, rejects with its output. */
export function runIn(dir: string, cmd: string, args: string[], timeout = 600_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, NO_COLOR: '1' };
    execFile(cmd, args, { cwd: dir, env, timeout, maxBuffer: 64 << 20, encoding: 'utf8' }, (e, stdout, stderr) => {
      if (e) reject(new Error(`${cmd} ${args.join(' ')} failed: ${e.message}\n${stdout}\n${stderr}`));
      else resolve(stdout + stderr);
    });
  });
}

/** The answer must be right, not only equal across runtimes: Node's is checked against the vectors' expectations. */
export function assertExpectedAnswer(answer: ScenarioAnswer): void {
  const expected = JSON.parse(readFileSync(join(VECTORS, 'expected.json'), 'utf8')) as {
    cases: { name: string; expected: { verified: boolean; code?: string } }[];
  };
  for (const c of expected.cases) {
    const got = answer.bundles[c.name];
    assert.deepEqual({ ok: got?.ok, code: got?.code }, { ok: c.expected.verified, code: c.expected.code }, c.name);
  }
  const allowed = Object.fromEntries(Object.entries(answer.images).map(([name, d]) => [name, d.allowed]));
  assert.deepEqual(allowed, {
    'keyless, exact identity': true,
    'keyless, regexp identity': true,
    'keyless, another signer': false,
    'keyless, another digest': false,
    'key authority': true,
    'key authority, another key': false,
    'CUE attestation, satisfied': true,
    'CUE attestation, violated': false,
  });
}
