// Convenience for the common case: a DSSE envelope (or a bare statement), a predicate type
// name as a CIP writes it, and a policy.
import { depthProblem } from '@sigguard/input-limits';
import {
  shapeParsedStatement,
  shapeStatement,
  statementBytesFromEnvelope,
  type AttestationInput,
} from './attestation-input.ts';
import { PredicateError } from './errors.ts';
import {
  cueMemoLookup,
  cueMemoRecall,
  evaluateAndRemember,
  type EvaluateOptions,
  type PredicatePolicy,
} from './evaluate.ts';
import { resolveLimits } from './limits.ts';
import type { PredicateEvaluation } from './result.ts';
import { predicateTypeURI } from './predicate-types.ts';

export interface AttestationEvaluation extends PredicateEvaluation {
  /** false: the statement is of another predicate type and was not evaluated (ok is false too). */
  matched: boolean;
  gotPredicateType?: string;
}

const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

function isEnvelope(doc: unknown): boolean {
  return doc !== null && typeof doc === 'object' && ('payload' in doc || 'payloadType' in doc);
}

/**
 * The in-toto statement bytes of a DSSE envelope, a Sigstore bundle (its `dsseEnvelope`), or
 * a bare statement; each as parsed JSON or JSON text/bytes. Throws PredicateError.
 */
export function attestationStatementBytes(attestation: string | Uint8Array | object): Uint8Array | string {
  let doc: unknown = attestation;
  if (typeof attestation === 'string' || attestation instanceof Uint8Array) {
    const text = typeof attestation === 'string' ? attestation : new TextDecoder().decode(attestation);
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new PredicateError('PAYLOAD_INVALID', `unmarshaling payload data: ${(e as Error).message}`);
    }
  }
  // Re-serialising (below) recurses: a deeply nested document is refused first.
  const deep = depthProblem(doc, 'attestation');
  if (deep) throw new PredicateError('PAYLOAD_INVALID', deep);
  const bundled =
    doc !== null && typeof doc === 'object' ? (doc as { dsseEnvelope?: unknown }).dsseEnvelope : undefined;
  if (bundled !== undefined) doc = bundled;
  if (!isEnvelope(doc)) return JSON.stringify(doc);
  // An envelope must say it carries an in-toto statement, as cosign requires of an attestation.
  const type = (doc as { payloadType?: unknown }).payloadType;
  if (type !== IN_TOTO_PAYLOAD_TYPE) {
    throw new PredicateError(
      'PAYLOAD_INVALID',
      type === undefined
        ? `the DSSE envelope has no payloadType (an attestation needs ${IN_TOTO_PAYLOAD_TYPE})`
        : `DSSE payload type is ${JSON.stringify(type)}, not ${IN_TOTO_PAYLOAD_TYPE}`,
    );
  }
  return statementBytesFromEnvelope(doc as object);
}

/** The predicateType a statement declares (after decoding its envelope), or undefined. */
export function attestationPredicateType(attestation: string | Uint8Array | object): string | undefined {
  const bytes = attestationStatementBytes(attestation);
  try {
    const t = (
      JSON.parse(typeof bytes === 'string' ? bytes : new TextDecoder().decode(bytes)) as { predicateType?: unknown }
    )?.predicateType;
    return typeof t === 'string' ? t : undefined;
  } catch {
    return undefined;
  }
}

/** The statement size limit, one message for both entry points. */
function refuseOversizedStatement(size: number, maxInputBytes: number): void {
  if (size > maxInputBytes)
    throw new PredicateError('INPUT_TOO_LARGE', `statement is ${size} bytes, over the limit of ${maxInputBytes} bytes`);
}

/**
 * Accepts a DSSE envelope, a Sigstore bundle (its `dsseEnvelope`), or a bare in-toto statement,
 * as parsed JSON or JSON text/bytes.
 */
export async function evaluateAttestationPolicy(
  policy: PredicatePolicy,
  attestation: string | Uint8Array | object,
  predicateTypeName: string,
  options: EvaluateOptions = {},
): Promise<AttestationEvaluation> {
  const { maxInputBytes } = resolveLimits(options.limits);
  const evaluation = { name: predicateTypeName, ...options };
  const shaped = shapedOrAnswered(policy, predicateTypeName, () => {
    // Refuse oversized documents before decoding and parsing them (base64 is 4/3 of the statement).
    const rawSize =
      typeof attestation === 'string' ? attestation.length : attestation instanceof Uint8Array ? attestation.length : 0;
    if (rawSize > Math.ceil((maxInputBytes * 4) / 3) + 64 * 1024) {
      throw new PredicateError(
        'INPUT_TOO_LARGE',
        `attestation is ${rawSize} bytes, over the limit for a ${maxInputBytes}-byte statement`,
      );
    }
    const statement = attestationStatementBytes(attestation);
    refuseOversizedStatement(
      typeof statement === 'string' ? new TextEncoder().encode(statement).length : statement.length,
      maxInputBytes,
    );
    return shapeStatement(statement, predicateTypeName);
  });
  return 'ok' in shaped ? shaped : await evaluateShapedInput(policy, evaluation, shaped);
}

