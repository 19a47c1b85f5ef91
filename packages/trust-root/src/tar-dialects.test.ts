// mirrorFS archives written by other tools, in every tar dialect they write, with names over
// 100 bytes (a consistent-snapshot target, repository/targets/<sha256>.trusted_root.json, is
// 101): GNU tar (gnu, oldgnu, ustar, posix, v7), Python's tarfile (USTAR, GNU, PAX) and node-tar.
// Each archive must unpack to exactly the files the tool packed (differential test of tar.ts)
// and load through the real TrustRoot path. Refusals (links, escapes, duplicates, sparse data)
// are checked on archives the tools wrote too, with the long names resolved. Python writes every archive of
// the file in one process (PY_BATCH, run before the tests): a Python start costs up to half a CPU-second here.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createSync as nodeTarCreate } from 'tar';
import { stringify } from 'yaml';
import { loadTrustRootsFromYaml, TrustRootLoadError, unpackMirrorFs, type TrustRootLoadReason } from './index.ts';

const VECTORS = fileURLToPath(new URL('../../../test-vectors/tuf/trusted-root/', import.meta.url));
const NOW = new Date('2026-12-01T00:00:00Z');
const expectedTrustedRoot = (
  JSON.parse(readFileSync(join(VECTORS, 'expected.json'), 'utf8')) as { trustedRoot: unknown }
).trustedRoot;

function toolMissing(cmd: string, args: string[], want: RegExp): string | false {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0 || !want.test(r.stdout + r.stderr)) {
    return `${cmd} not usable here (${r.error?.message ?? `exit ${r.status}`}); install it (scripts/install-system-deps.sh)`;
  }
  return false;
}
const noGnuTar = toolMissing('tar', ['--version'], /GNU tar/);
if (noGnuTar) console.log(`# skipping tests: ${noGnuTar}`);

const work = mkdtempSync(join(tmpdir(), 'sigguard-tar-dialects-'));
after(() => rmSync(work, { recursive: true, force: true }));
let counter = 0;

// Extra files with long names, beside the 101-byte target. ustar splits a name at a "/" into a
// prefix of up to 155 bytes and a name of up to 100 (directories too); GNU and pax are unbounded.
const USTAR_LONG = `extra/${'a'.repeat(90)}/${'b'.repeat(90)}.json`;
const UNBOUNDED_LONG = `extra/${'c'.repeat(150)}/${'d'.repeat(150)}.json`;

/** A copy of the trusted-root repository under <dir>/repository, plus `extra` files (relative to repository/). */
function tree(extra: string[]): string {
  const dir = join(work, `tree-${counter++}`);
  cpSync(join(VECTORS, 'repository'), join(dir, 'repository'), { recursive: true });
  for (const name of extra) {
    mkdirSync(join(dir, 'repository', name, '..'), { recursive: true });
    writeFileSync(join(dir, 'repository', name), `{"extra": ${JSON.stringify(name)}}\n`);
  }
  return dir;
}

/** The regular files under dir, keyed by path relative to dir. */
function filesUnder(dir: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const walk = (d: string, prefix: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p, `${prefix}${name}/`);
      else out.set(`${prefix}${name}`, new Uint8Array(readFileSync(p)));
    }
  };
  walk(dir, '');
  return out;
}

function gnuTar(format: string, cwd: string, members: string[], extraArgs: string[] = []): Uint8Array {
  const out = join(work, `gnu-${format}-${counter++}.tar.gz`);
  execFileSync('tar', [`--format=${format}`, '-czf', out, ...extraArgs, '-C', cwd, ...members]);
  return readFileSync(out);
}

