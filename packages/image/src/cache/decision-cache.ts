// verifyImage's use of the VerificationCache: which calls may use it, the key of a call, and what is kept.
import type { TrustRoot } from '@sigguard/trust-root';
import { TrustRootSet } from '@sigguard/trust-root';
import type { ImageDecision } from '../decision.ts';
import type { VerifyImageOptions } from '../options.ts';
import { ATTR, type StageTrace } from '../telemetry/telemetry.ts';
import { cacheKey, validityWindow, VerificationCache } from './verification-cache.ts';

/** The cache verifyImage uses unless told otherwise (see VerifyImageOptions.cache). */
export const defaultVerificationCache = new VerificationCache<ImageDecision>();

/** A call's place in the cache: where a decision would be kept, under which key, and the hit if there is one. */
export interface CachedDecision {
  cache?: VerificationCache<ImageDecision>;
  key?: string | undefined;
  now: Date;
  hit?: ImageDecision | undefined;
}

/** A decision kept for identical offline evidence, or where to keep this call's (verification-cache.ts). */
export function cachedDecision(ref: string, options: VerifyImageOptions, trace?: StageTrace): CachedDecision {
  const cache =
    options.cache === false || options.registry || options.evidence?.layout
      ? undefined
      : (options.cache ?? defaultVerificationCache);
  const now = options.now ?? new Date();
  const key = cache && !options.predicateRunner ? cacheKeyOf(ref, options) : undefined;
  const hit = key ? cache!.get(key, now) : undefined;
  if (hit) trace?.span.setAttributes({ [ATTR.cacheHit]: true });
  return { ...(cache ? { cache } : {}), key, now, hit };
}

/** What an admission relied on: the trust roots and the bundle documents. */
export interface DecisionMaterial {
  defaultRoot: TrustRoot;
  named: Iterable<TrustRoot>;
  docs: readonly object[];
}

/**
 * Keeps an admission while nothing it relied on changes validity. The cache hands out one frozen copy; this
 * caller gets it too, so no decision differs by being a hit. Other decisions are returned as they are.
 */
export function rememberDecision(
  { cache, key, now }: CachedDecision,
  result: ImageDecision,
  { defaultRoot, named, docs }: DecisionMaterial,
): ImageDecision {
  if (!cache || !key || !result.allowed) return result;
  const window = validityWindow({ roots: [defaultRoot, ...named], docs }, now);
  return window ? (cache.set(key, result, window) ?? result) : result;
}

function cacheKeyOf(ref: string, options: VerifyImageOptions): string | undefined {
  const given = options.trustRoots instanceof TrustRootSet ? [...options.trustRoots] : [...(options.trustRoots ?? [])];
  return cacheKey({
    ref,
    policies: options.policies,
    trustRoots: given.map((r) => `${r.name}=${r.digest}`),
    defaultTrustRoot: options.defaultTrustRoot,
    bundles: options.evidence?.bundles ?? [],
    options: {
      platform: options.platform,
      noMatchPolicy: options.noMatchPolicy,
      resource: options.resource,
      predicate: options.predicate,
    },
  });
}
