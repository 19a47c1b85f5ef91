// OCI image layouts on disk, damaged the ways a hostile producer can: FIFOs, device files,
// symlinks (outside, cycles, dangling), directories, huge sparse and truncated files, wrong
// sizes, bad JSON. Through @sigguard/oci's layout reader: open, resolve a tag, discover evidence.
// Invariants: only OciError; within the time budget and without a memory spike; nothing read
// through a symlink that leaves the layout.
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  constants,
  mkdirSync,
  mkdtempSync,
  openSync,
  realpathSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverEvidence, OciError, parseImageReference, resolveImage } from '@sigguard/oci';
import { openOciLayoutDir } from '@sigguard/oci/node';
import { mutateJson, mutateText, pathString, type Json } from '../json-mutate.ts';
import { ociFixture, type Blob, type OciFixture } from '../oci-fixture.ts';
import type { Rng } from '../rng.ts';
import { describeError, fail, pass, skipped, type FuzzTarget } from '../target.ts';

let fixture: OciFixture;
let base = '';
const MiB = 1 << 20;

const blobPath = (dir: string, b: Blob) => join(dir, 'blobs/sha256', b.digest.slice(7));

function writeLayout(dir: string, index: Uint8Array = fixture.index) {
  mkdirSync(join(dir, 'blobs/sha256'), { recursive: true });
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(join(dir, 'index.json'), index);
  for (const b of fixture.all) writeFileSync(blobPath(dir, b), b.bytes);
}

/**
 * Rewrites a file that an earlier damage may have replaced: opened non-blocking, so a FIFO left by
 * the first damage fails at once (ENXIO, no reader: the second damage is then "not applicable")
 * instead of blocking the generator forever before the case starts (seed 20261205 case 10521:
 * `fifo` at index.json, then `index-json`, was killed at its budget without ever running).
 */
function rewrite(path: string, text: string): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NONBLOCK);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

type Damage = (rng: Rng, dir: string, outside: string) => string;

/** Kinds of damage; the kind name is what the coordinator caps and the report groups by. */
const DAMAGE: Record<string, Damage> = {
  fifo(rng, dir) {
    const where = rng.chance(0.7)
      ? blobPath(dir, rng.pick(fixture.all))
      : join(dir, rng.pick(['index.json', 'oci-layout', `blobs/sha256/${'f'.repeat(64)}`]));
    rmSync(where, { recursive: true, force: true });
    execFileSync('mkfifo', [where]);
    return `FIFO at ${where.slice(dir.length + 1)}`;
  },
  device(rng, dir) {
    const where = rng.chance(0.8)
      ? blobPath(dir, rng.pick(fixture.all))
      : join(dir, rng.pick(['index.json', `blobs/sha256/${'d'.repeat(64)}`]));
    const dev = rng.pick(['/dev/zero', '/dev/urandom', '/dev/null']);
    rmSync(where, { recursive: true, force: true });
    symlinkSync(dev, where);
    return `${where.slice(dir.length + 1)} -> ${dev}`;
  },
  'symlink-outside'(rng, dir, outside) {
    const b = rng.pick([fixture.image, fixture.referrer]);
    const copy = join(outside, b.digest.slice(7));
    writeFileSync(copy, b.bytes);
    rmSync(blobPath(dir, b), { recursive: true, force: true });
    symlinkSync(
      rng.chance(0.5) ? copy : join('../../..', outside.slice(outside.lastIndexOf('/') + 1), b.digest.slice(7)),
      blobPath(dir, b),
    );
    return `OUTSIDE: ${b.role} blob is a symlink to a copy outside the layout`;
  },
  'symlink-inside'(rng, dir) {
    const b = rng.pick(fixture.all);
    const real = join(dir, 'real-' + b.digest.slice(7));
    writeFileSync(real, b.bytes);
    rmSync(blobPath(dir, b), { recursive: true, force: true });
    symlinkSync(`../../real-${b.digest.slice(7)}`, blobPath(dir, b));
    return `${b.role} blob is a symlink to a file inside the layout`;
  },
  'symlink-cycle'(rng, dir) {
    const b = rng.pick(fixture.all);
    rmSync(blobPath(dir, b), { recursive: true, force: true });
    symlinkSync(`${b.digest.slice(7)}.loop`, blobPath(dir, b));
    symlinkSync(b.digest.slice(7), `${blobPath(dir, b)}.loop`);
    return `${b.role} blob is a symlink cycle`;
  },
  'symlink-dangling'(rng, dir) {
    const b = rng.pick(fixture.all);
    rmSync(blobPath(dir, b), { recursive: true, force: true });
    symlinkSync('/nonexistent/blob', blobPath(dir, b));
    return `${b.role} blob is a dangling symlink`;
  },
  directory(rng, dir) {
    const b = rng.pick(fixture.all);
    rmSync(blobPath(dir, b), { recursive: true, force: true });
    mkdirSync(blobPath(dir, b));
    return `${b.role} blob is a directory`;
  },
  'huge-sparse'(rng, dir) {
    const size = rng.pick([5 * MiB, 64 * MiB, 1024 * MiB]);
    const where = rng.chance(0.5) ? join(dir, 'index.json') : blobPath(dir, rng.pick(fixture.all));
    truncateSync(where, size);
    return `${where.slice(dir.length + 1)} is a sparse file of ${size / MiB} MiB`;
  },
  truncated(rng, dir) {
    const b = rng.pick(fixture.all);
    truncateSync(blobPath(dir, b), rng.int(b.bytes.length));
    return `${b.role} blob truncated`;
  },
  'many-unreferenced'(rng, dir) {
    const n = rng.pick([100, 1000]);
    for (let i = 0; i < n; i++)
      writeFileSync(join(dir, 'blobs/sha256', i.toString(16).padStart(64, '0')), '{"subject":1}');
    return `${n} unreferenced blobs`;
  },
  'index-json'(rng, dir) {
    let doc = JSON.parse(new TextDecoder().decode(fixture.index)) as Json;
    const ops: string[] = [];
    for (let n = rng.range(1, 3); n > 0; n--) {
      const m = mutateJson(rng, doc);
      doc = m.doc;
      ops.push(`${pathString(m.mutation.path)}: ${m.mutation.op}`);
    }
    let text = JSON.stringify(doc);
    if (rng.chance(0.2)) {
      const t = mutateText(rng, text);
      text = t.text;
      ops.push(t.op);
    }
    rewrite(join(dir, 'index.json'), text);
    return `index.json ${ops.join(' | ')}`;
  },
  'manifest-json'(rng, dir) {
    const b = rng.pick([fixture.image, fixture.referrer]);
    const m = mutateJson(rng, JSON.parse(new TextDecoder().decode(b.bytes)) as Json);
    rewrite(blobPath(dir, b), JSON.stringify(m.doc));
    return `${b.role} content changed (digest no longer matches): ${pathString(m.mutation.path)}: ${m.mutation.op}`;
  },
};

