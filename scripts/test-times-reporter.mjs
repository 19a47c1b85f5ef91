// A node:test reporter that writes, as JSON, how long each test file took from the start of its
// process to its end (the file's own test:summary: hooks, set-up and start-up included), so
// scripts/run-tests.mjs can name the slowest files after a run. Top-level tests summed stand in
// for a file that ended without its summary.
export default async function* fileTimes(source) {
  const summed = {};
  const whole = {};
  for await (const event of source) {
    const { file } = event.data ?? {};
    if (!file) continue;
    if (event.type === 'test:summary') whole[file] = event.data.duration_ms;
    else if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.nesting === 0) {
      summed[file] = (summed[file] ?? 0) + (event.data.details?.duration_ms ?? 0);
    }
  }
  yield JSON.stringify({ ...summed, ...whole });
}
