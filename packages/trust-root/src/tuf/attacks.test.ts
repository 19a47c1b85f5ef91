// Adversarial TUF cases: a mirror (or a cache on disk) trying to make the client trust
// metadata or targets it must not. Every repository is real signed metadata from the
// project's generator (test-vectors/src/tuf/repository.ts).
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { buildRepository, singleKeyRoot, type TargetInput } from '@sigguard/test-vectors';
import { MemoryTufCache, MemoryTufSource, TrustRootLoadError, TufRepository, trustRootFromTuf, type TufSource } from '../index.ts';

const FUTURE = '2036-01-01T00:00:00Z';
const PAST = '2022-02-02T00:00:00Z';
const NOW = new Date('2026-12-01T00:00:00Z');
const expires = { timestamp: FUTURE, snapshot: FUTURE, targets: FUTURE };
const utf8 = (s: string) => new TextEncoder().encode(s);
const trustedRoot = { name: 'trusted_root.json', bytes: utf8('{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1"}') };

function refresh(files: Map<string, Uint8Array>, options: { now?: Date; cache?: MemoryTufCache; source?: TufSource } = {}): Promise<TufRepository> {
  return TufRepository.refresh({
    root: files.get('1.root.json')!,
    source: options.source ?? new MemoryTufSource(files, 'repo'),
    now: options.now ?? NOW,
    ...(options.cache ? { cache: options.cache } : {}),
  });
}

function refusedWith(reason: string, message: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof TrustRootLoadError, String(e));
    assert.equal(e.reason, reason, e.message);
    assert.match(e.message, message);
    return true;
  };
}

test('an invalid reference time is an error, not "nothing ever expires"', async () => {
  // Every role expired long ago: only a broken clock could accept this repository.
  const files = buildRepository({ roots: [singleKeyRoot(PAST)], targets: [trustedRoot], expires: { timestamp: PAST, snapshot: PAST, targets: PAST } });
  await assert.rejects(refresh(files), refusedWith('TUF_EXPIRED', /TUF role root expired/));
  await assert.rejects(refresh(files, { now: new Date('not a date') }), refusedWith('TUF_INVALID', /reference time.*not a valid date/));
  // A JavaScript caller passing a string (not a Date) is refused the same way.
  await assert.rejects(refresh(files, { now: '2020-01-01' as unknown as Date }), refusedWith('TUF_INVALID', /reference time.*not a valid date/));
});

test('a mirror rolling timestamp, snapshot or targets back below the cached versions is refused', async () => {
  const root = singleKeyRoot();
  const cache = new MemoryTufCache();
  const v2 = buildRepository({ roots: [root], targets: [trustedRoot], expires, versions: { timestamp: 2, snapshot: 2, targets: 2 } });
  await refresh(v2, { cache });
  const v1 = buildRepository({ roots: [root], targets: [trustedRoot], expires });
  await assert.rejects(refresh(v1, { cache }), refusedWith('TUF_INVALID', /TUF role timestamp .*version 1 is less than current version 2/));
  // newer timestamp, older snapshot
  const oldSnapshot = buildRepository({ roots: [root], targets: [trustedRoot], expires, versions: { timestamp: 3, snapshot: 1, targets: 1 } });
  await assert.rejects(refresh(oldSnapshot, { cache }), refusedWith('TUF_INVALID', /snapshot version 1 is less than current version 2/));
  // newer timestamp and snapshot, older targets
  const oldTargets = buildRepository({ roots: [root], targets: [trustedRoot], expires, versions: { timestamp: 4, snapshot: 3, targets: 1 } });
  await assert.rejects(refresh(oldTargets, { cache }), refusedWith('TUF_INVALID', /TUF role snapshot .*version 1 of targets\.json is less than current version 2/));
});

