import { PolicyError } from './errors.ts';
import { parseImageRef } from './reference.ts';

/**
 * policy-controller image globs (pkg/apis/glob): only `A-Za-z0-9-_:/*.@` are allowed,
 * `*` matches any run of characters except `/`, `**` matches anything, everything else is
 * literal, the whole string must match. The bare globs `*` and `*` `/` `*` mean Docker Hub
 * official and user images. Matching is a small dynamic-programming matcher over these
 * three token kinds (linear in pattern × input, no backtracking blow-up).
 */
type Token = { kind: 'literal'; text: string } | { kind: 'star' } | { kind: 'globstar' };

export interface CompiledGlob {
  readonly glob: string;
  readonly tokens: readonly Token[];
}

const ALLOWED = /^[A-Za-z0-9\-_:/*.@]*$/;

export function validateGlob(glob: string): string | undefined {
  if (typeof glob !== 'string' || glob.length === 0) return 'glob is empty';
  if (!ALLOWED.test(glob)) return `glob "${glob}" may only contain A-Za-z0-9-_:/*.@`;
  return undefined;
}

export function compileGlob(glob: string): CompiledGlob {
  const problem = validateGlob(glob);
  if (problem) throw new PolicyError('GLOB_INVALID', `invalid value: ${glob}: ${problem}`);
  let effective = glob;
  if (glob === '*') effective = 'index.docker.io/library/*';
  else if (glob === '*/*') effective = 'index.docker.io/*/*';
  const tokens: Token[] = [];
  for (let i = 0; i < effective.length; ) {
    if (effective.startsWith('**', i)) {
      tokens.push({ kind: 'globstar' });
      i += 2;
    } else if (effective[i] === '*') {
      tokens.push({ kind: 'star' });
      i += 1;
    } else {
      let j = i;
      while (j < effective.length && effective[j] !== '*') j++;
      tokens.push({ kind: 'literal', text: effective.slice(i, j) });
      i = j;
    }
  }
  return { glob, tokens };
}

/** Whole-string match of a compiled glob against `subject`. */
export function globMatchesString(compiled: CompiledGlob, subject: string): boolean {
  // reachable[p] = the first p characters of subject are matched by the tokens so far.
  let reachable = new Uint8Array(subject.length + 1);
  reachable[0] = 1;
  for (const token of compiled.tokens) {
    const next = new Uint8Array(subject.length + 1);
    if (token.kind === 'literal') {
      for (let p = 0; p + token.text.length <= subject.length; p++) {
        if (reachable[p] && subject.startsWith(token.text, p)) next[p + token.text.length] = 1;
      }
    } else {
      let open = false;
      for (let p = 0; p <= subject.length; p++) {
        if (reachable[p]) open = true;
        if (open) next[p] = 1;
        // A single star cannot run across '/'.
        if (token.kind === 'star' && subject[p] === '/') open = false;
      }
    }
    reachable = next;
  }
  return reachable[subject.length] === 1;
}

/**
 * glob.Match(glob, image): the image is normalised (`ref.Name()`, digest included, tag
 * dropped when a digest is present) and, failing that, the raw string is tried.
 * Throws PolicyError for an invalid glob or an unparseable image reference.
 */
export function matchGlob(glob: string | CompiledGlob, image: string): boolean {
  const compiled = typeof glob === 'string' ? compileGlob(glob) : glob;
  const ref = parseImageRef(image);
  return globMatchesString(compiled, ref.name) || globMatchesString(compiled, image);
}

// Answers of matchGlob by glob text, then image: a pure function of the two strings (the glob's tokens and the
// reference parser depend on nothing else), asked again on every admission of the same image under the same
// policies. Throws are not kept (they are thrown again). Bounded: a full table starts over.
const MAX_KEPT_GLOBS = 256;
const MAX_KEPT_IMAGES = 256;
const matched = new Map<string, { compiled: CompiledGlob; images: Map<string, boolean> }>();

/** matchGlob(glob, image) for a glob given as text, remembered. Throws what matchGlob throws. */
export function matchGlobText(glob: string, image: string): boolean {
  let kept = matched.get(glob);
  if (kept === undefined) {
    const compiled = compileGlob(glob);
    if (matched.size >= MAX_KEPT_GLOBS) matched.clear();
    matched.set(glob, (kept = { compiled, images: new Map() }));
  }
  let hit = kept.images.get(image);
  if (hit === undefined) {
    hit = matchGlob(kept.compiled, image);
    if (kept.images.size >= MAX_KEPT_IMAGES) kept.images.clear();
    kept.images.set(image, hit);
  }
  return hit;
}