/**
 * evaluateAttestationPolicy for an in-toto statement already parsed from the verified DSSE payload (what
 * @sigguard/verify returns): the same checks, limits, shaping and verdicts as for an envelope carrying its
 * JSON, without encoding, decoding and parsing it again. The statement is only read, never changed.
 */
export async function evaluateStatementPolicy(
  policy: PredicatePolicy,
  statement: object,
  predicateTypeName: string,
  options: EvaluateOptions = {},
): Promise<AttestationEvaluation> {
  const { maxInputBytes } = resolveLimits(options.limits);
  const evaluation = { name: predicateTypeName, ...options };
  const shaped = shapedOrAnswered(policy, predicateTypeName, () => {
    // Serialising recurses: a deeply nested document is refused first (as parsing its JSON would be).
    const deep = depthProblem(statement, 'unmarshaling in-toto statement');
    if (deep) throw new PredicateError('PAYLOAD_INVALID', deep);
    // Its size is that of its JSON, as an envelope would carry it. UTF-8 takes at most 3 bytes per UTF-16
    // unit: the text is encoded only when that bound does not settle it.
    const json = JSON.stringify(statement);
    if (json.length * 3 > maxInputBytes) refuseOversizedStatement(new TextEncoder().encode(json).length, maxInputBytes);
    // A CUE verdict is remembered by that text (shaping it for the predicate type is a pure function of the two):
    // a statement seen before is answered without shaping it or serialising its input again.
    const memo = cueMemoRecall(policy, evaluation, json, predicateTypeName);
    if (memo?.hit) return { matched: true, gotPredicateType: predicateTypeURI(predicateTypeName), answered: memo.hit };
    if (!memo) return shapeParsedStatement(statement, predicateTypeName);
    // What is kept under the text must be the verdict on that text: the text is what is shaped (as an
    // envelope carrying it would be read), not an object that could read differently a second time.
    return { ...shapeParsedStatement(JSON.parse(json), predicateTypeName), memo };
  });
  // Only an evaluation the memo did not answer is awaited.
  return 'ok' in shaped ? shaped : await evaluateShapedInput(policy, evaluation, shaped);
}

// A shaped statement, or (from the memo) the verdict on it, or where to keep the verdict.
type Shaped = AttestationInput & { answered?: PredicateEvaluation; memo?: { key: string } };

/** The answer when shaping settles it (an error, another predicate type, a remembered verdict), else the input. */
function shapedOrAnswered(
  policy: PredicatePolicy,
  predicateTypeName: string,
  shape: () => Shaped,
): AttestationEvaluation | (Shaped & { matched: true }) {
  const engine = policy?.type === 'rego' ? 'rego' : 'cue';
  let shaped: Shaped;
  try {
    shaped = shape();
  } catch (e) {
    if (!(e instanceof PredicateError)) throw e;
    return {
      ok: false,
      engine,
      reason: e.message,
      errors: [e.message],
      warnings: [],
      code: e.code,
      durationMs: 0,
      matched: false,
    };
  }
  if (!shaped.matched) {
    const reason = `attestation predicateType ${shaped.gotPredicateType} is not ${predicateTypeName}`;
    return {
      ok: false,
      engine,
      reason,
      errors: [],
      warnings: [],
      durationMs: 0,
      matched: false,
      gotPredicateType: shaped.gotPredicateType,
    };
  }
  if (shaped.answered) return { ...shaped.answered, matched: true, gotPredicateType: shaped.gotPredicateType };
  return shaped as Shaped & { matched: true };
}

// evaluatePredicatePolicy on the shaped input (a remembered CUE verdict is taken without the engine).
async function evaluateShapedInput(
  policy: PredicatePolicy,
  evaluation: EvaluateOptions,
  shaped: Shaped,
): Promise<AttestationEvaluation> {
  const memo: { key: string; json?: string; hit?: PredicateEvaluation } | undefined =
    shaped.memo ?? cueMemoLookup(policy, shaped.input, evaluation);
  const result = memo?.hit ?? (await evaluateAndRemember(policy, shaped.input, evaluation, memo));
  return { ...result, matched: true, gotPredicateType: shaped.gotPredicateType };
}
