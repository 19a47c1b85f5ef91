// Builds the one CUE program that unifies a policy with its input and reports every conflict
// but no incompleteness, which is what cosign's `Unify` + `Validate()` (non-concrete) does.
//
// cue-wasm only offers export (`toJSON`) of one source text, and export demands concrete
// values. So the unification goes into a hidden field: the evaluator still unifies and checks
// everything inside it (conflicts surface through the value's error, with their CUE path),
// while export only emits the regular fields of the root, of which there are none. Fields a
// policy declares but the data lacks stay incomplete and are never exported: not an error,
// exactly as in policy-controller. See docs/predicates.md for the measurements behind this.
//
// Policy and data stay two values joined by `&`, as cosign's `policy.Unify(data)`: a policy
// whose top level is closed (`close({...})`, or an embedded definition such as `#Provenance`)
// then rejects data fields it does not allow. Splicing the data's fields into the policy's
// own struct would declare them there and so let them through.
import { PredicateError } from '../errors.ts';

/** Hidden field holding the unified value; stripped from error paths. */
export const UNIFIED_FIELD = '_sigguard_unified';

export interface PolicyHeader {
  /** `package` clause and import declarations, which CUE only allows at file level. */
  header: string;
  /** Everything after the header: the policy's declarations. */
  body: string;
  /** Number of package/import declarations found. */
  declarations: number;
}

const IDENT = /^[A-Za-z_$#][A-Za-z0-9_$#]*/;

function skipSpaceAndComments(src: string, pos: number): number {
  for (;;) {
    const ws = /^[\s,]*/.exec(src.slice(pos));
    pos += ws ? ws[0].length : 0;
    if (src.startsWith('//', pos)) {
      const nl = src.indexOf('\n', pos);
      pos = nl < 0 ? src.length : nl + 1;
      continue;
    }
    return pos;
  }
}

function readString(src: string, pos: number): number {
  if (src[pos] !== '"') return -1;
  for (let i = pos + 1; i < src.length; i++) {
    if (src[i] === '\\') i++;
    else if (src[i] === '"') return i + 1;
    else if (src[i] === '\n') return -1;
  }
  return -1;
}

function readImportSpec(src: string, pos: number): number {
  const alias = IDENT.exec(src.slice(pos));
  if (alias) pos = skipSpaceAndComments(src, pos + alias[0].length);
  return readString(src, pos);
}

/** Splits the leading `package` clause and `import` declarations off a CUE policy. */
export function splitHeader(src: string): PolicyHeader {
  let pos = 0;
  let end = 0;
  let declarations = 0;
  for (;;) {
    pos = skipSpaceAndComments(src, pos);
    if (/^package\s/.test(src.slice(pos))) {
      pos = skipSpaceAndComments(src, pos + 'package'.length);
      const name = IDENT.exec(src.slice(pos));
      if (!name) break;
      pos += name[0].length;
    } else if (/^import[\s("]/.test(src.slice(pos))) {
      pos = skipSpaceAndComments(src, pos + 'import'.length);
      if (src[pos] === '(') {
        pos = skipSpaceAndComments(src, pos + 1);
        while (pos < src.length && src[pos] !== ')') {
          const next = readImportSpec(src, pos);
          if (next < 0) return { header: src.slice(0, end), body: src.slice(end), declarations };
          pos = skipSpaceAndComments(src, next);
        }
        if (src[pos] !== ')') break;
        pos++;
      } else {
        const next = readImportSpec(src, pos);
        if (next < 0) break;
        pos = next;
      }
    } else {
      break;
    }
    declarations++;
    end = pos;
  }
  return { header: src.slice(0, end), body: src.slice(end), declarations };
}

/** Counts the package/import declarations in a cue-wasm AST (to cross-check `splitHeader`). */
export function headerDeclarationsInAST(ast: unknown): number {
  const decls = (ast as { Decls?: unknown[] } | null)?.Decls;
  if (!Array.isArray(decls)) return 0;
  let n = 0;
  for (const d of decls) {
    if (d && typeof d === 'object' && ('PackagePos' in d || 'Specs' in d)) n++;
    else break;
  }
  return n;
}

export function buildProgram(split: PolicyHeader, dataJSON: string): string {
  // The policy is the first conjunct and the data the second: CUE v0.4 then names the data's
  // value first in a conflict ("<data value> and <policy value>"), as cosign's (CUE v0.15) does.
  // The body parsed as a whole file on its own (compileCuePolicy), so its brackets balance and
  // it cannot close the braces around it.
  return `${split.header}\n${UNIFIED_FIELD}: {\n${split.body}\n} & ${dataJSON}\n`;
}

/**
 * The strict (concrete) check, a sigguard extension: the same unification exported as a whole,
 * so every regular field must be concrete and a reference to absent data is an error.
 */
export function buildConcreteProgram(split: PolicyHeader, dataJSON: string): string {
  return `${split.header}\n{\n${split.body}\n} & ${dataJSON}\n`;
}

/** Removes the wrapper field from CUE error messages so paths read as in policy-controller. */
export function cleanCueMessage(message: string): string {
  return message.replaceAll(`${UNIFIED_FIELD}.`, '').replaceAll(`${UNIFIED_FIELD}: `, '');
}

export function assertHeaderMatches(split: PolicyHeader, ast: unknown): void {
  const expected = headerDeclarationsInAST(ast);
  if (expected !== split.declarations) {
    throw new PredicateError(
      'PREDICATE_POLICY_INVALID',
      `could not separate the CUE policy's package/import header (found ${split.declarations} declarations, CUE parsed ${expected}); put package and import declarations first, one per line`,
    );
  }
}
