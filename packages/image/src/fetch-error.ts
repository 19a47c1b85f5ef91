// Telling "could not fetch the evidence" apart from "the evidence says no": both deny (fail
// closed, exit 1), but a registry that could not be reached or refused the credentials says
// nothing about the image's signatures, and a caller may retry or fix credentials.
import { OciError, type OciErrorCode } from '@sigguard/oci';

/** The OciError codes that mean the registry did not let sigguard look, not what it found. */
export const FETCH_ERROR_CODES: readonly OciErrorCode[] = ['NETWORK', 'TIMEOUT', 'UNAUTHORIZED', 'REGISTRY'];

/** Why evidence could not be fetched: `NETWORK`/`TIMEOUT` (unreachable), `UNAUTHORIZED`, `REGISTRY` (server error). */
export interface FetchError {
  code: 'NETWORK' | 'TIMEOUT' | 'UNAUTHORIZED' | 'REGISTRY';
  reason: string;
}

/** The first error among `errors` that is a fetch failure, as a FetchError. */
export function fetchErrorOf(errors: readonly unknown[]): FetchError | undefined {
  for (const e of errors) {
    if (e instanceof OciError && FETCH_ERROR_CODES.includes(e.code))
      return { code: e.code as FetchError['code'], reason: e.message };
  }
  return undefined;
}
