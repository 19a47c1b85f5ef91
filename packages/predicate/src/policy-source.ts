// Where a policy comes from, as a ClusterImagePolicy names it: inline `data`, a remote `url`
// pinned by `sha256sum`, or a `configMapRef` (cluster only). Files are read by the Node adapter.
import { PredicateError } from './errors.ts';
import type { PredicatePolicy } from './evaluate.ts';
import { sha256Hex } from './sha256.ts';
import type { FetchLike } from '@sigguard/types';

export interface PolicySourceSpec {
  type: 'cue' | 'rego';
  data?: string;
  url?: string;
  sha256sum?: string;
  configMapRef?: { name: string; key?: string };
}

export interface PolicySourceOptions {
  fetch?: FetchLike;
  /** Largest policy fetched from a URL, in bytes. */
  maxBytes?: number;
}

const GZIP = [0x1f, 0x8b];
const WASM = [0x00, 0x61, 0x73, 0x6d];
const startsWith = (b: Uint8Array, magic: number[]) => magic.every((m, i) => b[i] === m);

/** Bytes of a Rego policy: a bundle (gzip), a module (\0asm), or else UTF-8 Rego source. */
export function regoPolicyFromBytes(bytes: Uint8Array): PredicatePolicy {
  if (startsWith(bytes, GZIP)) return { type: 'rego', bundle: bytes };
  if (startsWith(bytes, WASM)) return { type: 'rego', wasm: bytes };
  return { type: 'rego', data: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
}

export function policyFromBytes(type: 'cue' | 'rego', bytes: Uint8Array): PredicatePolicy {
  if (type === 'rego') return regoPolicyFromBytes(bytes);
  try {
    return { type: 'cue', data: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    throw new PredicateError('PREDICATE_POLICY_INVALID', 'CUE policy is not UTF-8 text');
  }
}

async function readCapped(response: Response, maxBytes: number, url: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes)
    throw new PredicateError('POLICY_SOURCE', `policy at ${url} is ${declared} bytes, over the limit of ${maxBytes}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > maxBytes)
    throw new PredicateError(
      'POLICY_SOURCE',
      `policy at ${url} is ${bytes.length} bytes, over the limit of ${maxBytes}`,
    );
  return bytes;
}

/** Resolves a CIP policy source into a policy the engines take. */
export async function loadPolicySource(
  spec: PolicySourceSpec,
  options: PolicySourceOptions = {},
): Promise<PredicatePolicy> {
  return inlinePolicySource(spec) ?? (await fetchPolicySource(spec, options));
}

/**
 * loadPolicySource's answer when nothing is to be downloaded, synchronously: the inline policy, or the
 * PredicateError for a spec that cannot be used; undefined for a `url` (loadPolicySource fetches it).
 */
export function inlinePolicySource(spec: PolicySourceSpec): PredicatePolicy | undefined {
  if (spec.type !== 'cue' && spec.type !== 'rego') {
    throw new PredicateError(
      'UNSUPPORTED_POLICY_TYPE',
      `sorry Type ${String(spec.type)} is not supported yet (use cue or rego)`,
    );
  }
  const given = [spec.data !== undefined, spec.url !== undefined, spec.configMapRef !== undefined].filter(
    Boolean,
  ).length;
  if (given !== 1) throw new PredicateError('POLICY_SOURCE', 'a policy needs exactly one of data, url or configMapRef');
  if (spec.configMapRef) {
    throw new PredicateError(
      'POLICY_SOURCE',
      `policy configMapRef ${spec.configMapRef.name}${spec.configMapRef.key ? `/${spec.configMapRef.key}` : ''} is not supported outside a cluster; inline the policy as data, or give a url with sha256sum`,
    );
  }
  if (spec.data !== undefined) return { type: spec.type, data: spec.data } as PredicatePolicy;
  return undefined;
}

async function fetchPolicySource(spec: PolicySourceSpec, options: PolicySourceOptions): Promise<PredicatePolicy> {
  const url = spec.url!;
  if (!spec.sha256sum || !/^[0-9a-fA-F]{64}$/.test(spec.sha256sum)) {
    throw new PredicateError('POLICY_SOURCE', `policy url ${url} needs a sha256sum (64 hex digits) to pin its content`);
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (!fetchImpl) throw new PredicateError('POLICY_SOURCE', `no fetch available to download policy ${url}`);
  let response: Response;
  try {
    response = await fetchImpl(url);
  } catch (e) {
    throw new PredicateError('POLICY_SOURCE', `fetching policy ${url} failed: ${(e as Error).message}`);
  }
  if (!response.ok) throw new PredicateError('POLICY_SOURCE', `fetching policy ${url} failed: HTTP ${response.status}`);
  const bytes = await readCapped(response, options.maxBytes ?? 4 * 1024 * 1024, url);
  const digest = await sha256Hex(bytes);
  if (digest !== spec.sha256sum.toLowerCase()) {
    throw new PredicateError(
      'POLICY_SOURCE',
      `policy at ${url} has sha256 ${digest}, but sha256sum says ${spec.sha256sum.toLowerCase()}`,
    );
  }
  return policyFromBytes(spec.type, bytes);
}
