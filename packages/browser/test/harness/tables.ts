// Case tables for the browser tests. A table is a list of inputs for one runner in
// runners.mjs; the Chromium test runs every table in Node and in the browser and compares.
// To add a kind of case: write a runner in runners.mjs and a loader here, then list it in
// loadTables().
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { CONFORMANCE_BEACON, packageDir, REPO_DIR, sharedVectors } from '@sigguard/test-vectors/support/locations';
import { keylessKeyTypesTable, keyTypesTable } from './key-types.ts';
import { rfc3161GenTimeTable } from './rfc3161-gen-time.ts';

export interface Case {
  id: string;
  input: unknown;
  /** What the case's author says should happen (informational; Node is the reference). */
  expectOk?: boolean;
  expect?: string;
}

export interface CaseTable {
  name: string;
  runner: 'verifyBundleCase' | 'goRegExpCase' | 'identityCase';
  cases: Case[];
}

export const PACKAGE_DIR = join(import.meta.dirname, '../..');
export { REPO_DIR };
export const SHARED_CONFORMANCE = sharedVectors('sigstore-conformance/test/assets/bundle-verify').path;
export const SAMPLE_CONFORMANCE = join(PACKAGE_DIR, 'test/vectors/conformance-samples');
export const TEST_VECTORS = join(REPO_DIR, 'test-vectors');
export const IDENTITY_TESTDATA = join(packageDir('identity'), 'src/testdata');

const { subject: DEFAULT_IDENTITY, issuer: DEFAULT_ISSUER } = CONFORMANCE_BEACON;

