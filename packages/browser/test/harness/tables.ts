// Case tables for the browser tests. A table is a list of inputs for one runner in
// runners.mjs; the Chromium test runs every table in Node and in the browser and compares.
// To add a kind of case: write a runner in runners.mjs and a loader here, then list it in
// loadTables().
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Case {
  id: string;
  input: unknown;
  /** What the case's author says should happen (informational; Node is the reference). */
  expectOk?: boolean;
}

export interface CaseTable {
  name: string;
  runner: 'verifyBundleCase';
  cases: Case[];
}

const here = dirname(fileURLToPath(import.meta.url));
export const PACKAGE_DIR = join(here, '../..');
export const REPO_DIR = join(PACKAGE_DIR, '../..');
export const SHARED_CONFORMANCE = join(REPO_DIR, '../shared/vectors/sigstore-conformance/test/assets/bundle-verify');
export const SAMPLE_CONFORMANCE = join(PACKAGE_DIR, 'test/vectors/conformance-samples');

const DEFAULT_IDENTITY = 'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const DEFAULT_ISSUER = 'https://token.actions.githubusercontent.com';

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
    cases.push({ id: `${entry.name} (artifact)`, expectOk, input: { ...base, artifactBase64: artifact.toString('base64') } });
    cases.push({
      id: `${entry.name} (digest)`,
      expectOk,
      input: { ...base, artifactDigestHex: createHash('sha256').update(artifact).digest('hex') },
    });
  }
  cases.sort((a, b) => a.id.localeCompare(b.id));
  return { name, runner: 'verifyBundleCase', cases };
}

/** Every table available here: the committed samples always, the full suite when ../shared exists. */
export function loadTables(): CaseTable[] {
  const tables = [conformanceTable('conformance samples (in repo)', SAMPLE_CONFORMANCE)];
  if (existsSync(SHARED_CONFORMANCE)) tables.push(conformanceTable('sigstore-conformance bundle-verify (../shared)', SHARED_CONFORMANCE));
  return tables;
}
