// Runs test files with node:test's run() in the order given (`node --test` sorts its files by
// name; scripts/run-tests.mjs orders them longest first), each file in its own process that
// inherits this process's flags (--conditions=@sigguard/source). Writes the spec report to
// stdout and per-file times (scripts/test-times-reporter.mjs) to TIMES_FILE. With SIGGUARD_TEST_CPU_DIR set,
// every file's process preloads scripts/test-cpu-preload.mjs (its CPU time and spawned processes).
//   node --conditions=@sigguard/source scripts/test-driver.mjs CONCURRENCY TIMES_FILE FILE...
import { createWriteStream } from 'node:fs';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import fileTimes from './test-times-reporter.mjs';

const [concurrency, timesFile, ...files] = process.argv.slice(2);
const cpuPreload = new URL('./test-cpu-preload.mjs', import.meta.url).href;
const execArgv = process.env.SIGGUARD_TEST_CPU_DIR ? ['--import', cpuPreload] : [];
const stream = run({ files, concurrency: Number(concurrency), timeout: 600_000, execArgv });
// The run's own summary (no file) says whether everything passed.
stream.on('test:summary', (s) => {
  if (s.file === undefined) process.exitCode = s.success ? 0 : 1;
});
const forTimes = new PassThrough({ objectMode: true });
stream.pipe(forTimes);
await Promise.all([
  pipeline(stream, new spec(), process.stdout),
  pipeline(forTimes, fileTimes, createWriteStream(timesFile)),
]);
