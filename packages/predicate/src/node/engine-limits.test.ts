// Hostile policies against the worker evaluator: each is stopped at a limit (ENGINE_LIMIT, naming
// the policy and the limit) within its budget plus slack, and the process's memory stays bounded;
// a correct policy still passes while every core is busy (issue 11 item 2).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { sharedVectors } from '@sigguard/test-vectors/support/locations';
import { evaluatePredicatePolicy } from '../evaluate.ts';
import { TEST_DOUBLE_WASM } from '../rego/testdata/double.ts';
import { createWorkerEvaluator } from './worker-evaluator.ts';

const MIB = 1024 * 1024;
const SLACK_MS = 3_000; // timer delivery and thread termination on a loaded 2-core machine
const CEILING = 128 * MIB;
const evaluator = createWorkerEvaluator({ limits: { maxMemoryBytes: CEILING } });
after(() => evaluator.close());

const COMPREHENSION =
  'import "list"\nproducts: [for x in list.Range(0, 3000, 1) for y in list.Range(0, 3000, 1) {x*y}]';
const HUGE_RANGE = 'import "list"\nnumbers: list.Range(0, 5e7, 1)';

/** Peak RSS of this process (the worker's memory included) while `work` runs, sampled every 20 ms. */
async function peakRss<T>(work: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  try {
    const value = await work();
    return { value, peak: Math.max(peak, process.memoryUsage.rss()) };
  } finally {
    clearInterval(timer);
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await work();
  return { value, ms: performance.now() - t0 };
}

test('warm-up: the engine starts outside any evaluation budget', async () => {
  const r = await evaluator.evaluate({ type: 'cue', data: 'a: int' }, { a: 1 });
  assert.equal(r.ok, true, r.reason);
});

test('list.Range(0, 5e7) is stopped at the memory ceiling: ENGINE_LIMIT (memory), the process stays bounded', async () => {
  const before = process.memoryUsage.rss();
  const { value: r, peak } = await peakRss(() =>
    evaluator.evaluate({ type: 'cue', data: HUGE_RANGE }, {}, { name: 'custom', limits: { timeoutMs: 120_000 } }),
  );
  assert.deepEqual([r.ok, r.code, r.limit], [false, 'ENGINE_LIMIT', 'memory'], r.reason);
  assert.match(
    r.reason,
    /^cue policy for custom was stopped at an engine limit \(memory\): the CUE engine ran out of memory at its ceiling of 134217728 bytes/,
  );
  // Unbounded, this policy takes 2.6 GB; with the ceiling the worker's Go heap stops at 128 MiB.
  assert.ok(peak - before < CEILING + 256 * MIB, `RSS grew by ${Math.round((peak - before) / MIB)} MiB`);
  // The next evaluation gets a fresh engine (and the next test a warm one: a CUE start costs a CPU-second).
  assert.equal((await evaluator.evaluate({ type: 'cue', data: 'a: 1' }, { a: 1 })).ok, true);
});

test('a CUE comprehension of 9 million elements is stopped at the time limit: ENGINE_LIMIT (time)', async () => {
  const timeoutMs = 500;
  const before = process.memoryUsage.rss();
  const {
    value: { value: r, ms },
    peak,
  } = await peakRss(() =>
    timed(() =>
      evaluator.evaluate({ type: 'cue', data: COMPREHENSION }, {}, { name: 'custom', limits: { timeoutMs } }),
    ),
  );
  assert.deepEqual([r.ok, r.code, r.limit], [false, 'ENGINE_LIMIT', 'time'], r.reason);
  assert.match(
    r.reason,
    /^cue policy for custom was stopped at an engine limit \(time\): the evaluation exceeded its time limit of 500 ms/,
  );
  assert.ok(ms < timeoutMs + SLACK_MS, `stopped after ${Math.round(ms)} ms, budget ${timeoutMs} ms`);
  assert.ok(peak - before < CEILING + 256 * MIB, `RSS grew by ${Math.round((peak - before) / MIB)} MiB`);
});

test('[test double] a Rego module that loops forever is stopped at the time limit: ENGINE_LIMIT (time)', async () => {
  await evaluator.evaluate({ type: 'rego', wasm: TEST_DOUBLE_WASM }, true); // start-up outside the budget
  const timeoutMs = 500;
  const { value: r, ms } = await timed(() =>
    evaluator.evaluate({ type: 'rego', wasm: TEST_DOUBLE_WASM }, 'spin', { name: 'vuln', limits: { timeoutMs } }),
  );
  assert.deepEqual([r.ok, r.code, r.limit], [false, 'ENGINE_LIMIT', 'time'], r.reason);
  assert.match(r.reason, /^rego policy for vuln was stopped at an engine limit \(time\)/);
  assert.ok(ms < timeoutMs + SLACK_MS, `stopped after ${Math.round(ms)} ms, budget ${timeoutMs} ms`);
});

test('[test double] a Rego module that allocates without end stops at its memory maximum: ENGINE_LIMIT (memory)', async () => {
  const before = process.memoryUsage.rss();
  const { value: r, peak } = await peakRss(() =>
    evaluator.evaluate({ type: 'rego', wasm: TEST_DOUBLE_WASM }, 'oom', { name: 'vuln' }),
  );
  assert.deepEqual([r.ok, r.code, r.limit], [false, 'ENGINE_LIMIT', 'memory'], r.reason);
  assert.match(
    r.reason,
    /^rego policy for vuln was stopped at an engine limit \(memory\): the Rego engine ran out of memory at its ceiling of 134217728 bytes/,
  );
  assert.ok(peak - before < CEILING + 256 * MIB, `RSS grew by ${Math.round((peak - before) / MIB)} MiB`);
});

test('a memory ceiling below what the CUE engine needs to start is refused, not ignored', async () => {
  const r = await evaluator.evaluate({ type: 'cue', data: 'a: 1' }, { a: 1 }, { limits: { maxMemoryBytes: 4 * MIB } });
  assert.deepEqual([r.ok, r.code], [false, 'ENGINE_UNAVAILABLE']);
  assert.match(r.reason, /ceiling of 4194304 bytes is below the module's initial memory/);
});

// ---- every core busy ----

// Threads runnable on the machine apart from this one: /proc/loadavg's fourth field ("running/total") counts
// this process too. The 1-minute load average where there is no /proc.
function otherRunnable(): number {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[3]!.split('/')[0]) - 1;
  } catch {
    return loadavg()[0]!;
  }
}

