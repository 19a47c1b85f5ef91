// Policy YAML text to what verifyImage() needs: the validated ClusterImagePolicies, the named
// trust roots its TrustRoot documents describe (loaded and checked), and the parse warnings.
// One loader for the library and the CLI, so both read the same documents the same way
// (several documents, a `kind: List` from kubectl, TrustRoots beside the policies).
import { goRegExpEngineLoaded, withGoRegExpEngine } from '@sigguard/identity';
import {
  parsePolicyDocuments,
  type ClusterImagePolicy,
  type ParseOptions,
  type PolicyDocuments,
} from '@sigguard/policy';
import {
  loadTrustRootResource,
  parseTrustRootResource,
  type LoadTrustRootOptions,
  type TrustRoot,
} from '@sigguard/trust-root';
import { VerifyImageError } from './errors.ts';
import { parsePolicyDocumentsCached } from './policy-documents-cache.ts';

export interface LoadedPolicies {
  policies: ClusterImagePolicy[];
  /** The TrustRoot documents' trust material, by metadata.name (for authorities' trustRootRef). */
  trustRoots: TrustRoot[];
  /** Non-fatal notes on the documents (deprecated names, ignored key blocks, …). */
  warnings: string[];
}

export interface LoadPoliciesOptions {
  /** Names the text in messages, e.g. a file path. Default `policies`. */
  source?: string;
  /** YAML limits and admission-validation options (@sigguard/policy). */
  parse?: Omit<ParseOptions, 'source'>;
  /** How TrustRoot documents are loaded (TUF caches, fetch, clock). */
  trustRoot?: LoadTrustRootOptions;
}

/**
 * Parses and validates ClusterImagePolicy and TrustRoot YAML (as `kubectl apply -f` takes it,
 * or as `kubectl get … -o yaml` writes it) and loads the TrustRoots. Invalid documents throw
 * the policy package's PolicyError listing every problem; a TrustRoot whose trust material
 * cannot be loaded throws VerifyImageError (INPUT_INVALID) naming the source and the TrustRoot.
 */
export async function loadPolicies(text: string, options: LoadPoliciesOptions = {}): Promise<LoadedPolicies> {
  const source = options.source ?? 'policies';
  // Validation compiles identity regexps: outside Node the RE2 engine is loaded (then the text parsed
  // again) only when a policy has one. Parses of the same text are kept (policy-documents-cache.ts).
  const parse = () =>
    options.parse ? parsePolicyDocuments(text, { ...options.parse, source }) : parsePolicyDocumentsCached(text, source);
  // With the engine loaded (always in Node) nothing needs awaiting.
  const docs = goRegExpEngineLoaded() ? parse() : await withGoRegExpEngine(parse);
  return loadedPolicies(docs, await loadTrustRoots(docs, source, options.trustRoot));
}

/**
 * loadPolicies(text, { source }) when nothing in it needs awaiting (the RE2 engine is loaded, and the text holds no
 * TrustRoot documents to load), else undefined.
 */
export function loadedPoliciesNow(text: string, source: string): LoadedPolicies | undefined {
  if (!goRegExpEngineLoaded()) return undefined;
  const docs = parsePolicyDocumentsCached(text, source);
  return docs.trustRoots.length === 0 ? loadedPolicies(docs, []) : undefined;
}

function loadedPolicies(docs: PolicyDocuments, trustRoots: TrustRoot[]): LoadedPolicies {
  return { policies: [...docs.policies], trustRoots, warnings: [...docs.warnings] };
}

async function loadTrustRoots(
  docs: PolicyDocuments,
  source: string,
  options: LoadTrustRootOptions | undefined,
): Promise<TrustRoot[]> {
  const trustRoots: TrustRoot[] = [];
  for (const t of docs.trustRoots) {
    const where = `${source}: TrustRoot ${t.name}`;
    try {
      trustRoots.push(await loadTrustRootResource(parseTrustRootResource(t.raw, where), options));
    } catch (e) {
      throw new VerifyImageError('INPUT_INVALID', `${where}: ${(e as Error).message}`, { cause: e });
    }
  }
  return trustRoots;
}
