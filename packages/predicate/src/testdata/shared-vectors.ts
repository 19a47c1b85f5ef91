// Locates the policy-controller acceptance vectors in ../shared (beside the repository).
// Tests that need them skip visibly, with this reason, when that folder is absent.
import { readFileSync } from 'node:fs';
import { sharedVectors } from '@sigguard/test-vectors/support/locations';

const vectors = sharedVectors('policy-controller');
/** The vectors' folder, with a trailing slash. */
export const SHARED_PC = `${vectors.path}/`;
export const sharedAvailable = !vectors.skip;
export const SKIP_NO_SHARED = vectors.skip;

export function sharedText(rel: string): string {
  return readFileSync(SHARED_PC + rel, 'utf8');
}

export function sharedJSON<T = unknown>(rel: string): T {
  return JSON.parse(sharedText(rel)) as T;
}

/** A DSSE envelope around a statement, as cosign attest writes it (signature not needed here). */
export function envelopeOf(statement: unknown): string {
  const payload = Buffer.from(JSON.stringify(statement)).toString('base64');
  return JSON.stringify({
    payloadType: 'application/vnd.in-toto+json',
    payload,
    signatures: [{ keyid: '', sig: 'AAAA' }],
  });
}
