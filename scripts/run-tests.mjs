// Runs every *.test.ts / *.test.mjs in the workspace with Node's own test runner (scripts/test-driver.mjs),
// test files in parallel processes. Unit tests import sources directly (type stripping + the
// "@sigguard/source" condition); integration tests under packages/*/test/ use the built dist and CLI.
// Every file gets its own temporary folder tree under one per-run folder (TMPDIR), removed at
// the end: a file that leaves something behind is named. Ends with one summary line.
// Files start longest first, by the times of the last run (node_modules/.cache/sigguard-test-times.json;
// on a fresh clone, the committed scripts/test-times.json), so a long file does not start last.
// SIGGUARD_TEST_CPU=1: also CPU seconds per file (its own and its children's: CLIs, Chromium, registries)
// and processes it spawned, as a table at the end and in node_modules/.cache/sigguard-test-cpu.json.
//   node scripts/run-tests.mjs [substring-of-test-path ...]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startSharedChromium } from './shared-chromium.mjs';
import { removeCpuCgroup } from './cpu-cgroup.mjs';
import { findTestFiles } from './test-files.mjs';

const only = process.argv.slice(2);
let files = findTestFiles();
if (only.length > 0) files = files.filter((f) => only.some((o) => f.includes(o)));
if (files.length === 0) {
  console.error('run-tests: no test files found');
  process.exit(1);
}
const lastTimesFile = join(process.cwd(), 'node_modules', '.cache', 'sigguard-test-times.json');
// A fresh clone has no times of its own yet: scripts/test-times.json (committed, a full run's times; refresh it by
// copying the cache file after a full run) orders its first run; a file newer than it starts with the
// integration tests.
const readTimes = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {}; // no earlier run here
  }
};
const lastTimes = readTimes(lastTimesFile);
const committedTimes = readTimes(fileURLToPath(new URL('./test-times.json', import.meta.url)));
const integration = (f) => (/\/test\//.test(f) ? 1 : 0);
// A group without a time of its own yet (new members, a new chunk) is expected to take its members' sum.
const groupTimes = new Map();
const expected = (f) => lastTimes[f] ?? committedTimes[f] ?? groupTimes.get(f) ?? -1;
files = files.map((f) => relative(process.cwd(), resolve(f)));
const fileCount = files.length;
if (process.env.SIGGUARD_TEST_GROUPS !== 'off') files = groupUnitFiles(files);
files.sort((a, b) => expected(b) - expected(a) || integration(b) - integration(a) || a.localeCompare(b));

// Most files wait on child processes, browsers and sockets more than they compute: two more
// processes than cores keep a 2-core machine busy without starving the timing-sensitive ones.
const concurrency = Number(process.env.SIGGUARD_TEST_CONCURRENCY) || availableParallelism() + 2;
const runTmp = mkdtempSync(join(tmpdir(), 'sigguard-test-run-'));
const timesFile = join(runTmp, 'file-times.json');
const cpuDir = process.env.SIGGUARD_TEST_CPU ? join(runTmp, 'file-cpu') : undefined;
if (cpuDir) mkdirSync(cpuDir);
const driver = fileURLToPath(new URL('./test-driver.mjs', import.meta.url));
const started = Date.now();
const counts = {};
const sharedChromium = await startSharedChromium(files); // one browser for the run's Chromium files
const child = spawn(
  process.execPath,
  ['--conditions=@sigguard/source', driver, String(concurrency), timesFile, ...files],
  // Node's code cache for every process of the run (test files, CLIs started from source or dist,
  // tsc): the same modules are compiled once, not once per process.
  {
    stdio: ['inherit', 'pipe', 'inherit'],
    // SIGGUARD_TEST_RUN_DIR: where files share what one run needs once (the packed project of
    // packages/sigguard/test/support/packed-project.ts), removed with the run.
    env: {
      ...process.env,
      TMPDIR: runTmp,
      SIGGUARD_TEST_RUN_DIR: runTmp,
      NODE_COMPILE_CACHE: join(runTmp, 'node-compile-cache'),
      ...(cpuDir ? { SIGGUARD_TEST_CPU_DIR: cpuDir } : {}),
      ...sharedChromium?.env,
    },
  },
);
// Pass the report through and keep the runner's closing counts (ℹ pass N, …) for the summary line.
let partial = '';
const count = (line) => {
  const m = /^ℹ (tests|pass|fail|cancelled|skipped|todo) (\d+)\s*$/.exec(line);
  if (m) counts[m[1]] = Number(m[2]);
};
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  const lines = (partial + chunk).split('\n');
  partial = lines.pop();
  lines.forEach(count);
});
const status = await new Promise((resolve) => child.once('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
count(partial);
await sharedChromium?.stop();

let slowest = '';
try {
  const times = Object.entries(JSON.parse(readFileSync(timesFile, 'utf8')))
    .map(([f, ms]) => [relative(process.cwd(), f), Math.round(ms)])
    .sort((a, b) => b[1] - a[1]);
  slowest = times
    .slice(0, 5)
    .map(([f, ms]) => `${f} ${(ms / 1000).toFixed(0)} s`)
    .join(', ');
  // Kept for the next run's order (merged: a filtered run updates only its own files).
  mkdirSync(dirname(lastTimesFile), { recursive: true });
  writeFileSync(lastTimesFile, JSON.stringify({ ...lastTimes, ...Object.fromEntries(times) }));
} catch {
  // no times when the run was cut short
}
// node-compile-cache is Node's own code cache (the CLI and tsc turn it on), packed-project the run's shared
// installed project: not a test's leftovers.
const shared = new Set(['file-times.json', 'file-cpu', 'node-compile-cache', 'packed-project']);
const left = readdirSync(runTmp).filter((e) => !shared.has(e));
// Each file's own folder in the shared project is its to remove.
const project = join(runTmp, 'packed-project', 'project');
const installed = new Set(['node_modules', 'package.json', 'package-lock.json']);
if (existsSync(project)) left.push(...readdirSync(project).filter((e) => !installed.has(e)));
if (cpuDir) reportCpu(cpuDir);
rmSync(runTmp, { recursive: true, force: true });
if (slowest) console.log(`slowest files: ${slowest}`);
if (left.length > 0) console.log(`temporary files the tests left behind (now removed): ${left.join(', ')}`);
const seconds = ((Date.now() - started) / 1000).toFixed(0);
const failed = (counts.fail ?? 0) + (counts.cancelled ?? 0);
console.log(
  `test: ${counts.pass ?? 0} passed, ${failed} failed, ${counts.skipped ?? 0} skipped in ${seconds} s (${fileCount} files in ${files.length} processes, ${concurrency} at a time)`,
);
process.exit(status === 0 && left.length === 0 ? 0 : status || 1);

/**
 * Short test files run in one process per package and kind: a Node process with type-stripped sources costs about
 * half a CPU-second to start here, and most files need less than that for their tests; files of one package also
 * share their modules and engines (the CUE and OPA engines start once, not once per file). Short means under
 * GROUP_MAX_MS in the last or committed times for integration files (packages/<pkg>/test/**), under
 * UNIT_GROUP_MAX_MS for unit files (packages/<pkg>/src/**: their wall time in a loaded run is mostly waiting, their
 * CPU mostly start-up). A group is a generated file under node_modules/.cache that imports each file in turn; their
 * tests run one after another, as in their own process, once every file is loaded (a root before() hook of the
 * group file holds them until then), so top-level before/after hooks (a unit file's server, temporary folder,
 * shared signer) run before the first and after the last test of the group.
 * A group longer than GROUP_CHUNK_MS is split (in path order, so a folder's files stay together) to keep both cores
 * busy to the end. A file keeps its own process when it needs one (it measures the heap, the GC or process-wide
 * state: a `test-isolation: process` comment), when it has top-level beforeEach/afterEach hooks (they would run
 * around every file's tests), as an integration file with any top-level hook, or when it is long (it then runs
 * beside the others). SIGGUARD_TEST_GROUPS=off: every file in its own process.
 */
function groupUnitFiles(all) {
  const GROUP_MAX_MS = 3000;
  const UNIT_GROUP_MAX_MS = 12_000;
  const GROUP_CHUNK_MS = 45_000;
  const groupDir = join(process.cwd(), 'node_modules', '.cache', 'sigguard-test-groups');
  const groups = new Map();
  const alone = [];
  for (const f of all) {
    const m = /^packages\/([^/]+)\/(src|test)\//.exec(f);
    const unit = m?.[2] === 'src';
    const pkg = m ? `${m[1]}-${unit ? 'unit' : 'integration'}` : undefined;
    const short = expected(f) < (unit ? UNIT_GROUP_MAX_MS : GROUP_MAX_MS);
    const text = pkg && short ? readFileSync(f, 'utf8') : '';
    const hooks = /^(after|before|afterEach|beforeEach)\(/m.test(text);
    const eachHooks = /^(afterEach|beforeEach)\(/m.test(text);
    const ownProcess = /test-isolation: process/.test(text) || eachHooks || (!unit && hooks);
    if (pkg && short && !ownProcess) {
      if (!groups.has(pkg)) groups.set(pkg, []);
      groups.get(pkg).push(f);
    } else alone.push(f);
  }
  rmSync(groupDir, { recursive: true, force: true });
  mkdirSync(groupDir, { recursive: true });
  for (const [pkg, members] of groups) {
    const chunks = chunkByTime(members.sort(), GROUP_CHUNK_MS);
    chunks.forEach((chunk, i) => {
      if (chunk.length === 1) {
        alone.push(chunk[0]);
        return;
      }
      const name = chunks.length === 1 ? pkg : `${pkg}-${i + 1}`;
      const group = relative(process.cwd(), join(groupDir, `${name}.test.mjs`));
      const imports = chunk.map((f) => `  await import(${JSON.stringify(pathToFileURL(resolve(f)).href)});`);
      // node:test runs a root-level after() hook as soon as no registered test is pending, even while a later
      // file is still being imported (its top-level await): a file's after() then disposed what its own later
      // top-level code used (a flaky ENOENT in verify-unit). A root before() hook that waits until every file is
      // imported keeps the tests, and so those hooks, until then; it is released however the imports end.
      writeFileSync(
        group,
        [
          `// Generated by scripts/run-tests.mjs: test files of ${pkg}, one process.`,
          "import { before } from 'node:test';",
          'let imported;',
          'const allImported = new Promise((resolve) => (imported = resolve));',
          'before(() => allImported);',
          'try {',
          ...imports,
          '} finally {',
          '  imported();',
          '}',
          '',
        ].join('\n'),
      );
      groupTimes.set(
        group,
        chunk.reduce((sum, f) => sum + Math.max(0, expected(f)), 0),
      );
      alone.push(group);
    });
  }
  return alone;
}

/** `files` (in order) cut into runs whose expected times add up to at most `maxMs` each (a longer file alone). */
function chunkByTime(files, maxMs) {
  const chunks = [[]];
  let sum = 0;
  for (const f of files) {
    const ms = Math.max(0, expected(f));
    if (sum + ms > maxMs && chunks.at(-1).length > 0) {
      chunks.push([]);
      sum = 0;
    }
    chunks.at(-1).push(f);
    sum += ms;
  }
  return chunks;
}

/**
 * Prints CPU seconds per test file (own + waited children; with cgroups, every process it started) and keeps them
 * in node_modules/.cache.
 */
function reportCpu(dir) {
  const rows = readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
  for (const r of rows) r.file = relative(process.cwd(), r.file);
  const cost = (r) => r.cgroup ?? r.self + r.children;
  rows.sort((a, b) => cost(b) - cost(a));
  const total = rows.reduce((s, r) => s + cost(r), 0);
  const waited = rows.reduce((s, r) => s + r.self + r.children, 0);
  const all = rows.every((r) => r.cgroup !== undefined);
  console.log(
    all
      ? `CPU per test file (cgroup: every process it started; own + waited children; processes spawned; Chromium launches): ${total.toFixed(0)} s in all (${waited.toFixed(0)} s waited for)`
      : `CPU per test file (own + children, s; processes spawned; Chromium launches): ${waited.toFixed(0)} s in all`,
  );
  for (const r of rows.slice(0, 40)) {
    const cpu = `${(r.self + r.children).toFixed(1)} = ${r.self.toFixed(1)} + ${r.children.toFixed(1)}`;
    const cg = all ? `${r.cgroup.toFixed(1).padStart(6)}  ` : '';
    console.log(
      `  ${cg}${cpu.padEnd(20)} ${String(r.spawned).padStart(4)} ${String(r.chromium).padStart(2)}  ${r.file}`,
    );
  }
  // The per-file cgroups: processes still in one (a file's leftovers) go back to the parent group.
  for (const r of rows) {
    if (!r.cgroupPath) continue;
    const stray = removeCpuCgroup(r.cgroupPath);
    if (stray.length > 0) console.log(`  processes still running from ${r.file}: ${stray.join(' ')}`);
    delete r.cgroupPath;
  }
  writeFileSync(join(dirname(lastTimesFile), 'sigguard-test-cpu.json'), JSON.stringify(rows, null, 1));
}
