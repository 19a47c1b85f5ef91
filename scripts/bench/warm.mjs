// Warm verifyBundle: sigguard and the peer in interleaved blocks (which one goes first alternates),
// every call timed and its verdict checked (a rejected valid bundle aborts the bench).
import { median, ms, p95, ratio, table } from './stats.mjs';

export function warmBundles(cases, impls, { calls, blocks }) {
  const sides = ['sigguard', 'peer'];
  const fns = cases.map((c) => ({ sigguard: impls.sigguard(c), peer: impls.peer(c) }));
  for (const [i, c] of cases.entries()) for (const s of sides) for (let k = 0; k < 5; k++) fns[i][s](c.bundle); // JIT warm-up
  const samples = cases.map(() => ({ sigguard: [], peer: [] }));
  const perBlock = Math.max(1, Math.round(calls / blocks));
  for (let b = 0; b < blocks; b++) {
    const order = b % 2 ? [...sides].reverse() : sides;
    for (const [i, c] of cases.entries()) {
      for (const side of order) {
        const fn = fns[i][side];
        const out = samples[i][side];
        for (let k = 0; k < perBlock; k++) {
          const t = performance.now();
          const ok = fn(c.bundle);
          out.push(performance.now() - t);
          if (!ok) throw new Error(`${side} rejected the valid bundle ${c.name} (block ${b})`);
        }
      }
    }
  }
  const rows = [['bundle', 'sigguard median', 'p95', 'peer median', 'p95', 'sigguard/peer']];
  for (const [i, c] of cases.entries()) {
    const s = samples[i].sigguard;
    const p = samples[i].peer;
    rows.push([c.name, ms(median(s)), ms(p95(s)), ms(median(p)), ms(p95(p)), ratio(median(s), median(p))]);
  }
  const all = (side) => samples.flatMap((x) => x[side]);
  const pooled = { sigguard: median(all('sigguard')), peer: median(all('peer')) };
  rows.push([
    'POOLED',
    ms(pooled.sigguard),
    ms(p95(all('sigguard'))),
    ms(pooled.peer),
    ms(p95(all('peer'))),
    ratio(pooled.sigguard, pooled.peer),
  ]);
  console.log(
    `\nwarm verifyBundle: ${cases.length} valid bundles × ${perBlock * blocks} calls per side, ${blocks} interleaved blocks`,
  );
  table(rows);
  return pooled;
}
