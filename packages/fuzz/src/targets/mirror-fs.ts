// TrustRoot `spec.repository.mirrorFS` archives (gzipped tar of a TUF repository) through the
// trust-root loader (unpack, TUF refresh, trusted root). Invariants: only typed errors; within
// the budget; an archive that loads yields exactly the trust root of the unmutated archive
// (TUF signatures and hashes cover everything that matters).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  inspectTrustRoot,
  loadTrustRootResource,
  parseTrustRootYaml,
  TrustRootError,
  TrustRootLoadError,
  unpackMirrorFs,
  type TrustRootResource,
} from '@sigguard/trust-root';
import { gunzipSync, gzipSync } from 'fflate';
import { createTar, parseTar } from 'nanotar';
import type { Rng } from '../rng.ts';
import { describeError, fail, pass, skipped, type FuzzTarget } from '../target.ts';

const NOW = new Date('2026-12-01T00:00:00Z');
const REPO = join(import.meta.dirname, '../../../..');

interface Seed {
  resource: TrustRootResource;
  tar: Uint8Array;
  files: Map<string, Uint8Array>;
  expected: string;
}

let seeds: Seed[] = [];
let bomb: Uint8Array = new Uint8Array(0);

/** Offsets of the tar headers (ustar 512-byte blocks). */
function headers(tar: Uint8Array): number[] {
  const out: number[] = [];
  let off = 0;
  while (off + 512 <= tar.length && tar[off] !== 0) {
    out.push(off);
    const size =
      parseInt(
        new TextDecoder()
          .decode(tar.subarray(off + 124, off + 136))
          .replace(/\0.*$/, '')
          .trim() || '0',
        8,
      ) || 0;
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

function setField(tar: Uint8Array, at: number, len: number, value: string) {
  const bytes = new TextEncoder().encode(value).subarray(0, len);
  tar.fill(0, at, at + len);
  tar.set(bytes, at);
}

function fixChecksum(tar: Uint8Array, h: number) {
  tar.fill(0x20, h + 148, h + 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += tar[h + i]!;
  setField(tar, h + 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
}

const NAMES = [
  '../escape.json',
  '/abs/timestamp.json',
  'repository/../../x',
  'repository/./timestamp.json',
  './repository/root.json',
  'repository//targets.json',
  'repository\\timestamp.json',
  'repository/',
  '',
  'repository/targets/../../../etc/passwd',
  'a\0b',
];

function mutateTar(rng: Rng, input: Uint8Array): { tar: Uint8Array; op: string } {
  const tar = new Uint8Array(input);
  const hs = headers(tar);
  if (hs.length === 0) {
    const junk = rng.bytes(rng.pick([1, 512]));
    return { tar: new Uint8Array([...tar, ...junk]), op: `no header left: append ${junk.length} random bytes` };
  }
  const h = rng.pick(hs);
  switch (rng.int(8)) {
    case 0: {
      const t = rng.pick(['1', '2', '3', '4', '5', '6', '7', 'x', 'g', 'L', 'K', 'Z']);
      setField(tar, h + 156, 1, t);
      setField(
        tar,
        h + 157,
        100,
        rng.pick(['/dev/zero', '../../../etc/passwd', 'repository/root.json', 'repository/1.root.json']),
      );
      if (rng.chance(0.9)) fixChecksum(tar, h);
      return { tar, op: `entry at ${h}: typeflag '${t}'` };
    }
    case 1: {
      const name = rng.pick(NAMES);
      setField(tar, h, 100, name);
      if (rng.chance(0.9)) fixChecksum(tar, h);
      return { tar, op: `entry at ${h}: name ${JSON.stringify(name)}` };
    }
    case 2: {
      const size = rng.pick(['77777777777', '00000001000', '-1', '99999999999', '\x80\0\0\0\0\0\0\0\0\x10\0\0', '']);
      setField(tar, h + 124, 12, size);
      if (rng.chance(0.9)) fixChecksum(tar, h);
      return { tar, op: `entry at ${h}: size field ${JSON.stringify(size)}` };
    }
    case 3: {
      const i = h + rng.int(512);
      tar[i]! ^= 1 << rng.int(8);
      return { tar, op: `flip a bit in header byte ${i - h} at ${h}` };
    }
    case 4: {
      const n = rng.int(tar.length);
      return { tar: tar.subarray(0, n), op: `truncate tar to ${n}/${tar.length}` };
    }
    case 5: {
      // File content: TUF hashes and signatures must catch it.
      const next = hs[hs.indexOf(h) + 1] ?? tar.length;
      if (next - h <= 512) return { tar, op: 'no content to change' };
      const i = h + 512 + rng.int(Math.min(next - h - 512, 4096));
      tar[i]! ^= 1 << rng.int(8);
      return { tar, op: `flip a bit in the content of the entry at ${h}` };
    }
    case 6: {
      // Rebuild with an entry duplicated, dropped or renamed (a well-formed tar).
      let parsed;
      try {
        parsed = parseTar(input);
      } catch {
        return { tar, op: 'rebuild skipped (tar already unreadable)' };
      }
      const items = parsed.map((e) => ({ name: e.name, data: e.data ?? new Uint8Array(0) }));
      const i = rng.int(items.length);
      const what = rng.int(3);
      if (what === 0) items.push({ ...items[i]!, data: new TextEncoder().encode('{}') });
      else if (what === 1) items.splice(i, 1);
      else items[i] = { ...items[i]!, name: rng.pick(NAMES) };
      return {
        tar: createTar(items),
        op: `rebuilt with entry ${i} ${['duplicated ({} content)', 'dropped', 'renamed'][what]}`,
      };
    }
    default: {
      const junk = rng.bytes(rng.pick([1, 511, 512, 4096]));
      return { tar: new Uint8Array([...tar, ...junk]), op: `append ${junk.length} random bytes` };
    }
  }
}

function archive(rng: Rng, tar: Uint8Array): { gz: Uint8Array; op: string } {
  const r = rng.int(100);
  if (r < 2) return { gz: bomb, op: 'gzip bomb (64 MiB + 1 of zeros)' };
  if (r < 8) return { gz: tar, op: 'not gzipped' };
  const gz = gzipSync(tar, { level: 1 });
  if (r < 14) {
    const n = rng.int(gz.length);
    return { gz: gz.subarray(0, n), op: `gzip truncated to ${n}/${gz.length}` };
  }
  if (r < 20) {
    const g = new Uint8Array(gz);
    const i = rng.int(g.length);
    g[i]! ^= 1 << rng.int(8);
    return { gz: g, op: `gzip bit flip at ${i}` };
  }
  if (r < 24) return { gz: new Uint8Array([...gz, ...gz]), op: 'two gzip members' };
  return { gz, op: '' };
}

function sameFiles(a: Map<string, Uint8Array>, b: Map<string, Uint8Array>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w || w.length !== v.length || !w.every((x, i) => x === v[i])) return false;
  }
  return true;
}

export const mirrorFsTarget: FuzzTarget = {
  name: 'mirror-fs',
  async setup() {
    const resources = parseTrustRootYaml(readFileSync(join(REPO, 'test-vectors/tuf/trustroots.yaml'), 'utf8'));
    seeds = [];
    for (const resource of resources.filter((r) => r.spec.repository)) {
      const root = await loadTrustRootResource(resource, { now: NOW });
      const gz = Buffer.from(resource.spec.repository!.mirrorFS, 'base64');
      const files = unpackMirrorFs(resource.spec.repository!.mirrorFS);
      seeds.push({ resource, tar: gunzipSync(gz), files, expected: JSON.stringify(inspectTrustRoot(root)) });
    }
    if (seeds.length === 0)
      throw new Error('mirror-fs: no TrustRoot with spec.repository in test-vectors/tuf/trustroots.yaml');
    bomb = gzipSync(new Uint8Array(64 * 1024 * 1024 + 1), { level: 1 });
  },
  async run(rng, ctx) {
    const seed = rng.pick(seeds);
    const ops: string[] = [];
    let tar = seed.tar;
    for (let n = rng.range(1, 2); n > 0; n--) {
      const m = mutateTar(rng, tar);
      tar = m.tar;
      ops.push(m.op);
    }
    const a = archive(rng, tar);
    if (a.op) ops.push(a.op);
    const description = `${seed.resource.name}: ${ops.join(' | ')}`;
    const kind = a.gz === bomb ? 'gzip-bomb' : 'archive';
    if (ctx.capped(kind)) return skipped(description);
    ctx.announce(kind, description);
    const mirrorFS = Buffer.from(a.gz).toString('base64');
    const resource: TrustRootResource = {
      ...seed.resource,
      spec: { ...seed.resource.spec, repository: { ...seed.resource.spec.repository!, mirrorFS } },
    };
    // Unpacking is cheap; the TUF refresh is not. An archive that unpacks to the seed's very files
    // loads to the seed's trust root, so only archives with other files go through TUF.
    let files;
    try {
      files = unpackMirrorFs(mirrorFS, { where: 'mirrorFS' });
    } catch (e) {
      if (e instanceof TrustRootLoadError) return pass(description);
      return fail(description, `unpackMirrorFs threw an untyped error: ${describeError(e)}`);
    }
    if (sameFiles(files, seed.files)) return pass(`${description} (same files as the seed)`);
    let root;
    try {
      root = await loadTrustRootResource(resource, { now: NOW });
    } catch (e) {
      if (e instanceof TrustRootLoadError || e instanceof TrustRootError) return pass(description);
      return fail(description, `loadTrustRootResource threw an untyped error: ${describeError(e)}`);
    }
    const got = JSON.stringify(inspectTrustRoot(root));
    if (got !== seed.expected)
      return fail(description, `a mutated archive loaded to a different trust root: ${got.slice(0, 300)}`);
    return pass(description);
  },
};
