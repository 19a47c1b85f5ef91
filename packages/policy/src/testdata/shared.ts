// Locates the read-only policy-controller vectors in ../shared (next to the repository).
// Tests that need them skip visibly when they are absent (fresh clone).
import { readFileSync } from 'node:fs';
import { sharedVectors } from '@sigguard/test-vectors/support/locations';

const { path, skip } = sharedVectors('policy-controller');

/** The vectors' folder with a trailing slash, or undefined when absent. */
export const sharedVectorsDir: string | undefined = skip ? undefined : `${path}/`;
export const skipWithoutShared: false | string = skip;

export function readShared(relative: string): string {
  if (!sharedVectorsDir) throw new Error('shared vectors absent');
  return readFileSync(sharedVectorsDir + relative, 'utf8');
}

export function readSharedJson<T>(relative: string): T {
  return JSON.parse(readShared(relative)) as T;
}
