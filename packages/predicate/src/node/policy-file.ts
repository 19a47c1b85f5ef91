// Reading a policy from a file: the type comes from the option or the file name.
import { readFile } from 'node:fs/promises';
import { PredicateError, policyFromBytes, type PredicatePolicy } from '@sigguard/predicate';

export function policyTypeFromFileName(path: string): 'cue' | 'rego' | undefined {
  if (/\.cue$/i.test(path)) return 'cue';
  if (/\.(rego|wasm|tar\.gz|tgz)$/i.test(path)) return 'rego';
  return undefined;
}

export async function readPolicyFile(path: string, type?: 'cue' | 'rego'): Promise<PredicatePolicy> {
  const kind = type ?? policyTypeFromFileName(path);
  if (!kind) {
    throw new PredicateError('POLICY_SOURCE', `cannot tell the policy type of ${path} from its name; say cue or rego`);
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    throw new PredicateError('POLICY_SOURCE', `cannot read policy file ${path}: ${(e as Error).message}`);
  }
  return policyFromBytes(kind, bytes);
}