export const ociLayoutTarget: FuzzTarget = {
  name: 'oci-layout',
  async setup() {
    fixture = ociFixture();
    base = mkdtempSync(join(tmpdir(), 'sigguard-fuzz-layout-'));
    process.on('exit', () => rmSync(base, { recursive: true, force: true }));
  },
  async teardown() {
    rmSync(base, { recursive: true, force: true });
  },
  async run(rng, ctx) {
    const kind = rng.pick(Object.keys(DAMAGE));
    const dir = join(base, `layout-${ctx.index}`);
    const outside = join(base, `outside-${ctx.index}`);
    mkdirSync(outside, { recursive: true });
    writeLayout(dir);
    try {
      const what = [DAMAGE[kind]!(rng, dir, outside)];
      if (rng.chance(0.2)) {
        const second = rng.pick(['truncated', 'symlink-inside', 'index-json', 'directory']);
        // A second damage may not apply to what the first left (truncating a dangling link): skip it.
        try {
          what.push(DAMAGE[second]!(rng, dir, outside));
        } catch (e) {
          what.push(`(${second} not applicable: ${(e as NodeJS.ErrnoException).code ?? 'error'})`);
        }
      }
      const description = `${kind}: ${what.join(' | ')}`;
      if (ctx.capped(kind)) return skipped(description);
      ctx.announce(kind, description);
      const repo = parseImageReference('registry.local/app:v1');
      let resolved;
      let found = 0;
      try {
        const layout = await openOciLayoutDir(dir);
        resolved = await resolveImage(layout, repo);
        const r = await discoverEvidence(layout, { ...repo, digest: resolved.digest });
        found = r.evidence.length;
      } catch (e) {
        if (!(e instanceof OciError)) {
          const problem = `threw a non-OciError: ${describeError(e)}`;
          const known = /ELOOP|EISDIR|ENXIO|EINVAL|ERR_FS_FILE_TOO_LARGE|escapes the layout/.test(problem)
            ? 'issue 11 item 1: the layout reader does not check file types / reads through symlinks'
            : undefined;
          return { ...fail(description, problem), ...(known ? { known } : {}) };
        }
      }
      // What still leads outside once every damage is done (a later damage may have replaced the link).
      const outsideReal = realpathSync(outside);
      const leaving = fixture.all.filter((b) => {
        try {
          return realpathSync(blobPath(dir, b)).startsWith(`${outsideReal}/`);
        } catch {
          return false;
        }
      });
      const escaped =
        resolved !== undefined && leaving.length > 0 && (leaving.some((b) => b.role === 'image manifest') || found > 0);
      if (escaped) {
        return {
          ...fail(description, 'read a blob through a symlink that leaves the layout directory'),
          known: 'issue 11 item 1: symlinks followed outside the layout',
        };
      }
      return pass(description);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  },
};
