// A user's bundler, default settings, on the INSTALLED sigguard package (packed tarballs in a scratch
// project): esbuild (`--bundle --platform=browser --format=esm`), Vite (`vite build`, no config file)
// and webpack 5 (no config file, `--target web`) each bundle packed-app's small application, which
// imports verifyBundle/verifyImage from 'sigguard' and nothing else: no aliases, defines or injects.
// Each bundle then runs in headless Chromium (network off but loopback) and must give Node's answers
// on every committed test vector and every verifyImage case (keyless, key, regexp, CUE), and Node's
// must be the expected ones. The browser graph must hold no Node builtin and no Node-only entry point.
// One Chromium for the three bundles: each is served from its own loopback origin and loaded by navigating the
// page there (a new document, new globals, its own origin's storage).
// webpack runs with its own persistent cache (`--cache-type filesystem`, node_modules/.cache/sigguard-webpack):
// the same output bytes, but terser's minification of the multi-megabyte CUE chunk (most of webpack's time)
// is redone only when that chunk changed.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import { after, before, test } from 'node:test';
import {
  type LoopbackServer,
  type OfflinePage,
  openOfflinePage,
  serveStatic,
  type StaticFile,
} from '@sigguard/test-vectors/support/chromium';
import { assertExpectedAnswer, page, runIn, writeApp, type ScenarioAnswer } from './packed-app/app.ts';
import type { ScenarioInput } from './packed-app/inputs.ts';
import { installPackedProject, packedProjectSkip, REPO, type PackedProject } from './support/packed-project.ts';

const bin = (pkgDir: string, name: string) => join(REPO, pkgDir, 'node_modules/.bin', name);
const skip = packedProjectSkip();
if (skip) console.log(`# bundlers-chromium: skipped: ${skip}`);

let project: PackedProject | undefined;
let input: ScenarioInput | undefined;
let nodeAnswer: ScenarioAnswer | undefined;

type Bundler = 'esbuild' | 'vite' | 'webpack';
// What each bundler's origin serves (filled when its bundle is built; the server reads the map per request).
const sites: Record<Bundler, Map<string, StaticFile>> = { esbuild: new Map(), vite: new Map(), webpack: new Map() };
const servers = new Map<Bundler, LoopbackServer>();
let browser: OfflinePage | undefined;

before(async () => {
  if (skip) return;
  project = await installPackedProject('sigguard-bundlers-');
  input = writeApp(project.dir);
  const node = runIn(project.dir, process.execPath, ['run.mjs']);
  for (const [name, files] of Object.entries(sites)) servers.set(name as Bundler, await serveStatic(files));
  const [first, ...others] = [...servers.values()].map((s) => s.origin);
  browser = await openOfflinePage(first!, others);
  nodeAnswer = JSON.parse(await node);
});
after(async () => {
  await browser?.close();
  for (const server of servers.values()) await server.close();
  project?.close();
});

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html', '.map': 'application/json' };

/** Every file under `dir` at `/` + its path, plus `/index.html` when the bundler wrote none. */
function served(dir: string, indexHtml?: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!statSync(join(dir, name)).isFile()) continue;
    const path = `/${name.split(sep).join('/')}`;
    files.set(path, { type: TYPES[extname(path)] ?? 'application/octet-stream', body: readFileSync(join(dir, name)) });
  }
  if (indexHtml) files.set('/index.html', { type: 'text/html', body: indexHtml });
  files.set('/favicon.ico', { type: 'image/x-icon', body: new Uint8Array(0) });
  return files;
}

/** Serves the bundle at its bundler's origin, loads its page in the Chromium and runs the scenario there. */
async function answerInChromium(bundler: Bundler, files: Map<string, StaticFile>): Promise<ScenarioAnswer> {
  for (const [path, file] of files) sites[bundler].set(path, file);
  const { page, blocked } = browser!;
  const blockedBefore = blocked.length;
  await page.goto(`${servers.get(bundler)!.origin}/index.html`);
  await page.waitForFunction(
    () => typeof (globalThis as { runSigguardScenario?: unknown }).runSigguardScenario === 'function',
  );
  const globals = () =>
    page.evaluate(() => [
      typeof (globalThis as { Buffer?: unknown }).Buffer,
      typeof (globalThis as { process?: unknown }).process,
    ]);
  assert.deepEqual(
    await globals(),
    ['undefined', 'undefined'],
    'importing sigguard defines no Buffer or process global',
  );
  const answer = (await page.evaluate(async (i) => {
    const run = (globalThis as unknown as { runSigguardScenario(i: unknown): Promise<unknown> }).runSigguardScenario;
    return run(i);
  }, input)) as ScenarioAnswer;
  assert.deepEqual(blocked.slice(blockedBefore), [], 'the page tried to reach the network');
  // cue-wasm's Go runtime (wasm_exec.js) defines a stub `process` when CUE first runs; Buffer stays module-local.
  assert.equal((await globals())[0], 'undefined', 'the page has no Buffer global after verifying');
  return answer;
}