// Every core busy plus one thread waiting. Burners make up only what the machine's own load does not (inside
// `npm test`, its other files): a full run does not pay for idle loops that take CPU from the other files.
// The lower of the load average and the runnable count now, so a moment's spike does not count as load.
function startCpuBurners(): ChildProcess[] {
  const load = Math.floor(Math.min(loadavg()[0]!, otherRunnable()));
  const count = Math.max(0, availableParallelism() + 1 - load);
  return Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

test('correct policies pass, engines started cold, while every core is busy (CPU burners for any idle one)', async (t) => {
  const burners = startCpuBurners();
  t.diagnostic(
    `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores: ${burners.length} burners`,
  );
  const cold = createWorkerEvaluator();
  try {
    // Default limits: the start-up of cue-wasm (seconds on a loaded machine) is not in the 10 s evaluation budget.
    const cue = await cold.evaluate(
      { type: 'cue', data: 'predicate: Data: "foobar e2e test"' },
      { predicate: { Data: 'foobar e2e test' } },
      { name: 'custom' },
    );
    assert.equal(cue.ok, true, cue.reason);
    const inThread = await evaluatePredicatePolicy({ type: 'cue', data: 'a: int' }, { a: 1 });
    assert.equal(inThread.ok, true, inThread.reason);
    const opaVector = sharedVectors('opa-wasm/cosign-rego-1');
    if (opaVector.skip) {
      t.diagnostic(`skipped the real OPA module: ${opaVector.skip}`);
      return;
    }
    const bundle = new Uint8Array(readFileSync(join(opaVector.path, 'bundle.tar.gz')));
    const input = JSON.parse(readFileSync(join(opaVector.path, 'input.json'), 'utf8'));
    const rego = await cold.evaluate({ type: 'rego', bundle }, input, { name: 'custom' });
    assert.equal(rego.ok, true, rego.reason);
  } finally {
    for (const b of burners) b.kill('SIGKILL');
    await cold.close();
  }
});
