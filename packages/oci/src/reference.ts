import { isDigest } from './digest.ts';
import { OciError } from './errors.ts';

/**
 * A parsed image reference, normalised the way go-containerregistry (and so cosign and
 * policy-controller) does: Docker Hub is `index.docker.io`, single-name Hub repositories
 * get `library/`.
 */
export interface ImageReference {
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

export const DOCKER_HUB = 'index.docker.io';
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]+)?$/;

function looksLikeHost(first: string): boolean {
  return first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase();
}

export function parseImageReference(input: string): ImageReference {
  const bad = (why: string) => new OciError('REFERENCE_INVALID', `invalid image reference '${input}': ${why}`);
  if (typeof input !== 'string' || input.length === 0) throw bad('empty');
  if (input.length > 4096 || /\s/.test(input)) throw bad('contains whitespace or is too long');
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!isDigest(digest)) throw bad(`digest '${digest}' is not sha256:<64 lowercase hex>`);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw bad(`tag '${tag}' is not valid`);
  }
  const parts = rest.split('/');
  let registry = 'docker.io';
  if (parts.length > 1 && looksLikeHost(parts[0]!)) {
    registry = parts.shift()!;
    if (!HOST.test(registry)) throw bad(`registry '${registry}' is not a host[:port]`);
  }
  if (parts.length === 0 || parts.some((p) => !PATH_COMPONENT.test(p))) {
    throw bad(`repository '${parts.join('/')}' must be lowercase path components`);
  }
  const repository = parts.join('/');
  // go-containerregistry: "repository must be between 2 and 255 characters in length".
  if (repository.length < 2 || repository.length > 255) throw bad(`repository '${repository}' must be 2-255 characters`);
  if (registry === 'docker.io' || registry === 'index.docker.io' || registry === 'registry-1.docker.io') {
    registry = DOCKER_HUB;
    if (parts.length === 1) parts.unshift('library');
  }
  const ref: ImageReference = { registry, repository: parts.join('/') };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

/** `registry/repository` */
export function repositoryName(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}`;
}

/** Canonical string: `registry/repo[:tag][@digest]`. */
export function formatImageReference(ref: ImageReference): string {
  let s = repositoryName(ref);
  if (ref.tag) s += `:${ref.tag}`;
  if (ref.digest) s += `@${ref.digest}`;
  return s;
}

/** The same repository at another digest or tag. */
export function withDigest(ref: ImageReference, digest: string): ImageReference {
  return { registry: ref.registry, repository: ref.repository, digest };
}

/** Host to talk HTTP to (Docker Hub's API is not served on its canonical name). */
export function apiHost(registry: string): string {
  return registry === DOCKER_HUB ? 'registry-1.docker.io' : registry;
}
