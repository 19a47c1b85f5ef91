// Test helpers: the committed public Sigstore samples (see README.md here).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileIdentities } from '@sigguard/identity';
import { CONFORMANCE_BEACON } from '@sigguard/test-vectors/support/locations';

export const dir = import.meta.dirname;
export const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(dir, name)));
export const readJson = (name: string): any => JSON.parse(readFileSync(join(dir, name), 'utf8'));
export const artifact = read('a.txt');
export const ARTIFACT_SHA256 = 'a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf';
export const { subject: BEACON, issuer: GHA } = CONFORMANCE_BEACON;
export const beacon = () => compileIdentities([{ issuer: GHA, subject: BEACON }]);
