// A node:test reporter that writes, as JSON, how long each test file's top-level tests took
// (summed), so scripts/run-tests.mjs can name the slowest files after a run.
export default async function* fileTimes(source) {
  const times = {};
  for await (const event of source) {
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.nesting === 0 && event.data.file) {
      times[event.data.file] = (times[event.data.file] ?? 0) + (event.data.details?.duration_ms ?? 0);
    }
  }
  yield JSON.stringify(times);
}
