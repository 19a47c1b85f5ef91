// One RSS measurement (rss.mjs): `node --expose-gc rss-child.mjs REPO SIDE N` verifies the valid bundles round-robin
// N times with one side (sigguard or the peer), then prints the process's resident memory after a full GC as JSON.
// It imports only that side's library, the cases and Node's fs and v8: the bench's other sections (child processes,
// Chromium, the CLI) are not loaded, so the figure is the verifying process's, for both sides alike.
import { readFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
import { loadCases, validCases } from './cases.mjs';
import { implementations } from './impls.mjs';

const [repo, side, calls] = process.argv.slice(2);
const n = Number(calls);
const impls = await implementations(repo, side); // this side's modules only
const cases = validCases(loadCases(repo));
const fns = cases.map((c) => impls[side](c));
// Information only, read without a GC (so the measurement below is unchanged): RSS once everything is loaded
// and after one verification of each bundle, the part of the final figure any process using the side pays.
const loaded = process.memoryUsage.rss();
let firstRound = 0;
for (let i = 0; i < n; i++) {
  const k = i % cases.length;
  if (!fns[k](cases[k].bundle)) throw new Error(`${side} rejected ${cases[k].name}`);
  if (i === cases.length - 1) firstRound = process.memoryUsage.rss();
}
globalThis.gc?.();
const young = getHeapSpaceStatistics().find((sp) => sp.space_name === 'new_space')?.space_size ?? 0;
const { rss, heapUsed } = process.memoryUsage();
process.stdout.write(JSON.stringify({ rss, heapUsed, young, loaded, firstRound, ...residentKinds() }));

// Information only, read after the measurement: the anonymous (heaps, malloc) and file-backed (the node binary and
// libraries) parts of RSS, from /proc/self/status where there is one (Linux).
function residentKinds() {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kB = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
    return { anon: kB('RssAnon'), file: kB('RssFile') };
  } catch {
    return {};
  }
}
