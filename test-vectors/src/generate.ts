// Writes the committed vectors: trusted_root.json, bundles/<case>/, keys/ and expected.json.
// Run: pnpm --filter @sigguard/test-vectors generate
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from './encoding.ts';
import { generateKeyPair, KEY_TYPES } from './pki/keys.ts';
import { createTestSigstore } from './sigstore.ts';
import { buildCases } from './vectors/cases.ts';
import { VECTORS_DIR, type ExpectedCaseJSON, type ExpectedJSON } from './vectors/expected.ts';

const json = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';

async function main(): Promise<void> {
  const sigstore = await createTestSigstore();
  writeFileSync(join(VECTORS_DIR, 'trusted_root.json'), json(sigstore.trustedRoot()));

  const bundlesDir = join(VECTORS_DIR, 'bundles');
  rmSync(bundlesDir, { recursive: true, force: true });
  const entries: ExpectedCaseJSON[] = [];
  for (const c of await buildCases(sigstore)) {
    const dir = join(bundlesDir, c.name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'bundle.sigstore.json'), json(c.bundle));
    writeFileSync(join(dir, 'artifact'), c.artifact);
    if (c.key) writeFileSync(join(dir, 'key.pub'), c.key.publicKeyPEM);
    entries.push({
      name: c.name,
      description: c.description,
      bundle: `bundles/${c.name}/bundle.sigstore.json`,
      artifact: `bundles/${c.name}/artifact`,
      artifactDigest: `sha256:${sha256(c.artifact).toString('hex')}`,
      ...(c.identity ? { identity: c.identity } : {}),
      ...(c.key ? { key: `bundles/${c.name}/key.pub` } : {}),
      trustedRoot: 'trusted_root.json',
      verifyAt: c.verifyAt.toISOString(),
      expected: c.expected,
      sigstoreJs: c.sigstoreJs,
    });
  }
  const expected: ExpectedJSON = {
    regenerate: 'pnpm --filter @sigguard/test-vectors generate',
    trustedRoot: 'trusted_root.json',
    cases: entries,
  };
  writeFileSync(join(VECTORS_DIR, 'expected.json'), json(expected));

  // Standalone keys of every type (weak RSA-1024 included) for public-key authority tests.
  const keysDir = join(VECTORS_DIR, 'keys');
  rmSync(keysDir, { recursive: true, force: true });
  mkdirSync(keysDir, { recursive: true });
  for (const type of KEY_TYPES) {
    const key = await generateKeyPair(type);
    writeFileSync(join(keysDir, `${type}.pub.pem`), key.publicKeyPEM);
    writeFileSync(join(keysDir, `${type}.key.pem`), key.privateKeyPEM);
  }
  console.log(`wrote ${entries.length} cases, trusted_root.json and ${KEY_TYPES.length} key pairs to ${VECTORS_DIR}`);
}

await main();
