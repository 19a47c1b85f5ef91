// A scratch project with sigguard installed from its packed tarballs (scripts/pack.mjs, reused while
// nothing they are made from changed), by npm, offline: third-party packages come from the loopback
// registry of store-registry.ts. What runtime and bundler tests run against: the files users install.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStoreRegistry } from '@sigguard/test-vectors/support';

export const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

/** Why a packed-project test cannot run here (printed as its skip reason), or false. */
export function packedProjectSkip(): string | false {
  if (!existsSync(join(REPO, 'packages/sigguard/dist/browser/index.js')))
    return 'build the packages first (npm run build)';
  if (spawnSync('npm', ['--version']).status !== 0) return 'npm is not on PATH';
  return false;
}

export interface PackedProject {
  dir: string;
  close(): void;
}

/** Packs, starts the registry, `npm install`s every tarball into a new project folder under `prefix`. */
export async function installPackedProject(prefix: string): Promise<PackedProject> {
  const work = mkdtempSync(join(tmpdir(), prefix));
  type Pack = { packAllCached(out: string, cache: string): string[] };
  const { packAllCached } = (await import(join(REPO, 'scripts/pack.mjs'))) as Pack;
  const tarballs = packAllCached(join(work, 'pack'), join(REPO, 'node_modules/.cache/sigguard-pack'));
  mkdirSync(join(work, 'registry'));
  const registry = await startStoreRegistry(join(REPO, 'node_modules/.pnpm'), join(work, 'registry'));
  const dir = join(work, 'project');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
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
      execFile('npm', args, { cwd: dir, env, timeout: 400_000 }, (e, stdout, stderr) => {
        if (!e) return resolve();
        reject(new Error(`npm install failed (not served: ${[...registry.missing].join(', ')})\n${stdout}\n${stderr}`));
      });
    });
  } finally {
    await registry.close();
  }
  return { dir, close: () => rmSync(work, { recursive: true, force: true }) };
}
