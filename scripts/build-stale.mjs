// Builds the workspace packages whose dist/ is missing or older than what it is built from
// (its own sources and build config, and those of the workspace packages it depends on, whose
// types and browser code are compiled in from source), quietly: one line on success, the
// build's whole output on failure. `npm test`, `npm run pack` and setup call it, so a stale
// dist is never tested or packed, and an up-to-date one is not rebuilt.
//   node scripts/build-stale.mjs [--all]     --all: rebuild every package
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// What a package's build reads besides src/: build config and the package manifest.
const BUILD_INPUTS = ['package.json', 'tsup.config.ts', 'tsconfig.json', 'scripts'];
const SHARED_INPUTS = ['tsconfig.base.json', 'pnpm-lock.yaml'];

// Not built from: unit tests and their data sit in src/ but are neither entry points nor imported
// by one, so editing a test does not rebuild its package and every package that depends on it.
const notBuilt = (name) => name === 'node_modules' || name === 'testdata' || name.endsWith('.test.ts');

/** Newest and oldest modification time (ms) of the files under `path` (a file or folder). */
function mtimes(path, acc = { newest: 0, oldest: Infinity }) {
  if (!existsSync(path)) return acc;
  const st = statSync(path);
  if (!st.isDirectory()) {
    acc.newest = Math.max(acc.newest, st.mtimeMs);
    acc.oldest = Math.min(acc.oldest, st.mtimeMs);
    return acc;
  }
  for (const e of readdirSync(path)) if (!notBuilt(e)) mtimes(join(path, e), acc);
  return acc;
}

/** Workspace packages that have a build script, with their workspace dependencies. */
export function buildablePackages(root = ROOT) {
  const dir = join(root, 'packages');
  const pkgs = new Map();
  for (const name of readdirSync(dir)) {
    const file = join(dir, name, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    if (!manifest.scripts?.build) continue;
    const deps = Object.keys(manifest.dependencies ?? {}).filter((d) =>
      manifest.dependencies[d].startsWith('workspace:'),
    );
    pkgs.set(manifest.name, { name: manifest.name, dir: join(dir, name), deps });
  }
  return pkgs;
}

/** Names of the packages whose dist is missing or older than any of their inputs. */
export function stalePackages(root = ROOT) {
  const pkgs = buildablePackages(root);
  const shared = Math.max(...SHARED_INPUTS.map((f) => mtimes(join(root, f)).newest));
  const ownInputs = (p) =>
    Math.max(mtimes(join(p.dir, 'src')).newest, ...BUILD_INPUTS.map((f) => mtimes(join(p.dir, f)).newest));
  const inputs = (p, seen = new Set()) => {
    if (seen.has(p.name)) return 0;
    seen.add(p.name);
    return Math.max(ownInputs(p), ...p.deps.map((d) => (pkgs.has(d) ? inputs(pkgs.get(d), seen) : 0)));
  };
  return [...pkgs.values()]
    .filter((p) => {
      const dist = mtimes(join(p.dir, 'dist'));
      return dist.oldest === Infinity || dist.oldest < Math.max(shared, inputs(p));
    })
    .map((p) => p.name);
}

function main() {
  const all = process.argv.includes('--all');
  const stale = all ? [...buildablePackages().keys()] : stalePackages();
  if (stale.length === 0) {
    console.log('build: every package is up to date');
    return;
  }
  const started = Date.now();
  // pnpm orders the filtered packages by their dependencies; one at a time (2-core machines).
  const filters = stale.flatMap((n) => ['--filter', n]);
  const r = spawnSync('pnpm', ['-r', '--workspace-concurrency=1', ...filters, 'run', 'build'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    process.stdout.write(r.stdout ?? '');
    process.stderr.write(r.stderr ?? '');
    console.error(`build: FAILED (${r.error?.message ?? `exit ${r.status}`})`);
    process.exit(1);
  }
  console.log(`build: built ${stale.join(', ')} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
