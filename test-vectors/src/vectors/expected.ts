// The shape of expected.json and a loader for it (Node: reads the committed files).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FailureCode } from './cases.ts';

export interface ExpectedCaseJSON {
  name: string;
  description: string;
  /** Paths relative to the test-vectors directory. */
  bundle: string;
  artifact: string;
  artifactDigest: string;
  identity?: { subject: string; issuer: string };
  key?: string;
  trustedRoot: string;
  verifyAt: string;
  expected: { verified: true } | { verified: false; code: FailureCode };
  sigstoreJs: string;
}

export interface ExpectedJSON {
  regenerate: string;
  trustedRoot: string;
  cases: ExpectedCaseJSON[];
}

export interface LoadedCase extends ExpectedCaseJSON {
  bundleJSON: unknown;
  artifactBytes: Uint8Array;
  keyPEM?: string;
  trustedRootJSON: unknown;
  verifyAtDate: Date;
}

/** The test-vectors package directory. */
export const VECTORS_DIR = fileURLToPath(new URL('../../', import.meta.url));

export function vectorPath(relative: string): string {
  return fileURLToPath(new URL(relative, new URL('../../', import.meta.url)));
}

/** Every committed case with its files read. */
export function loadVectors(): LoadedCase[] {
  const expected = JSON.parse(readFileSync(vectorPath('expected.json'), 'utf8')) as ExpectedJSON;
  return expected.cases.map((c) => ({
    ...c,
    bundleJSON: JSON.parse(readFileSync(vectorPath(c.bundle), 'utf8')),
    artifactBytes: new Uint8Array(readFileSync(vectorPath(c.artifact))),
    ...(c.key ? { keyPEM: readFileSync(vectorPath(c.key), 'utf8') } : {}),
    trustedRootJSON: JSON.parse(readFileSync(vectorPath(c.trustedRoot), 'utf8')),
    verifyAtDate: new Date(c.verifyAt),
  }));
}
