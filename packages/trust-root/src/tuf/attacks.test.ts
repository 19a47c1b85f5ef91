// Adversarial TUF cases: a mirror (or a cache on disk) trying to make the client trust
// metadata or targets it must not. Every repository is real signed metadata from the
// project's generator (test-vectors/src/tuf/repository.ts).
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildRepository, singleKeyRoot, type TargetInput } from '@sigguard/test-vectors';
import {
  MemoryTufCache,
  MemoryTufSource,
  TrustRootLoadError,
  TufRepository,
  trustRootFromTuf,
  type TufSource,
} from '../index.ts';
import { FileTufCache } from '../node/index.ts';

const FUTURE = '2036-01-01T00:00:00Z';
const PAST = '2022-02-02T00:00:00Z';
const NOW = new Date('2026-12-01T00:00:00Z');
const expires = { timestamp: FUTURE, snapshot: FUTURE, targets: FUTURE };
const utf8 = (s: string) => new TextEncoder().encode(s);
const trustedRoot = {
  name: 'trusted_root.json',
  bytes: utf8('{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1"}'),
};

function refresh(
  files: Map<string, Uint8Array>,
  options: { now?: Date; cache?: MemoryTufCache; source?: TufSource } = {},
): Promise<TufRepository> {
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
  const files = buildRepository({
    roots: [singleKeyRoot(PAST)],
    targets: [trustedRoot],
    expires: { timestamp: PAST, snapshot: PAST, targets: PAST },
  });
  await assert.rejects(refresh(files), refusedWith('TUF_EXPIRED', /TUF role root expired/));
  await assert.rejects(
    refresh(files, { now: new Date('not a date') }),
    refusedWith('TUF_INVALID', /reference time.*not a valid date/),
  );
  // A JavaScript caller passing a string (not a Date) is refused the same way.
  await assert.rejects(
    refresh(files, { now: '2020-01-01' as unknown as Date }),
    refusedWith('TUF_INVALID', /reference time.*not a valid date/),
  );
});

test('a mirror rolling timestamp, snapshot or targets back below the cached versions is refused', async () => {
  const root = singleKeyRoot();
  const cache = new MemoryTufCache();
  const v2 = buildRepository({
    roots: [root],
    targets: [trustedRoot],
    expires,
    versions: { timestamp: 2, snapshot: 2, targets: 2 },
  });
  await refresh(v2, { cache });
  const v1 = buildRepository({ roots: [root], targets: [trustedRoot], expires });
  await assert.rejects(
    refresh(v1, { cache }),
    refusedWith('TUF_INVALID', /TUF role timestamp .*version 1 is less than current version 2/),
  );
  // newer timestamp, older snapshot
  const oldSnapshot = buildRepository({
    roots: [root],
    targets: [trustedRoot],
    expires,
    versions: { timestamp: 3, snapshot: 1, targets: 1 },
  });
  await assert.rejects(
    refresh(oldSnapshot, { cache }),
    refusedWith('TUF_INVALID', /snapshot version 1 is less than current version 2/),
  );
  // newer timestamp and snapshot, older targets
  const oldTargets = buildRepository({
    roots: [root],
    targets: [trustedRoot],
    expires,
    versions: { timestamp: 4, snapshot: 3, targets: 1 },
  });
  await assert.rejects(
    refresh(oldTargets, { cache }),
    refusedWith('TUF_INVALID', /TUF role snapshot .*version 1 of targets\.json is less than current version 2/),
  );
});

test('mix-and-match: a validly signed snapshot other than the one the timestamp lists is refused', async () => {
  const root = singleKeyRoot();
  const a = buildRepository({ roots: [root], targets: [trustedRoot], expires });
  // same keys and versions, a later snapshot expiry: different bytes, still validly signed
  const b = buildRepository({
    roots: [root],
    targets: [trustedRoot],
    expires: { ...expires, snapshot: '2037-01-01T00:00:00Z' },
  });
  assert.notDeepEqual(a.get('1.snapshot.json'), b.get('1.snapshot.json'));
  const mixed = new Map(a);
  mixed.set('1.snapshot.json', b.get('1.snapshot.json')!);
  await assert.rejects(
    refresh(mixed),
    refusedWith('TUF_TARGET_MISMATCH', /TUF role snapshot \(repo repository\/1\.snapshot\.json\)/),
  );
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
  await assert.rejects(
    refresh(files, { cache }),
    refusedWith('TUF_INVALID', /TUF role root .*Expected version 2, got 1/),
  );
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
    await assert.rejects(
      repo.getTarget('trusted_root.json'),
      refusedWith('TUF_TARGET_MISMATCH', /TUF target "trusted_root\.json".*no sha256 or sha512 hash/),
    );
  }
});

