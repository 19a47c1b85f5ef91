import { PolicyError } from './errors.ts';

/**
 * An image reference normalised exactly as go-containerregistry's `name.ParseReference`
 * (weak validation) does, because policy-controller matches globs against `ref.Name()`.
 * This is deliberately a separate, small parser from @sigguard/oci's: glob matching must
 * reproduce Go's quirks (e.g. `localhost/foo` is a Docker Hub repository here).
 */
export interface ImageRef {
  /** The string the caller gave. */
  input: string;
  /** `registry/repository:tag` or `registry/repository@sha256:hex` (a digest drops the tag). */
  name: string;
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

export const DEFAULT_REGISTRY = 'index.docker.io';
const REGISTRY_ALIAS = 'docker.io';
const DEFAULT_TAG = 'latest';
const TAG_CHARS = /^[A-Za-z0-9_.-]{1,128}$/;
const REPOSITORY_CHARS = /^[a-z0-9_\-./]{2,255}$/;
const SHA256_HEX = /^[a-f0-9]{64}$/;
// `//` + name must parse as a URL whose host is exactly name: host[:port] or [ipv6][:port].
const REGISTRY_AUTHORITY = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=%]*|\[[0-9A-Fa-f:.]+\])(?::[0-9]*)?$/;

interface Repo {
  registry: string;
  repository: string;
}

function bad(input: string, why: string): PolicyError {
  return new PolicyError('IMAGE_REF_INVALID', `could not parse reference: ${input} (${why})`);
}

function parseRepository(name: string, input: string): Repo {
  if (name.length === 0) throw bad(input, 'a repository name must be specified');
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
    throw bad(input, `repository "${repository}" must be 2-255 characters of [a-z0-9_-./]`);
  }
  if (!REGISTRY_AUTHORITY.test(registry)) {
    throw bad(input, `registry "${registry}" is not a valid RFC 3986 authority`);
  }
  if (registry === '') registry = DEFAULT_REGISTRY;
  if (registry === REGISTRY_ALIAS) registry = DEFAULT_REGISTRY;
  // Docker Hub single-segment names live under library/.
  if (registry === DEFAULT_REGISTRY && !repository.includes('/')) repository = `library/${repository}`;
  return { registry, repository };
}

function parseTag(input: string): { repo: Repo; tag: string } {
  const parts = input.split(':');
  let base = input;
  let tag = '';
  const last = parts[parts.length - 1]!;
  // A last ':' segment containing '/' is a registry port, not a tag.
  if (parts.length > 1 && !last.includes('/')) {
    base = parts.slice(0, -1).join(':');
    tag = last;
    if (tag === '') throw bad(input, 'must specify a tag name after the colon');
    if (!TAG_CHARS.test(tag)) throw bad(input, `tag "${tag}" must be 1-128 characters of [A-Za-z0-9_.-]`);
  }
  return { repo: parseRepository(base, input), tag: tag || DEFAULT_TAG };
}

function parseDigest(input: string): { repo: Repo; digest: string } {
  const parts = input.split('@');
  if (parts.length !== 2) throw bad(input, "a digest must contain exactly one '@'");
  const [base, digest] = parts as [string, string];
  if (!digest.startsWith('sha256:')) throw bad(input, `unsupported digest algorithm: ${digest}`);
  if (!SHA256_HEX.test(digest.slice('sha256:'.length))) throw bad(input, 'digest is not 64 lowercase hex');
  let repo: Repo;
  try {
    // `repo:tag@digest`: the tag is dropped.
    repo = parseTag(base).repo;
  } catch {
    repo = parseRepository(base, input);
  }
  return { repo, digest };
}

/** Parses like go-containerregistry `name.ParseReference(s, name.WeakValidation)`. */
export function parseImageRef(input: string): ImageRef {
  if (typeof input !== 'string') throw bad(String(input), 'not a string');
  try {
    const { repo, tag } = parseTag(input);
    const name = `${repo.registry}/${repo.repository}:${tag}`;
    return { input, name, registry: repo.registry, repository: repo.repository, tag };
  } catch (tagError) {
    try {
      const { repo, digest } = parseDigest(input);
      const name = `${repo.registry}/${repo.repository}@${digest}`;
      return { input, name, registry: repo.registry, repository: repo.repository, digest };
    } catch (digestError) {
      // Report the more specific of the two reasons.
      throw input.includes('@') ? digestError : tagError;
    }
  }
}
