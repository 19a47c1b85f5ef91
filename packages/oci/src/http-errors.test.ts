// A registry that cannot be reached: the error names why (fetch() itself only says "fetch failed").
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { OciError } from './errors.ts';
import { RegistryClient } from './registry-client.ts';
import { parseRepositoryName } from './reference.ts';

test('a refused connection is a NETWORK error naming the cause, not just "fetch failed"', async () => {
  // A port that was just free: nothing listens on it any more.
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const client = new RegistryClient({ retries: 0 });
  const repo = parseRepositoryName(`127.0.0.1:${port}/team/app`);
  await assert.rejects(
    client.manifest(repo, `sha256:${'a'.repeat(64)}`),
    (e: unknown) =>
      e instanceof OciError && e.code === 'NETWORK' && /fetch failed \(.*ECONNREFUSED.*\)/.test(e.message),
  );
});
