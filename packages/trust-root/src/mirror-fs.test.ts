// Bad mirrorFS input: each refusal says what was wrong and where, and nothing loads.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'fflate';
import { createTar } from 'nanotar';
import { stringify } from 'yaml';
import { loadTrustRootsFromYaml, TrustRootLoadError, unpackMirrorFs, type TrustRootLoadReason } from './index.ts';

const REPO = fileURLToPath(new URL('../../../test-vectors/tuf/trusted-root/', import.meta.url));
const NOW = new Date('2026-12-01T00:00:00Z');
const rootJson = readFileSync(join(REPO, 'root.json'));

/** The trusted-root repository's files, relative to repository/. */
function repositoryFiles(): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p, `${prefix}${name}/`);
      else out.set(`${prefix}${name}`, readFileSync(p));
    }
  };
  walk(join(REPO, 'repository'), '');
  return out;
}

/** A tar rooted at the repository itself (names stay under nanotar's 100-byte limit). */
function tarOf(files: Map<string, Uint8Array>, extra: { name: string; data?: Uint8Array }[] = []): Uint8Array {
  return createTar([...[...files].map(([name, data]) => ({ name, data })), ...extra]);
}

function trustRootYaml(mirrorFS: string): string {
  return stringify({
    apiVersion: 'policy.sigstore.dev/v1alpha1',
    kind: 'TrustRoot',
    metadata: { name: 'bad' },
    spec: { repository: { root: rootJson.toString('base64'), mirrorFS } },
  });
}

