import { OciError } from './errors.ts';

/**
 * An image reference parsed exactly as go-containerregistry v0.21.3 `name.ParseReference`
 * with default (weak) options parses it, because policy-controller matches globs against
 * that `ref.Name()` and cosign fetches from the registry it names. This is the only
 * reference parser in sigguard: @sigguard/policy matches with it, the registry client
 * fetches with it.
 *
 * - The first path component is the registry only if it contains `.` or `:` (so
 *   `localhost/app` is the Docker Hub repository `localhost/app`; v0.21.3 has no localhost rule).
 * - No registry, or `docker.io`, is `index.docker.io`; no other host is rewritten
 *   (`registry-1.docker.io/x` stays as written, without `library/`).
 * - On `index.docker.io` a one-component repository gets `library/`.
 * - A reference without tag or digest has the tag `latest`; `repo:tag@digest` is a digest
 *   reference and the tag is dropped.
 */
export interface ImageReference {
  /** Host[:port] as ggcr's `RegistryStr()`. */
  registry: string;
  /** Repository path as ggcr's `RepositoryStr()` (with `library/` on Docker Hub). */
  repository: string;
  /** Tag references only. */
  tag?: string;
  /** Digest references only (`sha256:<64 hex>`). */
  digest?: string;
}

export const DOCKER_HUB = 'index.docker.io';
const DOCKER_HUB_ALIAS = 'docker.io';
const DEFAULT_TAG = 'latest';
// ggcr checkElement: allowed characters and lengths (counted in characters).
const TAG_CHARS = /^[A-Za-z0-9_.-]{1,128}$/;
const REPOSITORY_CHARS = /^[a-z0-9_\-./]{2,255}$/;
const SHA256_HEX = /^[a-f0-9]{64}$/;
// ggcr checkRegistry: url.Parse("//" + name).Host must equal name, i.e. an RFC 3986 reg-name
// (or a bracketed IPv6 literal) with an optional numeric port. Anything Go would rewrite or
// reject (`%`, `@`, `?`, `#`, spaces, a non-numeric port) is refused here too.
const REGISTRY_AUTHORITY = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=]*|\[[0-9A-Fa-f:.]+\])(?::[0-9]*)?$/;

function invalid(input: string, why: string): OciError {
  return new OciError('REFERENCE_INVALID', `invalid image reference '${input}': ${why}`);
}

/** ggcr `name.NewRepository` (weak): `[registry/]repository`, without tag or digest. */
export function parseRepositoryName(name: string, input: string = name): ImageReference {
  if (typeof name !== 'string' || name.length === 0) {
    throw invalid(String(input), 'a repository name must be specified');
  }
  let registry = '';
  let repository = name;
  const slash = name.indexOf('/');
  if (slash >= 0) {
    const first = name.slice(0, slash);
    if (first.includes('.') || first.includes(':')) {
      registry = first;
      repository = name.slice(slash + 1);
    }
  }
  if (!REPOSITORY_CHARS.test(repository)) {
    throw invalid(input, `repository '${repository}' must be 2-255 characters of [a-z0-9_-./]`);
  }
  if (!REGISTRY_AUTHORITY.test(registry)) {
    throw invalid(input, `registry '${registry}' is not a valid RFC 3986 authority`);
  }
  if (registry === '' || registry === DOCKER_HUB_ALIAS) registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  return { registry, repository };
}

/** ggcr `name.NewTag` (weak): a last `:` part without `/` is the tag, else the tag is `latest`. */
function parseTagReference(input: string): ImageReference {
  const parts = input.split(':');
  const last = parts[parts.length - 1]!;
  let base = input;
  let tag = DEFAULT_TAG;
  if (parts.length > 1 && !last.includes('/')) {
    base = parts.slice(0, -1).join(':');
    tag = last;
    if (tag === '') throw invalid(input, 'must specify a tag name after the colon');
    if (!TAG_CHARS.test(tag)) throw invalid(input, `tag '${tag}' must be 1-128 characters of [A-Za-z0-9_.-]`);
  }
  return { ...parseRepositoryName(base, input), tag };
}

/** ggcr `name.NewDigest` (weak): exactly one `@`, sha256 only; a tag before the `@` is dropped. */
function parseDigestReference(input: string): ImageReference {
  const parts = input.split('@');
  if (parts.length !== 2) throw invalid(input, "a digest reference must contain exactly one '@'");
  const [base, digest] = parts as [string, string];
  if (!digest.startsWith('sha256:')) throw invalid(input, `unsupported digest algorithm: ${digest}`);
  if (!SHA256_HEX.test(digest.slice('sha256:'.length))) {
    throw invalid(input, `digest '${digest}' is not sha256:<64 lowercase hex>`);
  }
  let repo: ImageReference;
  try {
    const { tag: _dropped, ...rest } = parseTagReference(base);
    repo = rest;
  } catch {
    repo = parseRepositoryName(base, input);
  }
  return { ...repo, digest };
}

// Parsed references, remembered: policy matching parses the same few references on every decision, and a
// digest reference is first tried as a tag reference (an error with a stack trace each time). Bounded; copies out.
const parsed = new Map<string, Readonly<ImageReference>>();
const MAX_PARSED = 256;

/** ggcr `name.ParseReference(s)`: a tag reference if that parses, else a digest reference. */
export function parseImageReference(input: string): ImageReference {
  const known = typeof input === 'string' ? parsed.get(input) : undefined;
  if (known) return { ...known };
  const ref = parseUncached(input);
  if (input.length > 1024) return ref;
  if (parsed.size >= MAX_PARSED) parsed.delete(parsed.keys().next().value as string);
  parsed.set(input, { ...ref });
  return ref;
}

function parseUncached(input: string): ImageReference {
  if (typeof input !== 'string' || input.length === 0) throw invalid(String(input), 'empty');
  try {
    return parseTagReference(input);
  } catch (tagError) {
    try {
      return parseDigestReference(input);
    } catch (digestError) {
      // Report the more specific of the two reasons.
      throw input.includes('@') ? digestError : tagError;
    }
  }
}

/** `registry/repository` (ggcr `Repository.Name()`). */
export function repositoryName(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}`;
}

/**
 * ggcr `Reference.Name()`: `registry/repository@digest` for a digest reference, else
 * `registry/repository:tag`; what policy-controller matches globs against.
 */
export function formatImageReference(ref: ImageReference): string {
  if (ref.digest) return `${repositoryName(ref)}@${ref.digest}`;
  return ref.tag ? `${repositoryName(ref)}:${ref.tag}` : repositoryName(ref);
}

/** The same repository at another digest (a digest reference: no tag). */
export function withDigest(ref: ImageReference, digest: string): ImageReference {
  return { registry: ref.registry, repository: ref.repository, digest };
}

/**
 * Path components a URL would rewrite (`.`, `..`, empty): ggcr accepts them in a name, but
 * fetching them would read another repository than the one matched, so the client refuses.
 */
export function unfetchableRepositoryProblem(ref: ImageReference): string | undefined {
  const bad = ref.repository.split('/').find((p) => p === '' || p === '.' || p === '..');
  if (bad === undefined) return undefined;
  return `repository '${ref.repository}' has a '${bad}' path component that cannot be fetched as written`;
}
