// Resident memory after N verifications, each side in its own fresh process (rss-child.mjs) that loads only that
// side's library and verifies round-robin over the valid bundles, read after a full GC so both sides are measured
// alike and garbage does not count. The heap still in use and V8's young generation (which V8 grows with the
// allocation rate, and does not give back) say where RSS goes.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mb, table } from './stats.mjs';

// The measured process: rss-child.mjs, which loads only what the measurement needs (not the bench's other sections).
const CHILD = fileURLToPath(new URL('./rss-child.mjs', import.meta.url));

export function rss(repo, n) {
  const out = {};
  for (const side of ['sigguard', 'peer']) {
    const args = ['--expose-gc', CHILD, repo, side, String(n)];
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
