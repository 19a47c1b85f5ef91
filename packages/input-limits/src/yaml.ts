// Multi-document YAML read with limits (size, aliases, nesting) and every failure as a
// problem naming the document: no ReferenceError or stack overflow reaches the caller.
import { yamlModule } from './deps/yaml.ts';
import { depthProblem, MAX_NESTING_DEPTH } from './depth.ts';

export interface YamlLimits {
  /** Largest text, in characters. Default 32 MiB (a TrustRoot with a 16 MiB mirrorFS). */
  maxBytes?: number;
  /** Aliases expanded per document (the `yaml` package's guard against alias bombs). Default 100. */
  maxAliasCount?: number;
  /** Deepest nesting of a document. Default MAX_NESTING_DEPTH (1000). */
  maxDepth?: number;
}

export const DEFAULT_YAML_LIMITS: Required<YamlLimits> = {
  maxBytes: 32 * 1024 * 1024,
  maxAliasCount: 100,
  maxDepth: MAX_NESTING_DEPTH,
};

export interface YamlDocument {
  /** 1-based position in the stream. */
  index: number;
  /** 1-based line the document starts on. */
  line: number;
  /** The document as plain data; undefined for an empty document or when `problem` is set. */
  value?: unknown;
  /** Why the document cannot be used (invalid YAML, an alias bomb, too deep). */
  problem?: string;
}

/** Thrown only for the text as a whole (too large); per-document problems are returned. */
export class YamlLimitError extends Error {
  override name = 'YamlLimitError';
}

/** Every document of `text`, each either a value or a problem. */
export function readYamlDocuments(text: string, limits: YamlLimits = {}): YamlDocument[] {
  const { maxBytes, maxAliasCount, maxDepth } = { ...DEFAULT_YAML_LIMITS, ...limits };
  if (text.length > maxBytes) {
    throw new YamlLimitError(`YAML text is ${text.length} bytes, over the ${maxBytes}-byte limit`);
  }
  // The parser's time and memory grow steeply with nesting (800 KB of '[' takes 15 s): measure
  // the nesting on the lexer's tokens first and refuse before parsing.
  const deep = nestingOverEstimate(text, maxDepth);
  if (deep) {
    const where = `YAML document ${deep.document}`;
    throw new YamlLimitError(`${where} is nested more than ${maxDepth} levels deep (at line ${deep.line})`);
  }
  const docs = yamlModule().parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
  // parseAllDocuments returns an EmptyStream (not an array) for empty text.
  if (!Array.isArray(docs)) return [];
  const lines = lineStarts(text);
  return docs.map((doc, i) => {
    const out: YamlDocument = { index: i + 1, line: lineAt(lines, doc.range?.[0] ?? 0) };
    if (doc.errors.length > 0) {
      out.problem = yamlErrorsMessage(doc.errors.map((e) => e.message));
      return out;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount });
    } catch (e) {
      out.problem = aliasMessage(e, maxAliasCount);
      return out;
    }
    const deep = depthProblem(value, 'the document', maxDepth);
    if (deep) out.problem = deep;
    else if (value !== null && value !== undefined) out.value = value;
    return out;
  });
}

const BLOCK_INDICATORS = new Set<string | null>(['seq-item-ind', 'explicit-key-ind', 'map-value-ind']);
const NOT_CONTENT = new Set<string | null>(['space', 'newline', 'comment', 'doc-mode', 'doc-start']);

/**
 * Where the nesting of `text` may pass `max`, from the `yaml` lexer's tokens (linear, no
 * recursion): flow depth plus, on the current line, the indentation and the block indicators
 * (`- `, `? `, `: `) before it. That over-estimates block nesting (each block level needs one
 * more column or one more indicator), so a document within the limit is never refused.
 */
function nestingOverEstimate(text: string, max: number): { document: number; line: number } | undefined {
  let document = 1;
  let content = false; // the current document has more than comments and space
  let line = 1;
  let flow = 0;
  let onLine = 0;
  let lineStart = true;
  const { CST, Lexer } = yamlModule();
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type === 'doc-start') {
      if (content) document++;
      content = false;
      flow = 0;
    } else if (type === 'space' && lineStart) onLine += token.length;
    else if (type === 'flow-seq-start' || type === 'flow-map-start') flow++;
    else if (type === 'flow-seq-end' || type === 'flow-map-end') flow = Math.max(0, flow - 1);
    else if (flow === 0 && BLOCK_INDICATORS.has(type)) onLine++;
    if (!NOT_CONTENT.has(type)) content = true;
    if (type !== 'space' && type !== 'newline') lineStart = false;
    if (flow + onLine > max) return { document, line };
    // Newline tokens, and multi-line tokens (block scalar text, folded scalars), end lines.
    const newlines = token.split('\n').length - 1;
    if (newlines > 0) {
      line += newlines;
      if (token.endsWith('\n')) {
        onLine = 0;
        lineStart = true;
      }
    }
  }
  return undefined;
}

const SHOWN_ERRORS = 3;

function yamlErrorsMessage(messages: string[]): string {
  // The parser catches its own stack overflow and reports it as a YAML error (followed by
  // errors that are only its consequence): say what it means, once.
  const overflow = messages.find((m) => /Maximum call stack size exceeded/.test(m));
  if (overflow) {
    const at = /at line (\d+), column (\d+)/.exec(overflow);
    return `YAML nested too deeply to parse${at ? ` (at line ${at[1]}, column ${at[2]})` : ''}`;
  }
  const more = messages.length > SHOWN_ERRORS ? `; and ${messages.length - SHOWN_ERRORS} more` : '';
  return messages.slice(0, SHOWN_ERRORS).join('; ') + more;
}

function aliasMessage(e: unknown, maxAliasCount: number): string {
  const message = (e as Error)?.message ?? String(e);
  if (/Excessive alias count/.test(message)) {
    return `YAML aliases expand past the limit of ${maxAliasCount} (an alias bomb?): refused`;
  }
  const unresolved = /Unresolved alias[^:]*: (.*)$/.exec(message);
  if (unresolved) {
    return `YAML alias *${unresolved[1]} has no anchor earlier in the same document (anchors do not cross '---')`;
  }
  return `YAML cannot be read: ${message}`;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
