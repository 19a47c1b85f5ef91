// `npm run fuzz`: the coordinator. Hands case indices to worker processes, watches each case's
// wall clock and each worker's memory (killing and replacing a worker that overruns), and
// prints every failure with the command that replays it, then `N passed, N failed`.
//
//   npm run fuzz -- [--seed S] [--cases N] [--time SECONDS] [--workers W] [--only a,b]
//                   [--replay I] [--max-kills K] [--print-limit P] [--memory-mb M] [--budget-scale F]
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { caseStream, CATALOG, selectCatalog } from './catalog.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    cases: { type: 'string', default: '100000' },
    time: { type: 'string', default: '570' },
    workers: { type: 'string', default: '2' },
    only: { type: 'string' },
    replay: { type: 'string' },
    'max-kills': { type: 'string', default: '3' },
    'print-limit': { type: 'string', default: '3' },
    'memory-mb': { type: 'string', default: '1536' },
    'budget-scale': { type: 'string', default: '1' },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});
if (values.help) {
  console.log(
    readFileSync(new URL(import.meta.url), 'utf8')
      .split('\n')
      .slice(0, 7)
      .join('\n')
      .replace(/^\/\/ ?/gm, ''),
  );
  console.log(`targets: ${CATALOG.map((c) => c.name).join(', ')}`);
  process.exit(0);
}

// Every case budget times this (the worker's over-budget check too): the npm test sample runs beside
// other tests on a loaded machine, where wall clocks stretch; a hang still ends at the scaled budget.
const budgetScale = Number(values['budget-scale']);
if (!(budgetScale >= 1)) throw new Error(`--budget-scale ${values['budget-scale']}: a number >= 1`);

// Workers make their temporary folders here (their TMPDIR): a worker killed mid-case leaves its
// folders behind, so the coordinator removes the whole scratch folder once every worker has exited.
const scratch = mkdtempSync(join(tmpdir(), 'sigguard-fuzz-'));

const seed = values.seed !== undefined ? Number(values.seed) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
const only = values.only?.split(',').filter(Boolean);
const catalog = selectCatalog(only);
const replay = values.replay !== undefined ? Number(values.replay) : undefined;
const totalCases = replay !== undefined ? 1 : Number(values.cases);
const deadline = Date.now() + Number(values.time) * 1000;
// A worker killed for time or memory costs seconds: after this many kills of one kind of case,
// further cases of that kind are skipped (and counted as skipped).
const maxKills = replay !== undefined ? Infinity : Number(values['max-kills']);
const printLimit = replay !== undefined ? Infinity : Number(values['print-limit']);
const memoryLimit = Number(values['memory-mb']) * 1024 * 1024;
const SETUP_BUDGET_MS = 90_000;
const GRACE_MS = 1000; // after a case's budget, before the watchdog kills its worker
// Building a case's input (before it announces itself) is the harness's time, not the code's; a
// generator that hangs (a FIFO opened for writing) is still caught.
const GENERATE_BUDGET_MS = 30_000;

const replayCommand = (i: number) =>
  `npm run fuzz -- --seed ${seed}${only ? ` --only ${only.join(',')}` : ''} --replay ${i}`;

interface Slot {
  child: ChildProcess;
  index?: number;
  target?: string;
  startedAt?: number;
  budgetMs?: number;
  ready: boolean;
  /** Why the watchdog killed the worker, for the failure report. */
  killedFor?: string;
  /** What the running case announced (kind and description). */
  kind?: string;
  description?: string;
}

const stats = new Map<string, { passed: number; failed: number; killed: number; skipped: number; ms: number }>();
const stat = (t: string) => {
  let s = stats.get(t);
  if (!s) stats.set(t, (s = { passed: 0, failed: 0, killed: 0, skipped: 0, ms: 0 }));
  return s;
};
let next = replay ?? 0;
const end = replay !== undefined ? replay + 1 : totalCases;
let passed = 0;
let failed = 0;
const started = Date.now();

console.log(
  `fuzz: seed ${seed}, up to ${totalCases} cases, ${values.workers} workers, targets ${catalog.map((c) => c.name).join(', ')}`,
);

const printedPerKind = new Map<string, number>();
let unprinted = 0;
function report(
  index: number,
  target: string,
  ok: boolean,
  description: string,
  problem?: string,
  ms?: number,
  known?: string,
) {
  const s = stat(target);
  if (ok) {
    passed++;
    s.passed++;
    if (replay !== undefined) console.log(`PASS #${index} [${target}] ${description}`);
  } else {
    failed++;
    s.failed++;
    // Print the first few of each kind of failure; the count covers them all.
    const kind = `${target}|${known ?? (problem ?? '').replace(/[0-9a-f]{8,}|\d+/g, '#').slice(0, 60)}`;
    const n = (printedPerKind.get(kind) ?? 0) + 1;
    printedPerKind.set(kind, n);
    if (n <= printLimit) {
      console.log(
        `FAIL #${index} [${target}] ${description}\n  problem: ${problem}${known ? `\n  known: ${known}` : ''}\n  replay: ${replayCommand(index)}`,
      );
    } else unprinted++;
  }
  if (ms !== undefined) s.ms += ms;
}