function readIf(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/**
 * sigstore-conformance bundle-verify cases (upstream layout and defaults), each run twice:
 * with the artifact bytes and with its sha256 digest, like the conformance suite does.
 */
export function conformanceTable(name: string, dir: string): CaseTable {
  const defaultArtifact = readFileSync(join(dir, 'a.txt'));
  const cases: Case[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const caseDir = join(dir, entry.name);
    const bundle = readIf(join(caseDir, 'bundle.sigstore.json'));
    if (bundle === undefined) continue;
    const artifactPath = join(caseDir, 'artifact');
    const artifact = existsSync(artifactPath) ? readFileSync(artifactPath) : defaultArtifact;
    const keyPem = readIf(join(caseDir, 'key.pub'));
    const trustedRoot = readIf(join(caseDir, 'trusted_root.json'));
    const base: Record<string, unknown> = { bundle };
    if (trustedRoot !== undefined) base.trustedRoot = trustedRoot;
    if (keyPem !== undefined) base.keyPem = keyPem;
    else
      base.identity = {
        subject: (readIf(join(caseDir, 'identity')) ?? DEFAULT_IDENTITY).trim(),
        issuer: (readIf(join(caseDir, 'issuer')) ?? DEFAULT_ISSUER).trim(),
      };
    const expectOk = !entry.name.endsWith('fail');
    cases.push({
      id: `${entry.name} (artifact)`,
      expectOk,
      input: { ...base, artifactBase64: artifact.toString('base64') },
    });
    cases.push({
      id: `${entry.name} (digest)`,
      expectOk,
      input: { ...base, artifactDigestHex: createHash('sha256').update(artifact).digest('hex') },
    });
  }
  cases.sort((a, b) => a.id.localeCompare(b.id));
  return { name, runner: 'verifyBundleCase', cases };
}

interface ExpectedCase {
  name: string;
  bundle: string;
  artifact?: string;
  artifactDigest?: string;
  identity?: Record<string, unknown>;
  key?: string;
  trustedRoot?: string;
  verifyAt?: string;
  expected: { verified: boolean; code?: string };
}

/** The project's own private-Sigstore vectors (test-vectors/expected.json), bytes and digest forms. */
export function testVectorsTable(dir: string): CaseTable {
  const manifest = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { cases: ExpectedCase[] };
  const cases: Case[] = [];
  for (const c of manifest.cases) {
    const base: Record<string, unknown> = { bundle: readFileSync(join(dir, c.bundle), 'utf8') };
    if (c.trustedRoot !== undefined) base.trustedRoot = readFileSync(join(dir, c.trustedRoot), 'utf8');
    if (c.key !== undefined) base.keyPem = readFileSync(join(dir, c.key), 'utf8');
    if (c.identity !== undefined) base.identity = c.identity;
    if (c.verifyAt !== undefined) base.now = c.verifyAt;
    const expectOk = c.expected.verified;
    if (c.artifact !== undefined) {
      cases.push({
        id: `${c.name} (artifact)`,
        expectOk,
        input: { ...base, artifactBase64: readFileSync(join(dir, c.artifact)).toString('base64') },
      });
    }
    if (c.artifactDigest !== undefined) {
      cases.push({
        id: `${c.name} (digest)`,
        expectOk,
        input: { ...base, artifactDigestHex: c.artifactDigest.replace(/^sha256:/, '') },
      });
    }
  }
  return { name: 'test-vectors/expected.json (private Sigstore instance)', runner: 'verifyBundleCase', cases };
}

/** Go/RE2 regexp cases of @sigguard/identity, through the bundled identity matcher's engine. */
export function goRegExpTable(file: string): CaseTable {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { cases: { pattern: string; input: string; expect: string }[] };
  return {
    name: 'identity go-regexp-cases.json',
    runner: 'goRegExpCase',
    cases: doc.cases.map((c, i) => ({
      id: `#${i} ${JSON.stringify(c.pattern)} ~ ${JSON.stringify(c.input)}`,
      input: { pattern: c.pattern, input: c.input },
      expect: c.expect,
    })),
  };
}

// Identity specs tried on every signer certificate: exact, Go regexps (anchored, unanchored,
// case-insensitive), a Fulcio extension requirement, the private instance's identity, and a
// pattern RE2 rejects (compile error).
const IDENTITY_SPECS = [
  { issuer: DEFAULT_ISSUER, subject: DEFAULT_IDENTITY },
  { issuer: DEFAULT_ISSUER, subjectRegExp: '^https://github\\.com/sigstore-conformance/.*@refs/heads/main$' },
  { issuerRegExp: '(?i)ACCOUNTS\\.GOOGLE\\.COM', subjectRegExp: '@' },
  {
    issuer: DEFAULT_ISSUER,
    subject: DEFAULT_IDENTITY,
    extensions: { sourceRepositoryRef: 'refs/heads/main', runnerEnvironment: 'github-hosted' },
  },
  { issuer: 'https://accounts.example.com', subject: 'alice@example.com' },
  { issuerRegExp: '.*', subjectRegExp: 'example\\.com$' },
  { issuer: DEFAULT_ISSUER, subjectRegExp: '(?<=x)y' },
];

function leafCertificate(bundleJson: string): string | undefined {
  try {
    const vm = JSON.parse(bundleJson)?.verificationMaterial;
    const raw = vm?.certificate?.rawBytes ?? vm?.x509CertificateChain?.certificates?.[0]?.rawBytes;
    return typeof raw === 'string' && raw.length > 0 ? raw : undefined;
  } catch {
    return undefined; // malformed bundles are the verify tables' business
  }
}

/** Every distinct signer certificate in the bundle tables, through readSignerCertificate + compileIdentities. */
export function identityTable(bundleTables: CaseTable[]): CaseTable {
  const seen = new Map<string, string>();
  for (const table of bundleTables) {
    if (table.runner !== 'verifyBundleCase') continue;
    for (const c of table.cases) {
      const cert = leafCertificate((c.input as { bundle: string }).bundle);
      if (cert !== undefined && !seen.has(cert)) seen.set(cert, c.id.replace(/ \((artifact|digest)\)$/, ''));
    }
  }
  const cases = [...seen].map(([certBase64, from]) => ({
    id: `leaf of ${from}`,
    input: { certBase64, specs: IDENTITY_SPECS },
  }));
  return { name: 'identity: signer certificates x identity specs', runner: 'identityCase', cases };
}

/** Every table available here: the committed samples always, the full suite when ../shared exists. */
export async function loadTables(): Promise<CaseTable[]> {
  const tables = [conformanceTable('conformance samples (in repo)', SAMPLE_CONFORMANCE)];
  if (existsSync(join(TEST_VECTORS, 'expected.json'))) tables.push(testVectorsTable(TEST_VECTORS));
  const regexpCases = join(IDENTITY_TESTDATA, 'go-regexp-cases.json');
  if (existsSync(regexpCases)) tables.push(goRegExpTable(regexpCases));
  if (existsSync(SHARED_CONFORMANCE))
    tables.push(conformanceTable('sigstore-conformance bundle-verify (../shared)', SHARED_CONFORMANCE));
  tables.push(keyTypesTable());
  tables.push(await keylessKeyTypesTable());
  const genTimes = await rfc3161GenTimeTable();
  if (genTimes) tables.push(genTimes);
  tables.push(identityTable(tables));
  return tables;
}
