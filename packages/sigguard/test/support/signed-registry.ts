// Shared fixture for verifyImage tests: an in-process OCI registry with the referrers API,
// the private Sigstore instance and its trust root.
import { after, before } from 'node:test';
import { sharedTestSigstore, type TestSigstore } from '@sigguard/test-vectors';
import { parseTrustedRoot, type TrustRoot } from '@sigguard/trust-root';
import { RegistryClient } from '@sigguard/oci';
import { OciTestServer } from '@sigguard/test-vectors/support';

export interface SignedRegistry {
  server: OciTestServer;
  host: string;
  ts: TestSigstore;
  root: TrustRoot;
  client: RegistryClient;
}

export async function startSignedRegistry(): Promise<SignedRegistry> {
  const server = new OciTestServer();
  const host = await server.start();
  const ts = await sharedTestSigstore();
  return { server, host, ts, root: parseTrustedRoot(ts.trustedRoot(), { name: 'test' }), client: new RegistryClient() };
}

/**
 * Registers before/after hooks that start one signed registry for the calling test file and
 * stop it afterwards; the returned handle is filled in before the first test runs.
 */
export function useSignedRegistry(): SignedRegistry {
  const handle = {} as SignedRegistry;
  before(async () => {
    Object.assign(handle, await startSignedRegistry());
  });
  after(() => handle.server.stop());
  return handle;
}