test('Node: the installed package gives the expected answers', { skip }, () => {
  assertExpectedAnswer(nodeAnswer!);
});

// Inputs of the browser graph that must never be in it: Node builtins, modules esbuild replaced by an
// empty one, and the Node-only entry points of the packages (./node, index-node, worker evaluators).
const NODE_ONLY = /^node:|^\(disabled\)|\/dist\/node[./]|\/dist\/node\/|index-node\.|worker-evaluator/;
const BUILTIN =
  /^(fs|path|os|crypto|util|child_process|worker_threads|module|url|zlib|stream|buffer|events|http|https|net)(\/|$)/;

test('esbuild --bundle --platform=browser --format=esm: Chromium answers as Node', {
  skip,
  timeout: 900_000,
}, async () => {
  const dir = project!.dir;
  const esbuild = join(REPO, 'node_modules/.bin/esbuild');
  await runIn(dir, esbuild, [
    'main.js',
    '--bundle',
    '--platform=browser',
    '--format=esm',
    '--outdir=out-esbuild',
    '--metafile=esbuild-meta.json',
    '--log-level=warning',
  ]);
  const inputs = Object.keys(JSON.parse(readFileSync(join(dir, 'esbuild-meta.json'), 'utf8')).inputs as object);
  assert.ok(
    inputs.some((f) => f.includes('node_modules/sigguard/dist/browser/')),
    `the browser build of sigguard is used: ${inputs.join(', ')}`,
  );
  assert.deepEqual(
    inputs.filter((f) => NODE_ONLY.test(f) || BUILTIN.test(f)),
    [],
    'Node-only modules in the browser graph',
  );
  assert.deepEqual(
    await answerInChromium('esbuild', served(join(dir, 'out-esbuild'), page('/main.js', 'module'))),
    nodeAnswer,
  );
});

test('vite build (default config): Chromium answers as Node', { skip, timeout: 900_000 }, async () => {
  const dir = project!.dir;
  const log = await runIn(dir, bin('packages/sigguard', 'vite'), ['build', '--outDir', 'out-vite']);
  assert.doesNotMatch(
    log,
    /externalized for browser compatibility|Could not resolve|node:/,
    'Vite found Node builtins',
  );
  assert.deepEqual(await answerInChromium('vite', served(join(dir, 'out-vite'))), nodeAnswer);
});

test('webpack 5 (no config, --target web): Chromium answers as Node', { skip, timeout: 900_000 }, async () => {
  const dir = project!.dir;
  const cache = join(REPO, 'node_modules/.cache/sigguard-webpack');
  // Each run adds its project's module entries (a few MB; the project's path differs per run): start over past 300 MB.
  const cacheBytes = (existsSync(cache) ? readdirSync(cache, { recursive: true, encoding: 'utf8' }) : [])
    .map((f) => statSync(join(cache, f)))
    .reduce((n, st) => n + (st.isFile() ? st.size : 0), 0);
  if (cacheBytes > 300 << 20) rmSync(cache, { recursive: true, force: true });
  const log = await runIn(dir, bin('packages/sigguard', 'webpack'), [
    '--target',
    'web',
    '--output-path',
    'out-webpack',
    '--cache-type',
    'filesystem',
    '--cache-cache-directory',
    cache,
    '--json=webpack-stats.json',
  ]);
  assert.doesNotMatch(log, /Module not found|Can't resolve/, 'webpack could not resolve a module');
  const stats = JSON.parse(readFileSync(join(dir, 'webpack-stats.json'), 'utf8')) as {
    modules?: { name: string }[];
    errors?: unknown[];
  };
  assert.deepEqual(stats.errors ?? [], []);
  const modules = (stats.modules ?? []).map((m) => m.name);
  assert.ok(
    modules.some((m) => m.includes('node_modules/sigguard/dist/browser/')),
    'the browser build of sigguard is used',
  );
  assert.deepEqual(
    modules.filter((m) => NODE_ONLY.test(m) || /^(external |ignored )?["']?node:/.test(m)),
    [],
    'Node-only modules',
  );
  writeFileSync(join(dir, 'out-webpack/index.html'), page('/main.js', 'classic'));
  assert.deepEqual(await answerInChromium('webpack', served(join(dir, 'out-webpack'))), nodeAnswer);
});
