// Runs test files with node:test's run() in the order given (`node --test` sorts its files by
// name; scripts/run-tests.mjs orders them longest first), each file in its own process that
// inherits this process's flags (--conditions=@sigguard/source). Writes the spec report to
// stdout and per-file times (scripts/test-times-reporter.mjs) to TIMES_FILE.
//   node --conditions=@sigguard/source scripts/test-driver.mjs CONCURRENCY TIMES_FILE FILE...
import { createWriteStream } from 'node:fs';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import fileTimes from './test-times-reporter.mjs';

const [concurrency, timesFile, ...files] = process.argv.slice(2);
const stream = run({ files, concurrency: Number(concurrency), timeout: 600_000 });
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
