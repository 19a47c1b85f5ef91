// `npm run pack [-- --out DIR]`: installable tarballs of every public package in one folder
// (default pack/). pnpm's pack turns `workspace:*` into the packages' versions; then each
// tarball is finished for users outside this repository:
//   - exports lose the in-repo `@sigguard/source` condition (it maps entry points to src/*.ts,
//     which Node refuses to strip under node_modules and tsc refuses with TS5097),
//   - devDependencies go (they name the private test-vectors package, which no registry has),
//   - LICENSE (the repository's) is added,
//   - README links to files that are not in the tarball point at the repository instead.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SOURCE_CONDITION = '@sigguard/source';

function stripCondition(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== SOURCE_CONDITION)
      .map(([k, v]) => [k, stripCondition(v)]),
  );
}

/** `git+https://host/owner/repo.git` → `https://host/owner/repo` (for README links). */
function repositoryWebUrl(manifest) {
  const url = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  if (!url) throw new Error(`${manifest.name}: package.json has no repository url`);
  return url.replace(/^git\+/, '').replace(/\.git$/, '');
}

/**
 * Markdown links in a package README, relative to `pkgPath` (the package's folder in the
 * repository), that do not resolve inside the unpacked tarball `unpacked`, become links into
 * the repository at `web`.
 */
export function rewriteReadmeLinks(text, { unpacked, pkgPath, web }) {
  return text.replace(/\]\(([^)\s]+)\)/g, (whole, target) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) return whole;
    const [path, anchor = ''] = target.split(/(?=#)/);
    if (existsSync(join(unpacked, path))) return whole;
    const repoPath = posix.normalize(posix.join(pkgPath, path)).replace(/\/$/, '');
    const isDir = existsSync(join(ROOT, repoPath)) && statSync(join(ROOT, repoPath)).isDirectory();
    const link = repoPath === '.' ? web : `${web}/${isDir ? 'tree' : 'blob'}/main/${repoPath}`;
    return `](${link}${anchor})`;
  });
}

function finish(tarball, pkgDir, work) {
  const unpackDir = join(work, 'unpack');
  rmSync(unpackDir, { recursive: true, force: true });
  mkdirSync(unpackDir);
  execFileSync('tar', ['-xzf', tarball, '-C', unpackDir]);
  const pkg = join(unpackDir, 'package');
  const manifestFile = join(pkg, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  manifest.exports = stripCondition(manifest.exports);
  delete manifest.devDependencies;
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  cpSync(join(ROOT, 'LICENSE'), join(pkg, 'LICENSE'));
  const readme = join(pkg, 'README.md');
  if (existsSync(readme)) {
    const pkgPath = relative(ROOT, pkgDir).split('\\').join('/');
    const text = rewriteReadmeLinks(readFileSync(readme, 'utf8'), {
      unpacked: pkg,
      pkgPath,
      web: repositoryWebUrl(manifest),
    });
    writeFileSync(readme, text);
  }
  // Same layout as npm's tarballs: one top-level package/ folder, no owner names, sorted.
  execFileSync('tar', [
    '-czf',
    tarball,
    '--sort=name',
    '--owner=0',
    '--group=0',
    '--numeric-owner',
    '-C',
    unpackDir,
    'package',
  ]);
  rmSync(unpackDir, { recursive: true, force: true });
}

// Never in a tarball (see the packages' "files"): tests, their data and installed dependencies.
const NOT_PACKED = (name) =>
  name === 'node_modules' || name === 'test' || name === 'testdata' || name.endsWith('.test.ts');

/**
 * A hash of everything packing reads: every file of every package folder that can be in a tarball,
 * the workspace manifests and lockfile, LICENSE and this script. Equal hashes, equal tarballs.
 */
function inputsHash() {
  const hash = createHash('sha256');
  const add = (path) => {
    const st = statSync(path);
    if (st.isDirectory()) {
      for (const e of readdirSync(path).sort()) if (!NOT_PACKED(e)) add(join(path, e));
    } else {
      hash.update(`${relative(ROOT, path)}\0${st.size}\0`).update(readFileSync(path));
    }
  };
  for (const f of ['packages', 'package.json', 'pnpm-workspace.yaml', 'pnpm-lock.yaml', 'LICENSE']) add(join(ROOT, f));
  add(fileURLToPath(import.meta.url));
  return hash.digest('hex').slice(0, 32);
}

/**
 * Like packAll, but reuses the tarballs of an earlier call with the same inputs, kept in
 * `cacheDir` (one set: a new one replaces the old). Tests use it: packing runs pnpm at most once per
 * test file that packs (at the same time) in a run, and not at all when nothing changed since the last run.
 */
export function packAllCached(out, cacheDir) {
  const key = inputsHash();
  const cached = join(cacheDir, key);
  if (!existsSync(cached)) {
    // Several test files pack at once (each in its own process): each packs into its own folder and the
    // first to finish publishes it; a set is only ever complete or absent.
    mkdirSync(cacheDir, { recursive: true });
    const fresh = mkdtempSync(join(cacheDir, 'packing-'));
    try {
      packAll(fresh);
      try {
        renameSync(fresh, cached);
      } catch (e) {
        if (!existsSync(cached)) throw e; // else another process published the same set first
      }
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
    // Older sets go, and folders of packing runs that were stopped (an hour old), not others' runs.
    for (const e of readdirSync(cacheDir)) {
      const old = e.startsWith('packing-') ? Date.now() - statSync(join(cacheDir, e)).mtimeMs > 3_600_000 : e !== key;
      if (old) rmSync(join(cacheDir, e), { recursive: true, force: true });
    }
  }
  mkdirSync(out, { recursive: true });
  return readdirSync(cached)
    .sort()
    .map((f) => {
      cpSync(join(cached, f), join(out, f));
      return join(out, f);
    });
}

/** Packs every public package into `out`; returns the tarball paths. Packages must be built. */
export function packAll(out) {
  mkdirSync(out, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'sigguard-pack-'));
  try {
    const raw = join(work, 'raw');
    const dirs = new Map();
    for (const d of readdirSync(join(ROOT, 'packages'))) {
      const file = join(ROOT, 'packages', d, 'package.json');
      if (!existsSync(file)) continue;
      const m = JSON.parse(readFileSync(file, 'utf8'));
      if (!m.private)
        dirs.set(`${m.name.replace(/^@/, '').replace('/', '-')}-${m.version}.tgz`, join(ROOT, 'packages', d));
    }
    // Only the public packages: pnpm's recursive pack would pack private ones (test tooling) too.
    const filters = [...dirs.values()].flatMap((dir) => ['--filter', `./${relative(ROOT, dir)}`]);
    execFileSync('pnpm', ['-r', ...filters, 'pack', '--pack-destination', raw], { cwd: ROOT, stdio: 'ignore' });
    const tarballs = [];
    for (const file of readdirSync(raw)) {
      const pkgDir = dirs.get(file);
      if (!pkgDir) throw new Error(`pnpm pack wrote ${file}, which is no public package`);
      const tarball = join(out, file);
      cpSync(join(raw, file), tarball);
      finish(tarball, pkgDir, work);
      tarballs.push(tarball);
    }
    return tarballs.sort();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function main() {
  const i = process.argv.indexOf('--out');
  const out = resolve(i > 0 ? process.argv[i + 1] : join(ROOT, 'pack'));
  execFileSync(process.execPath, [join(dirname(fileURLToPath(import.meta.url)), 'build-stale.mjs')], {
    stdio: 'inherit',
  });
  const tarballs = packAll(out);
  console.log(`pack: ${tarballs.length} tarballs in ${relative(process.cwd(), out) || '.'}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