// Every archive Python writes, in one process: jobs (JSON on stdin) are packed directories, archives of listed
// entries, and the pax-size archive, which Python also reads back (what tarfile makes of it is the answer).
const PY_BATCH = `
import io, json, sys, tarfile
FORMATS = {'USTAR': tarfile.USTAR_FORMAT, 'GNU': tarfile.GNU_FORMAT, 'PAX': tarfile.PAX_FORMAT}

def pack(job):
    with tarfile.open(job['out'], 'w:gz', format=FORMATS[job['format']]) as t:
        t.add(job['path'], arcname=job['member'])

def entries(job):
    spec = job['spec']
    with tarfile.open(job['out'], 'w:gz', format=FORMATS[job['format']], pax_headers=spec.get('global', {})) as t:
        for name, text, kind in spec['entries']:
            ti = tarfile.TarInfo(name)
            if kind == 'symlink':
                ti.type, ti.linkname = tarfile.SYMTYPE, text
                t.addfile(ti)
            else:
                data = text.encode()
                ti.size = len(data)
                t.addfile(ti, io.BytesIO(data))

def pax_size(job):
    # A pax size with the ustar size field left 0 (as writers do for files over 8 GiB, scaled down).
    data = b'{"pax": "size"}' * 40
    pax = tarfile.TarInfo._create_pax_generic_header(
        {'size': str(len(data)), 'path': 'repository/' + 'p' * 120 + '.json'}, tarfile.XHDTYPE, 'utf-8')
    ti = tarfile.TarInfo('repository/short.json')
    ti.size = 0
    raw = pax + ti.tobuf(tarfile.USTAR_FORMAT) + data + tarfile.NUL * (-len(data) % 512) + tarfile.NUL * 1024
    with open(job['out'], 'wb') as f:
        f.write(raw)
    with tarfile.open(job['out']) as t:
        m = t.getmembers()[0]
        return {'name': m.name, 'data': t.extractfile(m).read().decode()}

results = [{'pack': pack, 'entries': entries, 'pax-size': pax_size}[job['kind']](job) for job in json.load(sys.stdin)]
json.dump(results, sys.stdout)
`;
interface EntriesSpec {
  entries: [name: string, text: string, kind: 'file' | 'symlink'][];
  global?: Record<string, string>;
}
type PyJob =
  | { kind: 'pack'; format: string; out: string; member: string; path: string }
  | { kind: 'entries'; format: string; out: string; spec: EntriesSpec }
  | { kind: 'pax-size'; out: string };
const pyJobs: PyJob[] = [];
let pyRun: { results: unknown[]; skip?: string } | undefined;
/** Queues a Python job (at module level: they all run when the first test asks); the index of its result. */
function pyJob(job: PyJob): number {
  if (pyRun) throw new Error('a Python job queued after the Python process ran');
  return pyJobs.push(job) - 1;
}
/** An archive of `cwd`/`member` in `format`, written by Python. */
function pythonTar(format: string, cwd: string, member: string): string {
  const out = join(work, `py-${format}-${counter++}.tar.gz`);
  pyJob({ kind: 'pack', format, out, member, path: join(cwd, member) });
  return out;
}
/** An archive of `entries` ([name, text, file | symlink]) in `format`, written by Python. */
function pythonEntries(format: string, spec: EntriesSpec): string {
  const out = join(work, `py-entries-${counter++}.tar.gz`);
  pyJob({ kind: 'entries', format, out, spec });
  return out;
}
/**
 * The results of every queued job, from one Python process started by the first test that asks; undefined (the test
 * skipped, saying why) when Python is not usable here.
 */
function python(t: TestContext): unknown[] | undefined {
  if (!pyRun) {
    const r = spawnSync('python3', ['-c', PY_BATCH], { input: JSON.stringify(pyJobs), encoding: 'utf8' });
    const why = r.error?.message ?? (r.status !== 0 ? `exit ${r.status}: ${r.stderr.trim().split('\n').at(-1)}` : '');
    pyRun = why
      ? { results: [], skip: `python3 not usable here (${why}); install it (scripts/install-system-deps.sh)` }
      : { results: JSON.parse(r.stdout) as unknown[] };
    if (pyRun.skip) console.log(`# skipping tests: ${pyRun.skip}`);
  }
  if (pyRun.skip) t.skip(pyRun.skip);
  return pyRun.skip ? undefined : pyRun.results;
}

