// Several named trust roots at once (TrustRoot metadata.name), selected per
// authority by trustRootRef, plus the per-authority PEM chain override.
import { TrustRootLoadError } from './errors.ts';
import { loadTrustRootResource, type LoadTrustRootOptions } from './load.ts';
import { withCertificateChainJson } from './material.ts';
import { parseTrustRootYaml, type ParseTrustRootYamlOptions, type TrustRootResource } from './resource.ts';
import { parseTrustedRoot, TrustRootError, type TrustRoot } from './trusted-root.ts';

export class TrustRootSet {
  readonly #roots: ReadonlyMap<string, TrustRoot>;
  constructor(roots: Iterable<TrustRoot>) {
    const map = new Map<string, TrustRoot>();
    for (const r of roots) {
      if (map.has(r.name))
        throw new TrustRootLoadError('RESOURCE_INVALID', `two trust roots are named ${JSON.stringify(r.name)}`);
      map.set(r.name, r);
    }
    this.#roots = map;
  }
  get names(): string[] {
    return [...this.#roots.keys()];
  }
  has(name: string): boolean {
    return this.#roots.has(name);
  }
  /** The trust root an authority's trustRootRef names; an unknown name is an error naming it. */
  get(trustRootRef: string): TrustRoot {
    const root = this.#roots.get(trustRootRef);
    if (!root) {
      const known = this.names.length > 0 ? this.names.map((n) => JSON.stringify(n)).join(', ') : 'none';
      throw new TrustRootLoadError(
        'UNKNOWN_TRUST_ROOT',
        `trustRootRef ${JSON.stringify(trustRootRef)} not found (loaded trust roots: ${known})`,
      );
    }
    return root;
  }
  [Symbol.iterator](): Iterator<TrustRoot> {
    return this.#roots.values();
  }
}

/** Loads every resource; any failure fails the whole set (nothing partially loaded). */
export async function loadTrustRootResources(
  resources: TrustRootResource[],
  options: LoadTrustRootOptions = {},
): Promise<TrustRootSet> {
  const roots: TrustRoot[] = [];
  for (const r of resources) roots.push(await loadTrustRootResource(r, options));
  return new TrustRootSet(roots);
}

/** Multi-document TrustRoot YAML → a TrustRootSet. */
export async function loadTrustRootsFromYaml(
  text: string,
  options: LoadTrustRootOptions & ParseTrustRootYamlOptions = {},
): Promise<TrustRootSet> {
  return loadTrustRootResources(parseTrustRootYaml(text, options), options);
}

/**
 * `root` with its certificate authorities replaced by one PEM chain (leaf or
 * intermediate up to the root), for an authority that brings its own chain. Logs and
 * TSAs are kept.
 */
export function withCertificateChain(root: TrustRoot, pemChain: string, where = 'certificate chain'): TrustRoot {
  const doc = withCertificateChainJson(root.json as Record<string, unknown>, pemChain, where);
  try {
    return parseTrustedRoot(doc, { name: root.name });
  } catch (e) {
    if (e instanceof TrustRootError) throw new TrustRootLoadError('BAD_PEM', `${where}: ${e.message}`, { cause: e });
    throw e;
  }
}

/** Where each kind of trust material of one verification comes from (ClusterImagePolicy trustRootRefs). */
export interface TrustRootSources {
  /** Certificate authorities (keyless.trustRootRef). */
  ca: TrustRoot;
  /** Transparency logs and CT logs (ctlog.trustRootRef). */
  tlog: TrustRoot;
  /** Timestamp authorities (rfc3161timestamp.trustRootRef). */
  tsa: TrustRoot;
}

/**
 * One root whose CAs (and CT logs) come from `ca`, transparency logs from `tlog` and TSAs from
 * `tsa`, named `ca+tlog+tsa`; `ca` itself when all three are the same root.
 */
export function composeTrustRoot({ ca, tlog, tsa }: TrustRootSources): TrustRoot {
  if (ca === tlog && ca === tsa) return ca;
  const json = (r: TrustRoot) => r.json as Record<string, unknown>;
  return parseTrustedRoot(
    { ...json(ca), tlogs: json(tlog).tlogs ?? [], timestampAuthorities: json(tsa).timestampAuthorities ?? [] },
    { name: `${ca.name}+${tlog.name}+${tsa.name}` },
  );
}
