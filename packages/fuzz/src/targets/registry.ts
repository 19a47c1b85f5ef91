// Registry responses from a hostile server on 127.0.0.1 through @sigguard/oci's RegistryClient.
// Invariants: only OciError; bounded time (client timeout x attempts); content returned by
// digest hashes to that digest; a tag's manifest matches a Docker-Content-Digest it came with.
import { OciError, parseImageReference, RegistryClient } from '@sigguard/oci';
import { BEHAVIOURS, HostileRegistry } from '../hostile-registry.ts';
import { ociFixture, sha256, type OciFixture } from '../oci-fixture.ts';
import { describeError, fail, pass, skipped, type FuzzTarget } from '../target.ts';

let server: HostileRegistry;
let fixture: OciFixture;
const OPERATIONS = ['manifest-by-tag', 'manifest-by-digest', 'blob', 'referrers', 'tags'] as const;

export const registryTarget: FuzzTarget = {
  name: 'registry',
  async setup() {
    fixture = ociFixture();
    server = new HostileRegistry(fixture);
    await server.start();
  },
  async teardown() {
    await server.stop();
  },
  async run(rng, ctx) {
    const behaviour = rng.pick(BEHAVIOURS);
    const op = rng.pick(OPERATIONS);
    const description = `${behaviour} server, ${op}`;
    if (ctx.capped(behaviour)) return skipped(description);
    ctx.announce(behaviour, description);
    // One fresh client per case (no cached auth or content), short timeouts so a stall ends fast.
    const client = new RegistryClient({
      timeoutMs: 250,
      retries: 1,
      backoffMs: 5,
      maxManifestBytes: 1 << 20,
      maxBlobBytes: 4 << 20,
    });
    const repo = parseImageReference(`127.0.0.1:${server.port}/fuzz/${behaviour}/c${ctx.index}:v1`);
    try {
      switch (op) {
        case 'manifest-by-tag': {
          const m = await client.manifest(repo, 'v1');
          if (m && m.digest !== sha256(m.bytes))
            return fail(description, `manifest digest ${m.digest} is not the hash of its bytes`);
          break;
        }
        case 'manifest-by-digest': {
          const m = await client.manifest(repo, fixture.image.digest);
          if (m && sha256(m.bytes) !== fixture.image.digest)
            return fail(description, 'returned manifest bytes that do not hash to the requested digest');
          break;
        }
        case 'blob': {
          const b = await client.blob(repo, fixture.layer.digest);
          if (sha256(b) !== fixture.layer.digest)
            return fail(description, 'returned blob bytes that do not hash to the requested digest');
          break;
        }
        case 'referrers':
          await client.referrers(repo, fixture.image.digest);
          break;
        case 'tags':
          await client.tags(repo);
          break;
      }
    } catch (e) {
      if (!(e instanceof OciError)) return fail(description, `threw a non-OciError: ${describeError(e)}`);
    }
    return pass(description);
  },
};