test('a trusted_root.json delegated to another role is refused, not replaced by legacy targets', async () => {
  const rekor = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
    type: 'spki',
    format: 'pem',
  }) as string;
  const files = buildRepository({
    roots: [singleKeyRoot()],
    targets: [{ name: 'rekor.pub', bytes: utf8(rekor), custom: { sigstore: { usage: 'Rekor' } } }],
    expires,
    delegations: {
      keys: {},
      roles: [{ name: 'trust', keyids: [], threshold: 1, terminating: true, paths: ['trusted_root*.json'] }],
    },
  });
  const repo = await refresh(files);
  await assert.rejects(
    trustRootFromTuf(repo, { name: 'x', where: 'repo' }),
    refusedWith(
      'TUF_MISSING',
      /repo: TUF target "trusted_root\.json" is delegated to role trust; delegated targets roles are not supported/,
    ),
  );
  // With no delegation that could hold it, the legacy targets are used as before.
  const legacy = buildRepository({
    roots: [singleKeyRoot()],
    targets: [{ name: 'rekor.pub', bytes: utf8(rekor), custom: { sigstore: { usage: 'Rekor' } } }],
    expires,
  });
  const root = await trustRootFromTuf(await refresh(legacy), { name: 'x', where: 'repo' });
  assert.equal(root.trustedRoot.tlogs.length, 1);
});

test("root rotation needs the old root's threshold and the new root's own, and the next version number", async () => {
  const v1 = singleKeyRoot();
  const v2 = singleKeyRoot();
  const cases: [string, () => void, RegExp][] = [
    [
      'signed by the old root key only',
      () => (v2.signers = [...v1.roles.root.keys]),
      /TUF role root \(repo repository\/2\.root\.json\) is not signed by enough trusted keys/,
    ],
    [
      'signed by the new root key only',
      () => (v2.signers = [...v2.roles.root.keys]),
      /TUF role root \(repo repository\/2\.root\.json\) is not signed by enough trusted keys/,
    ],
  ];
  for (const [label, setup, message] of cases) {
    setup();
    const files = buildRepository({ roots: [v1, v2], targets: [trustedRoot], expires });
    await assert.rejects(refresh(files), refusedWith('TUF_SIGNATURE', message), label);
  }
  // a properly signed v3 served as 2.root.json (skipping a version) is refused
  v2.signers = [...v1.roles.root.keys, ...v2.roles.root.keys];
  const v3 = singleKeyRoot();
  v3.signers = [...v1.roles.root.keys, ...v3.roles.root.keys];
  const skipping = buildRepository({ roots: [v1, v2, v3], targets: [trustedRoot], expires });
  skipping.set('2.root.json', skipping.get('3.root.json')!);
  skipping.delete('3.root.json');
  await assert.rejects(refresh(skipping), refusedWith('TUF_INVALID', /Expected version 2, got 3/));
});

test('legacy targets cannot smuggle a certificate in as a log key, or a key in as a CA', async () => {
  const chain = readFileSync(new URL('../../../../test-vectors/tuf/fulcio_chain.pem', import.meta.url), 'utf8');
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
    type: 'spki',
    format: 'pem',
  }) as string;
  const cases: [string, string, RegExp][] = [
    ['Rekor', chain, /TUF target t \(sigstore\.usage rekor\): PEM block is "CERTIFICATE", expected PUBLIC KEY/],
    ['CTFE', chain, /TUF target t \(sigstore\.usage ctfe\): PEM block is "CERTIFICATE", expected PUBLIC KEY/],
    ['Fulcio', key, /TUF target t \(sigstore\.usage fulcio\): PEM block 1 is "PUBLIC KEY", expected CERTIFICATE/],
  ];
  for (const [usage, pem, message] of cases) {
    const files = buildRepository({
      roots: [singleKeyRoot()],
      targets: [{ name: 't', bytes: utf8(pem), custom: { sigstore: { usage } } }],
      expires,
    });
    await assert.rejects(
      trustRootFromTuf(await refresh(files), { name: 'x', where: 'repo' }),
      refusedWith('BAD_PEM', message),
      usage,
    );
  }
});

test('target names cannot write outside the on-disk cache directory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigguard-cache-'));
  try {
    const name = '../../escaped.json';
    const files = buildRepository({ roots: [singleKeyRoot()], targets: [{ name, bytes: utf8('{}') }], expires });
    const cache = new FileTufCache(join(dir, 'a', 'b'));
    const repo = await TufRepository.refresh({
      root: files.get('1.root.json')!,
      source: forgingMirror(files, utf8('{}')),
      cache,
      now: NOW,
    });
    assert.deepEqual(await repo.getTarget(name), utf8('{}'));
    assert.deepEqual(readdirSync(dir), ['a']);
    assert.deepEqual(readdirSync(join(dir, 'a')), ['b']);
    assert.ok(readdirSync(join(dir, 'a', 'b')).includes(encodeURIComponent(`targets/${name}`)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a trusted root target named like an Object.prototype member is looked up as a target, not as the prototype', async () => {
  const files = buildRepository({ roots: [singleKeyRoot()], targets: [trustedRoot], expires });
  const repo = await refresh(files);
  for (const name of ['constructor', '__proto__', 'toString']) {
    await assert.rejects(
      repo.getTarget(name),
      refusedWith('TUF_MISSING', new RegExp(`TUF target "${name}" is not listed in targets\\.json`)),
    );
    await assert.rejects(
      trustRootFromTuf(repo, { name: 'x', where: 'repo', trustedRootTarget: name }),
      refusedWith('TUF_MISSING', new RegExp(`trustedRootTarget "${name}" is not a target of the TUF repository`)),
    );
  }
});
