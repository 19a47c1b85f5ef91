// Regression (found by npm run fuzz, registry target): a tag list that is not a JSON object is a
// typed REGISTRY error, not a SyntaxError / TypeError escaping RegistryClient.tags().
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { OciError } from './errors.ts';
import { parseImageReference } from './reference.ts';
import { RegistryClient } from './registry-client.ts';

const bodies: Record<string, string> = {
  empty: '',
  garbage: '{"tags": [nul',
  null: 'null',
  number: '42',
  ok: '{"tags":["v1"]}',
};
const server = createServer((req, res) => {
  const name = /^\/v2\/t\/([a-z]+)\/tags\/list$/.exec(req.url ?? '')?.[1];
  if (!name || !(name in bodies)) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'application/json' }).end(bodies[name]);
});
let host = '';
before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

for (const name of ['empty', 'garbage', 'null', 'number']) {
  test(`tags(): a ${name} tag list is an OciError REGISTRY naming the repository`, async () => {
    await assert.rejects(
      new RegistryClient().tags(parseImageReference(`${host}/t/${name}`)),
      (e: unknown) => e instanceof OciError && e.code === 'REGISTRY' && e.message.includes(`t/${name}`),
    );
  });
}

test('tags(): a well-formed tag list still reads', async () => {
  assert.deepEqual(await new RegistryClient().tags(parseImageReference(`${host}/t/ok`)), ['v1']);
});
