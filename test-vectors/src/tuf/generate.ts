// Writes the committed TUF repositories under test-vectors/tuf/ (see docs/trust-roots.md):
// good, rotated and broken repositories wrapping a private Sigstore instance's trust
// material, each as a directory (served over HTTP by online tests), a mirrorFS
// TrustRoot YAML (air-gapped tests) and expected.json.
// Run: pnpm --filter @sigguard/test-vectors generate:tuf
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { toPEM } from '../encoding.ts';
import { certPEM } from '../pki/certificates.ts';
import { createTestSigstore, type TestSigstore } from '../sigstore.ts';
import {
  buildRepository,
  FAR_FUTURE,
  mirrorFsArchive,
  repositoryTrustRootYaml,
  singleKeyRoot,
  TufKey,
  type RepositoryFiles,
  type TargetInput,
} from './repository.ts';

export const TUF_VECTORS_DIR = fileURLToPath(new URL('../../tuf/', import.meta.url));

const FUTURE = FAR_FUTURE;
const PAST = '2021-01-01T00:00:00Z';
const b64 = (b: Uint8Array | string): string => Buffer.from(b).toString('base64');
const json = (v: unknown): string => JSON.stringify(v, null, 2) + '\n';

interface Scenario {
  name: string;
  description: string;
  files: RepositoryFiles;
  /** Index into files of the root the client starts from (default 1.root.json). */
  initialRoot?: string;
  trustedRootTarget?: string;
  expected:
    | { outcome: 'load'; rootVersion: number; trustedRoot: unknown }
    | { outcome: 'error'; reason: string; message: string };
}

const expires = { timestamp: FUTURE, snapshot: FUTURE, targets: FUTURE };

function trustedRootTarget(sigstore: TestSigstore): TargetInput {
  return { name: 'trusted_root.json', bytes: Buffer.from(json(sigstore.trustedRoot())) };
}

function legacyTargets(sigstore: TestSigstore): TargetInput[] {
  const usage = (u: string) => ({ sigstore: { usage: u, status: 'Active' } });
  return [
    {
      name: 'fulcio_v1.crt.pem',
      bytes: Buffer.from(sigstore.fulcio.chain.map(certPEM).join('')),
      custom: usage('Fulcio'),
    },
    { name: 'rekor.pub', bytes: Buffer.from(sigstore.rekor.key.publicKeyPEM), custom: usage('Rekor') },
    { name: 'ctfe.pub', bytes: Buffer.from(sigstore.ctlog.key.publicKeyPEM), custom: usage('CTFE') },
    // Ignored by the legacy fallback, as in policy-controller:
    { name: 'tsa.crt.pem', bytes: Buffer.from(sigstore.tsa.chain.map(certPEM).join('')), custom: usage('TSA') },
    { name: 'README.txt', bytes: Buffer.from('not trust material\n') },
  ];
}

/** What the legacy fallback must produce: CAs, tlogs, ctlogs at the 1970 epoch, no URLs. */
function expectedLegacy(sigstore: TestSigstore): unknown {
  const epoch = { start: '1970-01-01T00:00:00Z' };
  const log = (spki: Uint8Array, keyDetails: string) => ({
    hashAlgorithm: 'SHA2_256',
    publicKey: { rawBytes: b64(spki), keyDetails, validFor: epoch },
    logId: { keyId: b64(createHash('sha256').update(spki).digest()) },
  });
  return {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [log(sigstore.rekor.key.spki, sigstore.rekor.key.keyDetails)],
    certificateAuthorities: [
      {
        certChain: { certificates: sigstore.fulcio.chain.map((c) => ({ rawBytes: b64(new Uint8Array(c.rawData)) })) },
        validFor: epoch,
      },
    ],
    ctlogs: [log(sigstore.ctlog.key.spki, sigstore.ctlog.key.keyDetails)],
  };
}

