// Parsed policy YAML kept across verifyImage calls: an admission controller passes the same policy text on
// every call, and parsing and validating it was about a third of a warm verifyImage. Keyed by the text itself
// (and the source name, which messages carry); only successful parses with default parse options are kept, and
// the documents are frozen, so a later call can neither see nor cause a change. Bounded, least recently used
// first out. TrustRoot documents are still loaded per call (their material may come from a TUF repository).
import { parsePolicyDocuments, type PolicyDocuments } from '@sigguard/policy';

const MAX_ENTRIES = 32;
// By text, then by source name: a caller passes the same text (one string) on every call, whose hash V8 keeps in
// the string, so a lookup hashes nothing new (a `${source}\n${text}` key was a new string to hash every call).
// Least recently used texts go first (the few sources of one text go with it, oldest first).
const parsed = new Map<string, Map<string, PolicyDocuments>>();
let entries = 0;

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
  const sources = parsed.get(text);
  const hit = sources?.get(source);
  if (sources && parsed.size > 1) {
    parsed.delete(text); // most recently used last
    parsed.set(text, sources);
  }
  if (hit) return hit;
  const docs = deepFreeze(parsePolicyDocuments(text, { source }));
  if (entries >= MAX_ENTRIES) forgetOldest();
  let into = parsed.get(text);
  if (!into) parsed.set(text, (into = new Map()));
  into.set(source, docs);
  entries++;
  return docs;
}

/** Drops the oldest source of the least recently used text. */
function forgetOldest(): void {
  const [text, sources] = parsed.entries().next().value!;
  sources.delete(sources.keys().next().value!);
  if (sources.size === 0) parsed.delete(text);
  entries--;
}
