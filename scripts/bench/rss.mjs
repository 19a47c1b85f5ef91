// Resident memory after N verifications, each side in its own fresh process (round-robin over the valid bundles).
import { spawnSync } from 'node:child_process';
import { loadCases, validCases } from './cases.mjs';
import { implementations } from './impls.mjs';
import { mb, table } from './stats.mjs';

export async function rssChild(repo, side, n) {
  const impls = await implementations(repo);
  const cases = validCases(loadCases(repo));
  const fns = cases.map((c) => impls[side](c));
  for (let i = 0; i < n; i++) {
    const k = i % cases.length;
    if (!fns[k](cases[k].bundle)) throw new Error(`${side} rejected ${cases[k].name}`);
  }
  process.stdout.write(JSON.stringify({ rss: process.memoryUsage().rss }));
}

export function rss(script, repo, n) {
  const out = {};
  for (const side of ['sigguard', 'peer']) {
    const r = spawnSync(process.execPath, [script, '--repo', repo, '--rss-child', side, String(n)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`RSS run of ${side} failed: ${r.stderr}`);
    out[side] = JSON.parse(r.stdout).rss;
  }
  console.log(`\nRSS after ${n} verifications (fresh process each)`);
  table([['side', 'RSS'], ['sigguard', mb(out.sigguard)], ['peer @sigstore/verify', mb(out.peer)]]);
  return out;
}
