// The Node adapter: trust-root files (trusted_root.json or TrustRoot YAML) and the on-disk TUF cache.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  MemoryTufSource,
  parseTrustRootYaml,
  TrustRootLoadError,
  TufRepository,
  unpackMirrorFs,
  type TufSource,
} from '@sigguard/trust-root';
import { FileTufCache, loadTrustRootFile, loadTrustRootsFile } from '@sigguard/trust-root/node';

const VECTORS = fileURLToPath(new URL('../../../../test-vectors/tuf/', import.meta.url));
const NOW = new Date('2026-12-01T00:00:00Z');
const tmp = mkdtempSync(join(tmpdir(), 'sigguard-trust-root-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('a trusted_root.json file loads as is', async () => {
  const root = await loadTrustRootFile(join(VECTORS, 'trusted_root.json'));
  assert.equal(root.name, 'custom');
  assert.deepEqual(root.json, JSON.parse(readFileSync(join(VECTORS, 'trusted_root.json'), 'utf8')));
});

test('a TrustRoot YAML file: one resource, or several chosen by name', async () => {
  const one = await loadTrustRootFile(join(VECTORS, 'legacy-targets/trustroot.yaml'), { now: NOW });
  assert.equal(one.name, 'legacy-targets');
  const file = join(VECTORS, 'trustroots.yaml');
  assert.equal((await loadTrustRootFile(file, { name: 'inline-keys', now: NOW })).name, 'inline-keys');
  await assert.rejects(
    loadTrustRootFile(file, { now: NOW }),
    (e: unknown) =>
      e instanceof TrustRootLoadError &&
      /holds 3 TrustRoots \(trusted-root, legacy-targets, inline-keys\); choose one by name/.test(e.message),
  );
  await assert.rejects(
    loadTrustRootFile(file, { name: 'missing', now: NOW }),
    (e: unknown) =>
      e instanceof TrustRootLoadError &&
      e.reason === 'UNKNOWN_TRUST_ROOT' &&
      /no TrustRoot named "missing"/.test(e.message),
  );
  assert.deepEqual((await loadTrustRootsFile(file, { now: NOW })).names, [
    'trusted-root',
    'legacy-targets',
    'inline-keys',
  ]);
});

test('an unreadable or empty file is an error naming it', async () => {
  await assert.rejects(
    loadTrustRootFile(join(tmp, 'absent.yaml')),
    (e: unknown) => e instanceof TrustRootLoadError && e.message.includes('absent.yaml: cannot read trust root file'),
  );
  writeFileSync(join(tmp, 'empty.yaml'), '# nothing\n');
  await assert.rejects(
    loadTrustRootFile(join(tmp, 'empty.yaml')),
    (e: unknown) => e instanceof TrustRootLoadError && /holds no TrustRoot resource/.test(e.message),
  );
});

test('a truncated trusted_root.json is reported as invalid JSON, not as a YAML parse error', async () => {
  const whole = readFileSync(join(VECTORS, 'trusted_root.json'), 'utf8');
  writeFileSync(join(tmp, 'truncated.json'), whole.slice(0, 200));
  await assert.rejects(
    loadTrustRootFile(join(tmp, 'truncated.json')),
    (e: unknown) =>
      e instanceof TrustRootLoadError && /truncated\.json: not valid JSON: /.test(e.message) && !/YAML/.test(e.message),
  );
});

test('FileTufCache keeps verified metadata on disk; a second refresh fetches only the timestamp and root probe', async () => {
  const [resource] = parseTrustRootYaml(readFileSync(join(VECTORS, 'rotated/trustroot.yaml'), 'utf8'));
  const memory = new MemoryTufSource(unpackMirrorFs(resource!.spec.repository!.mirrorFS));
  const fetched: string[] = [];
  const source: TufSource = {
    describe: (p) => memory.describe(p),
    get: (p, max) => {
      fetched.push(p);
      return memory.get(p, max);
    },
  };
  const dir = join(tmp, 'cache');
  const first = await TufRepository.refresh({
    root: resource!.spec.repository!.root,
    source,
    cache: new FileTufCache(dir),
    now: NOW,
  });
  await first.getTarget('trusted_root.json');
  assert.deepEqual(readdirSync(dir).sort(), [
    '2.root.json',
    'snapshot.json',
    'targets%2Ftrusted_root.json',
    'targets.json',
    'timestamp.json',
  ]);
  fetched.length = 0;
  const second = await TufRepository.refresh({
    root: resource!.spec.repository!.root,
    source,
    cache: new FileTufCache(dir),
    now: NOW,
  });
  await second.getTarget('trusted_root.json');
  assert.equal(second.rootVersion, 2);
  assert.deepEqual(fetched, ['3.root.json', 'timestamp.json']);
  // a damaged cached target is not trusted: it is fetched again and verified
  writeFileSync(join(dir, 'targets%2Ftrusted_root.json'), '{}');
  fetched.length = 0;
  const third = await TufRepository.refresh({
    root: resource!.spec.repository!.root,
    source,
    cache: new FileTufCache(dir),
    now: NOW,
  });
  await third.getTarget('trusted_root.json');
  assert.ok(fetched.some((p) => p.endsWith('.trusted_root.json')));
});
