// Locates the read-only policy-controller vectors in ../shared (next to the repository).
// Tests that need them skip visibly when they are absent (fresh clone).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../../shared/vectors/policy-controller/', import.meta.url));

export const sharedVectorsDir: string | undefined = existsSync(root) ? root : undefined;
export const skipWithoutShared: false | string = sharedVectorsDir
  ? false
  : `../shared/vectors/policy-controller not found at ${root}`;

export function readShared(relative: string): string {
  if (!sharedVectorsDir) throw new Error('shared vectors absent');
  return readFileSync(sharedVectorsDir + relative, 'utf8');
}

export function readSharedJson<T>(relative: string): T {
  return JSON.parse(readShared(relative)) as T;
}