function trustRootYaml(gz: Uint8Array): string {
  return stringify({
    apiVersion: 'policy.sigstore.dev/v1alpha1',
    kind: 'TrustRoot',
    metadata: { name: 'other-tool' },
    spec: {
      repository: {
        root: readFileSync(join(VECTORS, 'root.json')).toString('base64'),
        mirrorFS: Buffer.from(gz).toString('base64'),
      },
    },
  });
}

/** The archive unpacks to exactly the tree's files and loads through the TrustRoot path. */
async function assertLoads(gz: Uint8Array, repositoryDir: string, what: string): Promise<void> {
  const files = unpackMirrorFs(gz, { where: what });
  const want = filesUnder(repositoryDir);
  assert.deepEqual([...files.keys()].sort(), [...want.keys()].sort(), `${what}: file names`);
  for (const [name, data] of want) assert.deepEqual(files.get(name), data, `${what}: ${name}`);
  assert.ok(
    [...files.keys()].some((k) => `repository/${k}`.length > 100),
    `${what}: has a name over 100 bytes`,
  );
  const [root] = [...(await loadTrustRootsFromYaml(trustRootYaml(gz), { where: what, now: NOW }))];
  assert.deepEqual(root!.json, expectedTrustedRoot, what);
}

function assertRefused(gz: Uint8Array, reason: TrustRootLoadReason, message: RegExp, what: string): void {
  assert.throws(
    () => unpackMirrorFs(gz, { where: what }),
    (e: unknown) => {
      assert.ok(e instanceof TrustRootLoadError, `${what}: ${String(e)}`);
      assert.equal(e.reason, reason, `${what}: ${e.message}`);
      assert.match(e.message, message, what);
      return true;
    },
  );
}

// --- valid archives ---------------------------------------------------------------------------

for (const format of ['gnu', 'oldgnu', 'posix', 'pax', 'ustar'] as const) {
  test(`GNU tar --format=${format}, names over 100 bytes, loads`, { skip: noGnuTar }, async () => {
    const dir = tree([format === 'ustar' ? USTAR_LONG : UNBOUNDED_LONG]);
    await assertLoads(gnuTar(format, dir, ['repository']), join(dir, 'repository'), `GNU tar ${format}`);
  });
}

test('GNU tar --format=v7 (names up to 99 bytes: archived from inside repository/) loads', {
  skip: noGnuTar,
}, async () => {
  const dir = tree([]);
  const gz = gnuTar('v7', join(dir, 'repository'), ['.']);
  const files = unpackMirrorFs(gz);
  assert.deepEqual(files, filesUnder(join(dir, 'repository')));
  const [root] = [...(await loadTrustRootsFromYaml(trustRootYaml(gz), { now: NOW }))];
  assert.deepEqual(root!.json, expectedTrustedRoot);
});

for (const format of ['USTAR', 'GNU', 'PAX'] as const) {
  const dir = tree([format === 'USTAR' ? USTAR_LONG : UNBOUNDED_LONG]);
  const archive = pythonTar(format, dir, 'repository');
  test(`Python tarfile ${format}_FORMAT, names over 100 bytes, loads`, async (t) => {
    if (!python(t)) return;
    await assertLoads(readFileSync(archive), join(dir, 'repository'), `Python ${format}`);
  });
}

test('node-tar (ustar prefix up to 255 bytes, pax beyond), names over 100 bytes, loads', async () => {
  const dir = tree([USTAR_LONG, UNBOUNDED_LONG]);
  const out = join(work, 'node-tar.tar.gz');
  nodeTarCreate({ gzip: true, cwd: dir, file: out, portable: true }, ['repository']);
  await assertLoads(readFileSync(out), join(dir, 'repository'), 'node-tar');
});

const metadataGlobal = pythonEntries('PAX', {
  global: { comment: 'packed for an air-gapped cluster' },
  entries: [[`repository/${UNBOUNDED_LONG}`, '{}', 'file']],
});
test('a pax global header with metadata only (Python pax_headers) is ignored, as by Go', (t) => {
  if (!python(t)) return;
  assert.deepEqual([...unpackMirrorFs(readFileSync(metadataGlobal)).keys()], [UNBOUNDED_LONG]);
});