async function refused(mirrorFS: string, reason: TrustRootLoadReason, message: RegExp): Promise<void> {
  await assert.rejects(
    loadTrustRootsFromYaml(trustRootYaml(mirrorFS), { where: 'bad.yaml', now: NOW }),
    (e: unknown) => {
      assert.ok(e instanceof TrustRootLoadError, String(e));
      assert.equal(e.reason, reason, e.message);
      assert.match(e.message, message);
      assert.match(e.message, /TrustRoot bad \(bad\.yaml document 1/);
      return true;
    },
  );
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

test('a tar rooted at the repository itself loads (policy-controller keeps such paths)', async () => {
  const set = await loadTrustRootsFromYaml(trustRootYaml(b64(gzipSync(tarOf(repositoryFiles())))), { now: NOW });
  assert.deepEqual(set.names, ['bad']);
});

test('not base64', async () => {
  await refused('this is not base64!', 'NOT_BASE64', /spec\.repository\.mirrorFS: is not valid base64/);
});

test('not gzip', async () => {
  await refused(b64(Buffer.from('hello world\n')), 'NOT_GZIP', /spec\.repository\.mirrorFS: is not gzip data/);
  await refused(b64(tarOf(repositoryFiles())), 'NOT_GZIP', /is not gzip data/);
});

test('corrupt or truncated gzip', async () => {
  const gz = gzipSync(tarOf(repositoryFiles()));
  await refused(b64(gz.subarray(0, gz.length - 40)), 'NOT_GZIP', /gzip data is (truncated|corrupt)/);
});

test('tar paths escaping repository/ are refused', async () => {
  // (entries with long hash-prefixed names are left out: nanotar writes names up to 100 bytes)
  const files = new Map([...repositoryFiles()].map(([k, v]) => [`repository/${k}`, v] as const));
  for (const name of ['../evil.json', '/etc/evil.json', 'repository/../../evil.json', 'other/evil.json']) {
    const tar = createTar([
      ...[...files].filter(([k]) => k.length < 100).map(([n, data]) => ({ name: n, data })),
      { name, data: Buffer.from('x') },
    ]);
    await refused(b64(gzipSync(tar)), 'TAR_PATH', /outside repository\/|escaping repository\//);
  }
});

test('links and other non-regular entries are refused', () => {
  const tar = Buffer.from(createTar([{ name: 'repository/root.json' }]));
  tar[156] = '2'.charCodeAt(0); // typeflag: symbolic link
  // fix the header checksum so the entry is otherwise valid
  tar.fill(' ', 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += tar[i]!;
  tar.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  assert.throws(
    () => unpackMirrorFs(gzipSync(tar)),
    (e: unknown) => e instanceof TrustRootLoadError && e.reason === 'BAD_TAR' && /is a symbolicLink/.test(e.message),
  );
});

test('oversized archives are refused before and while unpacking', async () => {
  const gz = gzipSync(tarOf(repositoryFiles()));
  assert.throws(
    () => unpackMirrorFs(gz, { limits: { maxCompressedBytes: 100 } }),
    (e: unknown) =>
      e instanceof TrustRootLoadError &&
      e.reason === 'ARCHIVE_TOO_LARGE' &&
      /exceeds the limit of 100 bytes/.test(e.message),
  );
  // a gzip bomb: 4 MiB of zeros compresses to ~4 KiB
  const bomb = gzipSync(new Uint8Array(4 * 1024 * 1024));
  assert.throws(
    () => unpackMirrorFs(bomb, { limits: { maxUncompressedBytes: 1024 * 1024 } }),
    (e: unknown) =>
      e instanceof TrustRootLoadError &&
      e.reason === 'ARCHIVE_TOO_LARGE' &&
      /uncompressed archive exceeds the limit/.test(e.message),
  );
  assert.throws(
    () => unpackMirrorFs(gz, { limits: { maxEntries: 3 } }),
    (e: unknown) =>
      e instanceof TrustRootLoadError &&
      e.reason === 'ARCHIVE_TOO_LARGE' &&
      /entries, over the limit of 3/.test(e.message),
  );
});

// Fuzz seed 20261205 (mirror-fs gzip-bomb kills): a 65 KB bomb of 64 MiB of zeros took ~4 s to
// refuse, because the whole bomb was pushed to the inflater in one 64 KiB slice, and the cap was
// 64 MiB. GNU gzip writes the bomb here (64 MiB + 1 zeros, 65 KB: -9 reaches deflate's 1032:1).
const gnuBomb = (): Uint8Array =>
  new Uint8Array(execFileSync('sh', ['-c', 'head -c 67108865 /dev/zero | gzip -9'], { maxBuffer: 1 << 22 }));
const tooLarge = (limit: number) => (e: unknown) =>
  e instanceof TrustRootLoadError && e.reason === 'ARCHIVE_TOO_LARGE' && e.message.includes(`limit of ${limit} bytes`);
// Work, not wall time: each refusal is measured against inflating the whole bomb in the same process (the
// old code did as much work as that), in CPU time, which other processes on a busy machine do not add to
// (wall time did: this failed beside CPU burners). This thread's CPU time where Node has it (the inflating is
// done here; the process's total adds GC helper threads, which a loaded machine slows too). The less of two runs.
const cpuMs = (): number => {
  const { user, system } = process.threadCpuUsage?.() ?? process.cpuUsage();
  return (user + system) / 1000;
};
const fastest = (f: () => void): number => {
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    const started = cpuMs();
    f();
    best = Math.min(best, cpuMs() - started);
  }
  return best;
};

test('a gzip bomb is stopped at the cap while inflating, not after', () => {
  const bomb = gnuBomb();
  const whole = fastest(() => gunzipSync(bomb));
  const capped = fastest(() =>
    assert.throws(() => unpackMirrorFs(bomb, { limits: { maxUncompressedBytes: 1 << 20 } }), tooLarge(1 << 20)),
  );
  // About 1 MiB of 64 inflated; before, the one 64 KiB push inflated all of it first.
  assert.ok(
    capped < whole / 4,
    `a 1 MiB cap took ${Math.round(capped)} ms, inflating all 64 MiB ${Math.round(whole)} ms`,
  );
  const atDefault = fastest(() => assert.throws(() => unpackMirrorFs(bomb), tooLarge(16 * 1024 * 1024)));
  // The default cap (16 MiB) inflates a quarter of this bomb (~0.2 s on an idle machine); in 1 KiB pushes that
  // costs about half of inflating all of it at once (196 of 389 ms beside two CPU burners), so the bound is 3/4:
  // refusing only after inflating (nearly) all of it still fails.
  assert.ok(
    atDefault < (whole * 3) / 4,
    `the 16 MiB default took ${Math.round(atDefault)} ms, all 64 MiB ${Math.round(whole)} ms`,
  );
});

test('missing roles are refused naming the role and the file', async () => {
  for (const [file, role] of [
    ['timestamp.json', 'timestamp'],
    ['1.snapshot.json', 'snapshot'],
    ['1.targets.json', 'targets'],
  ] as const) {
    const files = repositoryFiles();
    files.delete(file);
    await refused(
      b64(gzipSync(tarOf(files))),
      'TUF_MISSING',
      new RegExp(`TUF role ${role} is missing: .*mirrorFS repository/${file.replace('.', '\\.')}`),
    );
  }
});

test('a missing target file is refused', async () => {
  const files = repositoryFiles();
  for (const k of [...files.keys()]) if (k.startsWith('targets/')) files.delete(k);
  await refused(b64(gzipSync(tarOf(files))), 'TUF_MISSING', /TUF target "trusted_root\.json": .*is missing/);
});

test('a tampered timestamp is refused: signature threshold', async () => {
  const files = repositoryFiles();
  files.set(
    'timestamp.json',
    Buffer.from(Buffer.from(files.get('timestamp.json')!).toString().replace('"version": 1', '"version": 2')),
  );
  await refused(b64(gzipSync(tarOf(files))), 'TUF_SIGNATURE', /TUF role timestamp .*timestamp was signed by 0\/1 keys/);
});

test('a file given twice (also spelled differently) is refused, not resolved to either copy', () => {
  const files = new Map(
    [...repositoryFiles()].filter(([k]) => k.length < 90).map(([k, v]) => [`repository/${k}`, v] as const),
  );
  for (const again of [
    'repository/timestamp.json',
    './repository/timestamp.json',
    'repository/./timestamp.json',
    'repository//timestamp.json',
  ]) {
    const tar = createTar([
      ...[...files].map(([name, data]) => ({ name, data })),
      { name: again, data: Buffer.from('{}') },
    ]);
    assert.throws(
      () => unpackMirrorFs(gzipSync(tar)),
      (e: unknown) =>
        e instanceof TrustRootLoadError && e.reason === 'BAD_TAR' && /holds ".*timestamp\.json" twice/.test(e.message),
      again,
    );
  }
});