function scenarios(sigstore: TestSigstore): Scenario[] {
  const out: Scenario[] = [];
  const trusted = trustedRootTarget(sigstore);

  out.push({
    name: 'trusted-root',
    description: 'One root version; targets hold trusted_root.json. Loads to exactly that trusted root.',
    files: buildRepository({ roots: [singleKeyRoot()], targets: [trusted], expires }),
    expected: { outcome: 'load', rootVersion: 1, trustedRoot: sigstore.trustedRoot() },
  });

  // Root rotation v1 → v2: every role gets new keys; 2.root.json is signed by old and new root keys.
  const v1 = singleKeyRoot();
  const v2 = singleKeyRoot();
  v2.signers = [...v1.roles.root.keys, ...v2.roles.root.keys];
  out.push({
    name: 'rotated',
    description: 'Root rotated v1→v2 with all keys replaced; the client starts from 1.root.json and must end on v2.',
    files: buildRepository({ roots: [v1, v2], targets: [trusted], expires }),
    expected: { outcome: 'load', rootVersion: 2, trustedRoot: sigstore.trustedRoot() },
  });

  out.push({
    name: 'expired-timestamp',
    description: `timestamp.json expired at ${PAST}; everything else is valid.`,
    files: buildRepository({ roots: [singleKeyRoot()], targets: [trusted], expires: { ...expires, timestamp: PAST } }),
    expected: { outcome: 'error', reason: 'TUF_EXPIRED', message: `TUF role timestamp expired at ${PAST}` },
  });

  const tampered = buildRepository({ roots: [singleKeyRoot()], targets: [trusted], expires });
  for (const [path, bytes] of tampered) {
    if (path.endsWith('.trusted_root.json')) {
      const copy = Buffer.from(bytes);
      copy[copy.indexOf('sigguard')] = 'S'.charCodeAt(0); // same length, different hash
      tampered.set(path, copy);
    }
  }
  out.push({
    name: 'tampered-target',
    description: 'The trusted_root.json target file was changed after targets.json was signed (same length).',
    files: tampered,
    expected: { outcome: 'error', reason: 'TUF_TARGET_MISMATCH', message: 'TUF target "trusted_root.json"' },
  });

  out.push({
    name: 'legacy-targets',
    description:
      'No trusted_root.json: Fulcio/Rekor/CTFE targets tagged with ' +
      'custom sigstore.usage (TSA and untagged targets are ignored).',
    files: buildRepository({ roots: [singleKeyRoot()], targets: legacyTargets(sigstore), expires }),
    expected: { outcome: 'load', rootVersion: 1, trustedRoot: expectedLegacy(sigstore) },
  });

  // Root below threshold: v1 requires 2 of 2 root keys; 2.root.json carries only one of them.
  const t1 = singleKeyRoot();
  const second = new TufKey();
  t1.roles.root = { keys: [t1.roles.root.keys[0]!, second], threshold: 2 };
  t1.signers = [t1.roles.root.keys[0]!, second];
  const t2 = singleKeyRoot();
  t2.signers = [t1.roles.root.keys[0]!, ...t2.roles.root.keys];
  out.push({
    name: 'root-below-threshold',
    description: '1.root.json needs 2 root signatures; 2.root.json is signed by only 1 of those keys (plus its own).',
    files: buildRepository({ roots: [t1, t2], targets: [trusted], expires }),
    expected: { outcome: 'error', reason: 'TUF_SIGNATURE', message: 'TUF role root' },
  });
  return out;
}