const paxSizeFile = join(work, 'pax-size.tar');
const paxSize = pyJob({ kind: 'pax-size', out: paxSizeFile });
test('pax size overrides the header size field: read as Python tarfile reads it', (t) => {
  // A pax `size` with the ustar size field left 0 (PY_BATCH's pax_size); Python read it back as `read`.
  const read = python(t)?.[paxSize] as { name: string; data: string } | undefined;
  if (!read) return;
  const files = unpackMirrorFs(gzipSync(readFileSync(paxSizeFile)));
  assert.deepEqual([...files.keys()], [read.name.slice('repository/'.length)]);
  assert.equal(new TextDecoder().decode(files.get(read.name.slice('repository/'.length))), read.data);
});

// --- refusals, applied to the resolved long names --------------------------------------------

const LONG_DIR = `repository/${'e'.repeat(120)}`;

for (const format of ['USTAR', 'GNU', 'PAX'] as const) {
  const escaping = pythonEntries(format, {
    entries: [
      ['repository/timestamp.json', '{}', 'file'],
      [`${LONG_DIR}/../../evil.json`, 'x', 'file'],
    ],
  });
  test(`Python ${format}: a long name escaping repository/ is refused by its full name`, (t) => {
    if (!python(t)) return;
    const message = new RegExp(`"${LONG_DIR}/\\.\\./\\.\\./evil\\.json" contains "\\.\\."`);
    assertRefused(readFileSync(escaping), 'TAR_PATH', message, format);
  });

  const name = `${LONG_DIR}/twice.json`;
  const twice = pythonEntries(format, {
    entries: [
      [name, '{}', 'file'],
      [name.replace('repository/', 'repository/./'), '{}', 'file'],
    ],
  });
  test(`Python ${format}: the same long name twice is refused`, (t) => {
    if (!python(t)) return;
    assertRefused(readFileSync(twice), 'BAD_TAR', /holds ".*eeee\/twice\.json" twice/, format);
  });

  const link = pythonEntries(format, { entries: [[`${LONG_DIR}/link.json`, '../timestamp.json', 'symlink']] });
  test(`Python ${format}: a symbolic link with a long name is refused`, (t) => {
    if (!python(t)) return;
    assertRefused(readFileSync(link), 'BAD_TAR', new RegExp(`"${LONG_DIR}/link\\.json" is a symbolicLink`), format);
  });
}

test('GNU tar: a long-named symlink (gnu and posix) is refused', { skip: noGnuTar }, () => {
  const dir = tree([USTAR_LONG]);
  symlinkSync('../timestamp.json', join(dir, 'repository', 'extra', `${'l'.repeat(110)}.json`));
  for (const format of ['gnu', 'posix']) {
    assertRefused(gnuTar(format, dir, ['repository']), 'BAD_TAR', /l{110}\.json" is a symbolicLink/, format);
  }
});

test('GNU tar --sparse: sparse files (pax GNU.sparse.* and old GNU type S) are refused, not misread', {
  skip: noGnuTar,
}, () => {
  const dir = tree([]);
  const sparse = join(dir, 'repository', `${'s'.repeat(100)}.json`);
  writeFileSync(sparse, '');
  truncateSync(sparse, 4 * 1024 * 1024); // a hole of 4 MiB, as truncate(1) makes it
  writeFileSync(sparse, '{}', { flag: 'r+' });
  const posix = gnuTar('posix', dir, ['repository'], ['--sparse']);
  assertRefused(posix, 'BAD_TAR', /GNU\.sparse\..*sparse file, which is not supported/, 'posix');
  assertRefused(gnuTar('gnu', dir, ['repository'], ['--sparse']), 'BAD_TAR', /is a gnuSparseFile/, 'gnu');
});

const renamingGlobal = pythonEntries('PAX', {
  global: { path: 'repository/timestamp.json' },
  entries: [['repository/a.json', '{}', 'file']],
});
test('a pax global header that renames every entry is refused', (t) => {
  if (!python(t)) return;
  const message = /global pax header .*key "path" would apply to every later entry/;
  assertRefused(readFileSync(renamingGlobal), 'BAD_TAR', message, 'global path');
});
