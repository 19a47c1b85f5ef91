#!/usr/bin/env node
// Committed launcher so the bin link exists before the first build.
// Built-ins through process.getBuiltinModule, not `import`: an ES module import of node:fs evaluates every
// export of it, and so loads Node's streams and fs/promises, which a start does not otherwise need.
const { lstatSync, mkdirSync } = process.getBuiltinModule('node:fs');
const module = process.getBuiltinModule('node:module');
const { tmpdir, userInfo } = process.getBuiltinModule('node:os');
const { join } = process.getBuiltinModule('node:path');

// Node's code cache (module.enableCompileCache, as tsc turns it on): later starts read the code V8
// compiled for the bundled dist instead of compiling it again. The cache holds code V8 runs, so it is
// this user's alone: a directory of the OS temp dir named by user id, created 0700 and used only if it
// is a real directory owned by this user that no one else can write (Node's default,
// <tmp>/node-compile-cache, is shared by every user). Failures leave the cache off: it only saves time.
// Node's own switches win: NODE_COMPILE_CACHE=DIR (Node turns the cache on at start-up, this call then
// changes nothing) and NODE_DISABLE_COMPILE_CACHE=1.
function userCompileCacheDir() {
  const uid = process.getuid?.();
  const dir = join(tmpdir(), `sigguard-compile-cache-${uid ?? userInfo().username}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = lstatSync(dir);
  if (!stat.isDirectory()) return undefined; // a symlink or a file someone put there
  // POSIX: owned by us, not group- or world-writable (Windows: the temp dir is already per user)
  if (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o022) !== 0)) return undefined;
  return dir;
}

if (module.enableCompileCache && !process.env.NODE_COMPILE_CACHE && !process.env.NODE_DISABLE_COMPILE_CACHE) {
  try {
    const dir = userCompileCacheDir();
    if (dir) module.enableCompileCache(dir);
  } catch {
    // no cache: slower, nothing else
  }
}
await import('../dist/cli.js');
