// Where tests find data that is not their own package's: the read-only vectors beside the repository
// (`../shared`, which only the project's own checkout has) and data another package owns (the user-facing
// samples, the committed public-good bundles, the OPA-ABI test double). One place, so that no test reaches
// into another package by a relative path and every test says the same thing when `../shared` is absent.
// Node builtins only: unit tests load this without the rest of the test support.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's root folder. */
export const REPO_DIR = join(import.meta.dirname, '..', '..', '..');

const SHARED_DIR = join(REPO_DIR, '..', 'shared');

/** `../shared` beside the repository, or undefined when this checkout has none (a fresh clone). */
export function sharedDir(): string | undefined {
  return existsSync(SHARED_DIR) ? SHARED_DIR : undefined;
}

export interface SharedVectors {
  /** Where the vectors are (or would be): `../shared/vectors/<name>`. */
  path: string;
  /** false when they are there; otherwise the reason to skip, for `test(name, { skip }, ...)`. */
  skip: false | string;
}

/** `../shared/vectors/<name>` (a folder or a file) and, when it is absent, the one skip reason. */
export function sharedVectors(name: string): SharedVectors {
  const path = join(SHARED_DIR, 'vectors', name);
  if (existsSync(path)) return { path, skip: false };
  return { path, skip: `${name} not found at ${path} (${sharedDir() ? 'not in' : 'no'} ../shared)` };
}

/** The folder of workspace package `name` (packages/<name>), for data of its that another package's test reads. */
export const packageDir = (name: string): string => join(REPO_DIR, 'packages', name);

/** A file of packages/sigguard/samples, the user-facing samples (`npm run setup` uses them). */
export const sigguardSample = (name: string): string => join(packageDir('sigguard'), 'samples', name);

/** A committed public-good Sigstore sample of @sigguard/verify (packages/verify/src/testdata; see its README). */
export const publicSample = (name: string): string => join(packageDir('verify'), 'src', 'testdata', name);

/** The public-good trusted root @sigguard/trust-root embeds (the public samples verify against it). */
export const PUBLIC_GOOD_TRUSTED_ROOT = join(packageDir('trust-root'), 'src/data/public-good.trusted_root.json');

/** @sigguard/predicate's OPA-ABI test double, a stand-in for a module `opa build -t wasm` writes. */
export const OPA_TEST_DOUBLE_WASM = join(packageDir('predicate'), 'src/rego/testdata/opa-abi-test-double.wasm');

/** The identity and issuer the sigstore-conformance beacon (and so the public samples) signed with. */
export const CONFORMANCE_BEACON = {
  subject:
    'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/' +
    'extremely-dangerous-oidc-beacon.yml@refs/heads/main',
  issuer: 'https://token.actions.githubusercontent.com',
} as const;

/** One case of the sigstore-conformance suite's manifest.json, its file names made absolute. */
export interface ConformanceManifestCase {
  name: string;
  expect: 'pass' | 'fail';
  bundle: string;
  artifact: string;
  /** `sha256:<hex>` of the artifact. */
  digest: string;
  identity: string;
  issuer: string;
  /** The case's own trusted root, or null: then the suite's client uses `defaultTrustedRoot`. */
  trustedRoot: string | null;
  defaultTrustedRoot: string | null;
  key: string | null;
}

/** The bundle-verify cases of the sigstore-conformance suite beside the repository, or undefined without it. */
export function conformanceManifest(): ConformanceManifestCase[] | undefined {
  const dir = sharedVectors('sigstore-conformance').path;
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) return undefined;
  const at = (p: string | null) => (p === null ? null : join(dir, p));
  const cases = (JSON.parse(readFileSync(file, 'utf8')) as { cases: ConformanceManifestCase[] }).cases;
  return cases.map((c) => ({
    ...c,
    bundle: join(dir, c.bundle),
    artifact: join(dir, c.artifact),
    trustedRoot: at(c.trustedRoot),
    defaultTrustedRoot: at(c.defaultTrustedRoot),
    key: at(c.key),
  }));
}