test('mix-and-match: a validly signed snapshot other than the one the timestamp lists is refused', async () => {
  const root = singleKeyRoot();
  const a = buildRepository({ roots: [root], targets: [trustedRoot], expires });
  // same keys and versions, a later snapshot expiry: different bytes, still validly signed
  const b = buildRepository({ roots: [root], targets: [trustedRoot], expires: { ...expires, snapshot: '2037-01-01T00:00:00Z' } });
  assert.notDeepEqual(a.get('1.snapshot.json'), b.get('1.snapshot.json'));
  const mixed = new Map(a);
  mixed.set('1.snapshot.json', b.get('1.snapshot.json')!);
  await assert.rejects(refresh(mixed), refusedWith('TUF_TARGET_MISMATCH', /TUF role snapshot \(repo repository\/1\.snapshot\.json\)/));
});

test('a tampered cache on disk is not trusted beyond what TUF allows', async () => {
  const files = buildRepository({ roots: [singleKeyRoot()], targets: [trustedRoot], expires });
  const cache = new MemoryTufCache();
  await (await refresh(files, { cache })).getTarget('trusted_root.json');
  // A forged target of the same length and forged snapshot/targets metadata in the cache
  // are ignored: the target comes from the repository again, checked against targets.json.
  cache.set('targets/trusted_root.json', utf8(new TextDecoder().decode(trustedRoot.bytes).replace('0.1', '9.9')));
  cache.set('snapshot.json', utf8('{"signed":{},"signatures":[]}'));
  cache.set('targets.json', files.get('1.snapshot.json')!);
  const repo = await refresh(files, { cache });
  assert.deepEqual(await repo.getTarget('trusted_root.json'), trustedRoot.bytes);
  // A cached root that does not verify stops the load (it never replaces the trusted root).
  cache.set('2.root.json', files.get('1.root.json')!);
  await assert.rejects(refresh(files, { cache }), refusedWith('TUF_INVALID', /TUF role root .*Expected version 2, got 1/));
});

/** A mirror that answers every target request with the given bytes. */
function forgingMirror(files: Map<string, Uint8Array>, forged: Uint8Array): TufSource {
  const real = new MemoryTufSource(files, 'repo');
  return {
    describe: (path) => real.describe(path),
    get: async (path, max) => (path.startsWith('targets/') ? forged : real.get(path, max)),
  };
}

test('a target listed without a usable hash is refused, not accepted on its length alone', async () => {
  const forged = utf8(new TextDecoder().decode(trustedRoot.bytes).replace('0.1', '6.6'));
  assert.equal(forged.length, trustedRoot.bytes.length);
  const listed = (hashes: Record<string, string>): TargetInput => ({ ...trustedRoot, hashes });
  const cases: Record<string, string>[] = [{}, { md5: createHash('md5').update(trustedRoot.bytes).digest('hex') }];
  for (const hashes of cases) {
    const files = buildRepository({ roots: [singleKeyRoot()], targets: [listed(hashes)], expires });
    const repo = await refresh(files, { source: forgingMirror(files, forged) });
    await assert.rejects(repo.getTarget('trusted_root.json'), refusedWith('TUF_TARGET_MISMATCH', /TUF target "trusted_root\.json".*no sha256 or sha512 hash/));
  }
});

test('a trusted_root.json delegated to another role is refused, not replaced by legacy targets', async () => {
  const rekor = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
  const files = buildRepository({
    roots: [singleKeyRoot()],
    targets: [{ name: 'rekor.pub', bytes: utf8(rekor), custom: { sigstore: { usage: 'Rekor' } } }],
    expires,
    delegations: { keys: {}, roles: [{ name: 'trust', keyids: [], threshold: 1, terminating: true, paths: ['trusted_root*.json'] }] },
  });
  const repo = await refresh(files);
  await assert.rejects(
    trustRootFromTuf(repo, { name: 'x', where: 'repo' }),
    refusedWith('TUF_MISSING', /repo: TUF target "trusted_root\.json" is delegated to role trust; delegated targets roles are not supported/),
  );
  // With no delegation that could hold it, the legacy targets are used as before.
  const legacy = buildRepository({ roots: [singleKeyRoot()], targets: [{ name: 'rekor.pub', bytes: utf8(rekor), custom: { sigstore: { usage: 'Rekor' } } }], expires });
  const root = await trustRootFromTuf(await refresh(legacy), { name: 'x', where: 'repo' });
  assert.equal(root.trustedRoot.tlogs.length, 1);
});
