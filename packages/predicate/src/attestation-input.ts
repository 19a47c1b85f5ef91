// The input document a predicate policy sees: the in-toto statement from a DSSE envelope,
// shaped per short name, as cosign's AttestationToPayloadJSON builds it.
import { depthProblem } from '@sigguard/input-limits';
import { Base64Error, decodeStdBase64 } from './base64.ts';
import { PredicateError } from './errors.ts';
import { GoShapeError, reshape } from './go-json-shape.ts';
import { predicateTypeURI } from './predicate-types.ts';
import { GENERIC_STATEMENT, statementShapeFor } from './statement-shapes.ts';

import type { InTotoStatement } from '@sigguard/types';
export type { InTotoStatement } from '@sigguard/types';

export interface AttestationInput {
  /** false when the statement's predicateType is not the one asked for: skip, not an error. */
  matched: boolean;
  /** predicateType found in the statement. */
  gotPredicateType: string;
  /** The shaped statement (the policy's input document); present when matched. */
  input?: InTotoStatement;
}

const textDecoder = new TextDecoder();

function parseJSON(bytes: Uint8Array | string, what: string): unknown {
  const text = typeof bytes === 'string' ? bytes : textDecoder.decode(bytes);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new PredicateError('PAYLOAD_INVALID', `${what}: ${(e as Error).message}`);
  }
  const deep = depthProblem(doc, what);
  if (deep) throw new PredicateError('PAYLOAD_INVALID', deep);
  return doc;
}

/** Decodes the in-toto statement bytes from a DSSE envelope (JSON text, bytes or parsed object). */
export function statementBytesFromEnvelope(envelope: string | Uint8Array | object): Uint8Array {
  const data =
    typeof envelope === 'string' || envelope instanceof Uint8Array
      ? parseJSON(envelope, 'unmarshaling payload data')
      : envelope;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new PredicateError('PAYLOAD_INVALID', 'unmarshaling payload data: the DSSE envelope is not a JSON object');
  }
  if (!Object.hasOwn(data, 'payload')) {
    throw new PredicateError('PAYLOAD_INVALID', 'could not find payload in payload data');
  }
  const payload = (data as { payload: unknown }).payload;
  if (typeof payload !== 'string') {
    // Named as Go's %T names the decoded JSON value.
    const got =
      payload === null
        ? '<nil>'
        : Array.isArray(payload)
          ? '[]interface {}'
          : typeof payload === 'number'
            ? 'float64'
            : typeof payload === 'boolean'
              ? 'bool'
              : 'map[string]interface {}';
    throw new PredicateError('PAYLOAD_INVALID', `invalid payload: payload field is not a string (got ${got})`);
  }
  try {
    return decodeStdBase64(payload);
  } catch (e) {
    if (e instanceof Base64Error) throw new PredicateError('PAYLOAD_INVALID', `decoding payload: ${e.message}`);
    throw e;
  }
}

/**
 * Shapes statement bytes for a CIP predicateType value (short name or URI). A statement of
 * another predicate type is reported as unmatched, as cosign does (the caller skips it).
 */
export function shapeStatement(statementBytes: Uint8Array | string, predicateTypeName: string): AttestationInput {
  return shapeParsedStatement(parseJSON(statementBytes, 'unmarshaling in-toto statement'), predicateTypeName);
}

/**
 * shapeStatement on a statement already parsed from JSON (e.g. the one a signature check just read from the
 * verified payload): the same shaping, without serialising and parsing it again. `raw` is only read.
 */
export function shapeParsedStatement(raw: unknown, predicateTypeName: string): AttestationInput {
  let header: InTotoStatement;
  try {
    header = reshape(raw, GENERIC_STATEMENT) as InTotoStatement;
  } catch (e) {
    if (e instanceof GoShapeError)
      throw new PredicateError('PAYLOAD_INVALID', `unmarshaling in-toto statement: ${e.message}`);
    throw e;
  }
  if (header.predicateType !== predicateTypeURI(predicateTypeName)) {
    return { matched: false, gotPredicateType: header.predicateType };
  }
  const { shape, goType } = statementShapeFor(predicateTypeName);
  // Through the generic statement struct the header is the input already (shaping is a pure function).
  if (shape === GENERIC_STATEMENT) return { matched: true, gotPredicateType: header.predicateType, input: header };
  try {
    return { matched: true, gotPredicateType: header.predicateType, input: reshape(raw, shape) as InTotoStatement };
  } catch (e) {
    if (e instanceof GoShapeError) throw new PredicateError('PAYLOAD_INVALID', `unmarshaling ${goType}: ${e.message}`);
    throw e;
  }
}

/** AttestationToPayloadJSON: DSSE envelope → shaped statement for a predicate type name. */
export function attestationToInput(
  envelope: string | Uint8Array | object,
  predicateTypeName: string,
): AttestationInput {
  return shapeStatement(statementBytesFromEnvelope(envelope), predicateTypeName);
}
