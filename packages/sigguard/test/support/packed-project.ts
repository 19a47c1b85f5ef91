// A scratch project with sigguard installed from its packed tarballs (scripts/pack.mjs, reused while
// nothing they are made from changed), by npm, offline: third-party packages come from the loopback
// registry of store-registry.ts. What runtime and bundler tests run against: the files users install.
// Inside a `npm test` run (scripts/run-tests.mjs sets SIGGUARD_TEST_RUN_DIR) the project is installed once
// for the whole run, by whichever test file asks first, and each test file works in its own folder inside it
// (Node, Deno, Bun, tsc and the bundlers find the packages in the project's node_modules above it); the run
// removes it. A test file run on its own installs a project of its own and removes it on close().
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startStoreRegistry } from '@sigguard/test-vectors/support';

export const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

/** The folder of the run's shared project (removed by scripts/run-tests.mjs with the run's TMPDIR). */
export const SHARED_PROJECT = 'packed-project';

/** Why a packed-project test cannot run here (printed as its skip reason), or false. */
export function packedProjectSkip(): string | false {
  if (!existsSync(join(REPO, 'packages/sigguard/dist/browser/index.js')))
    return 'build the packages first (npm run build)';
  if (spawnSync('npm', ['--version']).status !== 0) return 'npm is not on PATH';
  return false;
}

export interface PackedProject {
  /** This test file's own folder, inside the project. */
  dir: string;
  /** The project: package.json and node_modules with the installed tarballs. */
  root: string;
  /** The tarballs installed, one per public package. */
  tarballs: string[];
  close(): void;
}

interface Installed {
  root: string;
  tarballs: string[];
}

/** Packs, starts the registry, `npm install`s every tarball into a new project folder `work/project`. */
async function install(work: string): Promise<Installed> {
  type Pack = { packAllCached(out: string, cache: string): string[] };
  const { packAllCached } = (await import(join(REPO, 'scripts/pack.mjs'))) as Pack;
  const tarballs = packAllCached(join(work, 'pack'), join(REPO, 'node_modules/.cache/sigguard-pack'));
  mkdirSync(join(work, 'registry'));
  const registry = await startStoreRegistry(join(REPO, 'node_modules/.pnpm'), join(work, 'registry'));
  const root = join(work, 'project');
  mkdirSync(root);
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: 'scratch', version: '1.0.0', private: true, type: 'module' }),
  );
  const args = [
    'install',
    '--no-audit',
    '--no-fund',
    '--registry',
    registry.url,
    '--cache',
    join(work, 'npm-cache'),
    ...tarballs,
  ];
  try {
    await new Promise<void>((resolve, reject) => {
      const env = { ...process.env, npm_config_update_notifier: 'false' };
      execFile('npm', args, { cwd: root, env, timeout: 400_000 }, (e, stdout, stderr) => {
        if (!e) return resolve();
        reject(new Error(`npm install failed (not served: ${[...registry.missing].join(', ')})\n${stdout}\n${stderr}`));
      });
    });
  } finally {
    await registry.close();
  }
  rmSync(join(work, 'npm-cache'), { recursive: true, force: true });
  return { root, tarballs };
}

/**
 * The run's project: the first caller creates `shared` (mkdir is atomic: one process wins), installs and
 * writes `result.json` (the project or the install's error); every other caller waits for that file.
 */
async function installShared(shared: string): Promise<Installed> {
  const result = join(shared, 'result.json');
  let first = true;
  try {
    mkdirSync(shared);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    first = false;
  }
  if (first) {
    let outcome: { installed?: Installed; error?: string };
    try {
      outcome = { installed: await install(shared) };
    } catch (e) {
      outcome = { error: (e as Error).message };
    }
    writeFileSync(`${result}.part`, JSON.stringify(outcome));
    // Renamed into place: a waiter reads the whole file or none.
    renameSync(`${result}.part`, result);
  }
  const deadline = Date.now() + 600_000;
  while (!existsSync(result)) {
    if (Date.now() > deadline) throw new Error(`the run's packed project (${shared}) was not installed in 10 minutes`);
    await sleep(250);
  }
  const outcome = JSON.parse(readFileSync(result, 'utf8')) as { installed?: Installed; error?: string };
  if (!outcome.installed) throw new Error(`the run's packed project failed to install: ${outcome.error}`);
  return outcome.installed;
}

/** The packed project (the run's, or one of this file's own) and a new folder for this test file in it. */
export async function installPackedProject(prefix: string): Promise<PackedProject> {
  const runDir = process.env.SIGGUARD_TEST_RUN_DIR;
  if (runDir && existsSync(runDir)) {
    const { root, tarballs } = await installShared(join(runDir, SHARED_PROJECT));
    const dir = mkdtempSync(join(root, prefix));
    return { dir, root, tarballs, close: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const work = mkdtempSync(join(tmpdir(), prefix));
  try {
    const { root, tarballs } = await install(work);
    const dir = mkdtempSync(join(root, prefix));
    return { dir, root, tarballs, close: () => rmSync(work, { recursive: true, force: true }) };
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
}