/** The instance's trusted root as inline sigstoreKeys (every CA, log and TSA it lists). */
function sigstoreKeysYaml(sigstore: TestSigstore): string {
  const tr = sigstore.trustedRoot();
  const pem = (label: 'CERTIFICATE' | 'PUBLIC KEY', rawBase64: string) =>
    toPEM(Buffer.from(rawBase64, 'base64'), label);
  const ca = (a: (typeof tr.certificateAuthorities)[number]) => ({
    subject: a.subject,
    uri: a.uri,
    certChain: b64(a.certChain.certificates.map((c) => pem('CERTIFICATE', c.rawBytes)).join('')),
  });
  const log = (l: (typeof tr.tlogs)[number]) => ({
    baseURL: l.baseUrl,
    hashAlgorithm: 'sha-256',
    publicKey: b64(pem('PUBLIC KEY', l.publicKey.rawBytes)),
  });
  return stringify(
    {
      apiVersion: 'policy.sigstore.dev/v1alpha1',
      kind: 'TrustRoot',
      metadata: { name: 'inline-keys' },
      spec: {
        sigstoreKeys: {
          certificateAuthorities: tr.certificateAuthorities.map(ca),
          tLogs: tr.tlogs.map(log),
          ctLogs: tr.ctlogs.map(log),
          timestampAuthorities: tr.timestampAuthorities.map(ca),
        },
      },
    },
    { lineWidth: 0 },
  );
}

async function main(): Promise<void> {
  const sigstore = await createTestSigstore({ name: 'sigguard-tuf' });
  rmSync(TUF_VECTORS_DIR, { recursive: true, force: true });
  const index: unknown[] = [];
  const docs: string[] = [];
  for (const s of scenarios(sigstore)) {
    const dir = join(TUF_VECTORS_DIR, s.name);
    for (const [path, bytes] of s.files) {
      mkdirSync(dirname(join(dir, 'repository', path)), { recursive: true });
      writeFileSync(join(dir, 'repository', path), bytes);
    }
    const root = s.files.get(s.initialRoot ?? '1.root.json')!;
    writeFileSync(join(dir, 'root.json'), root);
    const mirrorFs = mirrorFsArchive(dir);
    writeFileSync(join(dir, 'mirrorfs.tar.gz'), mirrorFs);
    const yaml = repositoryTrustRootYaml(s.name, root, mirrorFs);
    writeFileSync(join(dir, 'trustroot.yaml'), yaml);
    if (s.name === 'trusted-root' || s.name === 'legacy-targets') docs.push(yaml);
    if (s.name === 'trusted-root') {
      // Wrong pinned checksum: the sha256 of some other bytes.
      const wrong = createHash('sha256').update('not the root').digest('hex');
      writeFileSync(
        join(dir, 'trustroot-wrong-pin.yaml'),
        repositoryTrustRootYaml('wrong-pin', root, mirrorFs, { annotations: { 'sigguard.dev/root-sha256': wrong } }),
      );
      const right = createHash('sha256').update(root).digest('hex');
      writeFileSync(
        join(dir, 'trustroot-pinned.yaml'),
        repositoryTrustRootYaml('pinned', root, mirrorFs, { annotations: { 'sigguard.dev/root-sha256': right } }),
      );
    }
    writeFileSync(
      join(dir, 'expected.json'),
      json({ description: s.description, rootSha256: createHash('sha256').update(root).digest('hex'), ...s.expected }),
    );
    index.push({ name: s.name, description: s.description, outcome: s.expected.outcome });
  }
  docs.push(sigstoreKeysYaml(sigstore));
  writeFileSync(
    join(TUF_VECTORS_DIR, 'trustroots.yaml'),
    '# Several named TrustRoots in one file (trustRootRef selects one).\n' + docs.map((d) => `---\n${d}`).join(''),
  );
  writeFileSync(join(TUF_VECTORS_DIR, 'trusted_root.json'), json(sigstore.trustedRoot()));
  // A PEM chain (intermediate, root) for chain-override tests and examples.
  writeFileSync(join(TUF_VECTORS_DIR, 'fulcio_chain.pem'), sigstore.fulcio.chain.map(certPEM).join(''));
  writeFileSync(
    join(TUF_VECTORS_DIR, 'index.json'),
    json({ regenerate: 'pnpm --filter @sigguard/test-vectors generate:tuf', repositories: index }),
  );
}

await main();
