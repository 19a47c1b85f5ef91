// Resident memory after N verifications, each side in its own fresh process (round-robin over the valid bundles),
// read after a full GC so both sides are measured alike and garbage does not count. The heap still in use and
// V8's young generation (which V8 grows with the allocation rate, and does not give back) say where RSS goes.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
import { loadCases, validCases } from './cases.mjs';
import { implementations } from './impls.mjs';
import { mb, table } from './stats.mjs';

export async function rssChild(repo, side, n) {
  const impls = await implementations(repo);
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
}

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

export function rss(script, repo, n) {
  const out = {};
  for (const side of ['sigguard', 'peer']) {
    const args = ['--expose-gc', script, '--repo', repo, '--rss-child', side, String(n)];
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`RSS run of ${side} failed: ${r.stderr}`);
    out[side] = JSON.parse(r.stdout);
  }
  console.log(`\nRSS after ${n} verifications (fresh process each, read after a full GC)`);
  const kind = (v) => (Number.isFinite(v) ? mb(v) : '-');
  const row = (name, m) => [
    name,
    mb(m.rss),
    kind(m.anon),
    kind(m.file),
    mb(m.heapUsed),
    mb(m.young),
    mb(m.loaded),
    mb(m.firstRound),
  ];
  table([
    [
      'side',
      'RSS',
      'anonymous',
      'file-backed',
      'heap in use',
      'V8 young generation',
      'RSS loaded',
      'RSS after 1 round',
    ],
    row('sigguard', out.sigguard),
    row('peer @sigstore/verify', out.peer),
  ]);
  return { sigguard: out.sigguard.rss, peer: out.peer.rss };
}
