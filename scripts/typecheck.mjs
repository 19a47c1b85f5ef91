// Typecheck of the workspace (tsc -p tsconfig.json, incremental), skipped when nothing it reads has changed since
// the last clean check here. tsc --incremental re-parses all ~1,100 files even when nothing changed (about 8 CPU-s,
// most of it on one core before any test starts); this digest of the inputs costs ~0.1 s. Inputs: every TypeScript
// file and tsconfig/package.json in the work tree (tracked and untracked, not ignored), the lockfile, and pnpm's
// record of what is installed. Outside a git work tree it always runs tsc.
//   node scripts/typecheck.mjs            (setup and npm test)
//   SIGGUARD_TYPECHECK=always node scripts/typecheck.mjs
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const stampFile = join('node_modules', '.cache', 'sigguard-typecheck.digest');
const digest = inputsDigest();
if (digest && process.env.SIGGUARD_TYPECHECK !== 'always' && existsSync(stampFile)) {
  if (readFileSync(stampFile, 'utf8') === digest) {
    console.log('typecheck: no errors (no input changed since the last clean check)');
    process.exit(0);
  }
}
const tsc = spawnSync(
  'tsc',
  [
    '-p',
    'tsconfig.json',
    '--incremental',
    '--tsBuildInfoFile',
    join('node_modules', '.cache', 'sigguard-tsc.tsbuildinfo'),
  ],
  { stdio: 'inherit' },
);
if (tsc.status !== 0) {
  if (tsc.error) console.error(`typecheck: could not run tsc: ${tsc.error.message}`);
  process.exit(tsc.status || 1);
}
if (digest) {
  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, digest);
}
console.log('typecheck: no errors');

/** sha256 over the paths and contents of what tsc reads, or undefined outside a git work tree. */
function inputsDigest() {
  let listed;
  try {
    listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch {
    return undefined;
  }
  const wanted = /(\.[mc]?ts|\.tsx|(^|\/)tsconfig[^/]*\.json|(^|\/)package\.json|^pnpm-lock\.yaml)$/;
  const files = listed
    .split('\0')
    .filter((f) => wanted.test(f))
    .sort();
  files.push(join('node_modules', '.pnpm', 'lock.yaml'));
  const hash = createHash('sha256');
  for (const f of files) {
    hash.update(`${f}\0`);
    // A deleted tracked file is still listed until the deletion is committed: marked as missing.
    hash.update(existsSync(f) ? readFileSync(f) : '\u0001missing');
    hash.update('\0');
  }
  return hash.digest('hex');
}