function spawnWorker(): Slot {
  const child = fork(new URL('./worker.ts', import.meta.url), [], {
    execArgv: ['--conditions=@sigguard/source', `--max-old-space-size=${Math.round(memoryLimit / (1024 * 1024))}`],
    env: {
      ...process.env,
      TMPDIR: scratch,
      SIGGUARD_FUZZ_SEED: String(seed),
      SIGGUARD_FUZZ_ONLY: only?.join(',') ?? '',
      SIGGUARD_FUZZ_BUDGET_SCALE: String(budgetScale),
    },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const slot: Slot = { child, ready: false };
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  child.on(
    'message',
    (m: {
      type: string;
      index: number;
      target: string;
      ok: boolean;
      description: string;
      problem?: string;
      known?: string;
      ms: number;
      kind: string;
      skipped?: boolean;
    }) => {
      if (m.type === 'ready') {
        slot.ready = true;
        dispatch(slot);
      } else if (m.type === 'setup') {
        slot.startedAt = Date.now();
        slot.budgetMs = SETUP_BUDGET_MS;
      } else if (m.type === 'announce') {
        // The code under test starts now: the case's budget does not include building its input.
        slot.startedAt = Date.now();
        slot.budgetMs = catalog.find((c) => c.name === slot.target)!.budgetMs * budgetScale;
        slot.kind = m.kind;
        slot.description = m.description;
      } else if (m.type === 'start') {
        slot.startedAt = Date.now();
        slot.budgetMs = GENERATE_BUDGET_MS; // every target announces once its input is built
      } else if (m.type === 'done') {
        if (m.skipped) stat(m.target).skipped++;
        else report(m.index, m.target, m.ok, m.description, m.problem, m.ms, m.known);
        slot.index = undefined;
        dispatch(slot);
      }
    },
  );
  child.on('exit', (code, signal) => {
    slots.delete(slot);
    if (slot.index !== undefined) {
      const why =
        slot.killedFor ??
        `worker died (code ${code}, signal ${signal}): ${stderr.trim().split('\n').slice(-6).join(' / ')}`;
      const entry = catalog.find((c) => c.name === slot.target)!;
      if (slot.kind) {
        const key = `${slot.target}:${slot.kind}`;
        kills.set(key, (kills.get(key) ?? 0) + 1);
      }
      report(
        slot.index,
        slot.target!,
        false,
        slot.description ?? '(killed before it described itself)',
        why,
        undefined,
        slot.killedFor ? entry.knownKills?.find(([re]) => re.test(slot.kind ?? ''))?.[1] : undefined,
      );
    }
    if (!finishing()) {
      const s = spawnWorker();
      slots.add(s);
    } else if (slots.size === 0) finish();
  });
  return slot;
}

/** Workers killed per `target:kind`: kinds at the cap are skipped by the workers. */
const kills = new Map<string, number>();
function takeIndex(): number | undefined {
  while (next < end && Date.now() < deadline) {
    const i = next++;
    return i;
  }
  return undefined;
}

const finishing = () => next >= end || Date.now() >= deadline;

function dispatch(slot: Slot) {
  const i = takeIndex();
  if (i === undefined) {
    slot.child.disconnect();
    return;
  }
  slot.index = i;
  slot.kind = undefined;
  slot.description = undefined;
  slot.target = caseStream(seed, i, catalog).entry.name;
  slot.startedAt = Date.now();
  slot.budgetMs = SETUP_BUDGET_MS; // until the worker says the case started (setup may come first)
  slot.child.send({ index: i, capped: [...kills].filter(([, n]) => n >= maxKills).map(([k]) => k) });
}

function rssOf(pid: number): number {
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return pages * 4096;
  } catch {
    return 0;
  }
}

const slots = new Set<Slot>();
for (let w = 0; w < Math.max(1, Number(values.workers)); w++) slots.add(spawnWorker());

const watchdog = setInterval(() => {
  for (const slot of slots) {
    if (slot.index === undefined || slot.startedAt === undefined || slot.killedFor) continue;
    const elapsed = Date.now() - slot.startedAt;
    const rss = slot.child.pid ? rssOf(slot.child.pid) : 0;
    if (elapsed > slot.budgetMs! + GRACE_MS) {
      slot.killedFor = `worker killed: case still running after ${elapsed} ms (budget ${slot.budgetMs} ms): killed`;
    } else if (rss > memoryLimit) {
      slot.killedFor = `worker killed: memory reached ${Math.round(rss / 2 ** 20)} MiB (limit ${Math.round(memoryLimit / 2 ** 20)} MiB): killed`;
    }
    if (slot.killedFor) slot.child.kill('SIGKILL');
  }
}, 50);

const progress = setInterval(() => {
  const secs = Math.round((Date.now() - started) / 1000);
  console.error(`fuzz: ${secs}s, ${passed + failed} cases (${failed} failed), next index ${next}`);
}, 15_000);

let done = false;
function finish() {
  if (done) return;
  done = true;
  clearInterval(watchdog);
  clearInterval(progress);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\nper target (seed ${seed}, ${secs} s):`);
  for (const c of catalog) {
    const s = stat(c.name);
    const n = s.passed + s.failed;
    const avg = n > 0 ? (s.ms / n).toFixed(1) : '-';
    console.log(
      `  ${c.name.padEnd(12)} ${String(s.passed).padStart(7)} passed ${String(s.failed).padStart(5)} failed` +
        `${s.skipped ? ` ${s.skipped} skipped (kinds that got ${maxKills} workers killed)` : ''}  avg ${avg} ms`,
    );
  }
  if (replay === undefined && next < end)
    console.log(`stopped at the time limit after ${passed + failed} cases (of ${totalCases})`);
  if (unprinted > 0)
    console.log(`(${unprinted} more failures of kinds already shown above were not printed; --print-limit)`);
  console.log(`${passed} passed, ${failed} failed`);
  rmSync(scratch, { recursive: true, force: true });
  process.exit(failed > 0 ? 1 : 0);
}
