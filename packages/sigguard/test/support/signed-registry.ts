// Shared fixture for verifyImage tests: an in-process OCI registry with the referrers API,
// the private Sigstore instance and its trust root.
import { sharedTestSigstore, type TestSigstore } from '@sigguard/test-vectors';
import { parseTrustedRoot, type TrustRoot } from '@sigguard/trust-root';
import { RegistryClient } from '@sigguard/oci';
import { OciTestServer } from '../../../oci/test/support/oci-server.ts';

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
