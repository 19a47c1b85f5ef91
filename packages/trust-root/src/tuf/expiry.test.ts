// Expired metadata of every role is refused with the role, its expiry and the file; the
// reference time is the caller's `now`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildRepository, singleKeyRoot } from '@sigguard/test-vectors';
import { MemoryTufCache, MemoryTufSource, TrustRootLoadError, TufRepository } from '../index.ts';

const FUTURE = '2036-01-01T00:00:00Z';
const PAST = '2022-02-02T00:00:00Z';
const NOW = new Date('2026-12-01T00:00:00Z');
const target = { name: 'trusted_root.json', bytes: new TextEncoder().encode('{}') };

async function refusal(files: Map<string, Uint8Array>, now = NOW): Promise<TrustRootLoadError> {
  try {
    await TufRepository.refresh({ root: files.get('1.root.json')!, source: new MemoryTufSource(files, 'repo'), now });
  } catch (e) {
    assert.ok(e instanceof TrustRootLoadError, String(e));
    return e;
  }
  assert.fail('the repository loaded');
}

for (const role of ['snapshot', 'targets'] as const) {
  test(`expired ${role} is refused naming the role, its expiry and the file`, async () => {
    const expires = { timestamp: FUTURE, snapshot: FUTURE, targets: FUTURE, [role]: PAST };
    const e = await refusal(buildRepository({ roots: [singleKeyRoot()], targets: [target], expires }));
    assert.equal(e.reason, 'TUF_EXPIRED');
    assert.equal(e.message, `TUF role ${role} expired at ${PAST} (repo repository/1.${role}.json)`);
  });
}

test('an expired root is refused, naming the root', async () => {
  const files = buildRepository({
    roots: [singleKeyRoot(PAST)],
    targets: [target],
    expires: { timestamp: FUTURE, snapshot: FUTURE, targets: FUTURE },
  });
  const e = await refusal(files);
  assert.equal(e.reason, 'TUF_EXPIRED');
  assert.match(e.message, new RegExp(`^TUF role root expired at ${PAST} \\(the newest trusted root\\.json`));
});

test("expiry is judged at the caller's reference time", async () => {
  const files = buildRepository({
    roots: [singleKeyRoot()],
    targets: [target],
    expires: { timestamp: '2027-01-01T00:00:00Z', snapshot: FUTURE, targets: FUTURE },
  });
  const repo = await TufRepository.refresh({
    root: files.get('1.root.json')!,
    source: new MemoryTufSource(files),
    now: NOW,
  });
  assert.deepEqual(await repo.getTarget('trusted_root.json'), target.bytes);
  const e = await refusal(files, new Date('2027-01-01T00:00:01Z'));
  assert.equal(e.message, 'TUF role timestamp expired at 2027-01-01T00:00:00Z (repo repository/timestamp.json)');
});

test('a cached timestamp that has since expired is reported as the expired timestamp, not as the snapshot', async () => {
  const files = buildRepository({
    roots: [singleKeyRoot()],
    targets: [target],
    expires: { timestamp: '2027-01-01T00:00:00Z', snapshot: FUTURE, targets: FUTURE },
  });
  const cache = new MemoryTufCache();
  await TufRepository.refresh({
    root: files.get('1.root.json')!,
    source: new MemoryTufSource(files, 'repo'),
    cache,
    now: NOW,
  });
  // the mirror has not been updated since: same timestamp version, now expired
  await assert.rejects(
    TufRepository.refresh({
      root: files.get('1.root.json')!,
      source: new MemoryTufSource(files, 'repo'),
      cache,
      now: new Date('2027-06-01T00:00:00Z'),
    }),
    (e: unknown) => {
      assert.ok(e instanceof TrustRootLoadError, String(e));
      assert.equal(e.reason, 'TUF_EXPIRED');
      assert.match(e.message, /^TUF role timestamp expired at 2027-01-01T00:00:00Z \(/);
      return true;
    },
  );
});
