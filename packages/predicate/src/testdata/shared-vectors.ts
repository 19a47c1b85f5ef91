// Locates the policy-controller acceptance vectors in ../shared (beside the repository).
// Tests that need them skip visibly, with this reason, when that folder is absent.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SHARED_PC = fileURLToPath(new URL('../../../../../shared/vectors/policy-controller/', import.meta.url));
export const sharedAvailable = existsSync(SHARED_PC + 'INDEX.md');
export const SKIP_NO_SHARED = sharedAvailable
  ? false
  : `policy-controller vectors not found at ${SHARED_PC} (../shared absent)`;

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
