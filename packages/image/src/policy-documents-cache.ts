// Parsed policy YAML kept across verifyImage calls: an admission controller passes the same policy text on
// every call, and parsing and validating it was about a third of a warm verifyImage. Keyed by the text itself
// (and the source name, which messages carry); only successful parses with default parse options are kept, and
// the documents are frozen, so a later call can neither see nor cause a change. Bounded, least recently used
// first out. TrustRoot documents are still loaded per call (their material may come from a TUF repository).
import { parsePolicyDocuments, type PolicyDocuments } from '@sigguard/policy';

const MAX_ENTRIES = 32;
const parsed = new Map<string, PolicyDocuments>();

// Plain objects and arrays only: instances of classes (compiled matchers and the like) keep their own state.
function deepFreeze<T>(value: T): T {
  const proto = value && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if ((proto === Object.prototype || proto === Array.prototype || proto === null) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

/** parsePolicyDocuments(text, { source }), remembered by content. The result is frozen: copy before changing it. */
export function parsePolicyDocumentsCached(text: string, source: string): PolicyDocuments {
  const key = `${source}\n${text}`;
  const hit = parsed.get(key);
  if (hit) {
    parsed.delete(key);
    parsed.set(key, hit);
    return hit;
  }
  const docs = deepFreeze(parsePolicyDocuments(text, { source }));
  if (parsed.size >= MAX_ENTRIES) parsed.delete(parsed.keys().next().value!);
  parsed.set(key, docs);
  return docs;
}
