// `sigguard eval-predicate`: evaluate a CUE or Rego policy against an attestation, as
// policy-controller would, for policy authors.
//   eval-predicate --policy FILE [--type cue|rego] --input STATEMENT_OR_ENVELOPE.json
//                  [--predicate-type NAME] [--opa PATH] [--json]
// Exit 0 pass, 1 fail, 2 usage, input or engine error.
import { depthProblem } from '@sigguard/input-limits';
import { readFileSync } from 'node:fs';
import {
  PredicateError,
  attestationPredicateType,
  evaluateAttestationPolicy,
  evaluatePredicatePolicy,
  type AttestationEvaluation,
  type PredicateEvaluation,
  type PredicatePolicy,
} from '@sigguard/predicate';
import { opaCompiler, readPolicyFile, sharedWorkerEvaluator } from '@sigguard/predicate/node';
import {
  describeFileError,
  EXIT_DENIED,
  EXIT_OK,
  EXIT_USAGE,
  parseCommandLine,
  UsageError,
  type CliIO,
  type Command,
} from '../io.ts';

const USAGE = `usage: sigguard eval-predicate --policy FILE [--type cue|rego] --input FILE
         [--predicate-type NAME] [--opa PATH] [--json]

  --policy          CUE (.cue) or Rego policy: source (.rego), policy.wasm or bundle.tar.gz
  --type            cue or rego (default: from the policy file name)
  --input           a DSSE envelope, a Sigstore bundle with a DSSE envelope, an in-toto
                    statement, or any other JSON document (evaluated as it is)
  --predicate-type  short name (custom, slsaprovenance, slsaprovenance02, slsaprovenance1, link,
                    spdx, spdxjson, cyclonedx, vuln, openvex) or URI; shapes the statement as
                    policy-controller does (default: the statement's own predicateType)
  --opa             opa executable to compile Rego source (default: opa on PATH)
  --json            print the evaluation as JSON

exit codes: 0 pass, 1 fail, 2 usage, input or engine error`;

function isAttestationDocument(doc: unknown): boolean {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return false;
  return 'payload' in doc || 'payloadType' in doc || 'dsseEnvelope' in doc || 'predicateType' in doc || '_type' in doc;
}

const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/**
 * An envelope (bare or in a bundle) must say it carries an in-toto statement, as cosign
 * requires when it verifies an attestation (and verify-image does); a bare statement has none.
 */
function payloadTypeProblem(doc: unknown): string | undefined {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const envelope = 'dsseEnvelope' in doc ? (doc as { dsseEnvelope: unknown }).dsseEnvelope : doc;
  if (envelope === null || typeof envelope !== 'object') return undefined;
  if (!('payload' in envelope) && !('payloadType' in envelope)) return undefined;
  const type = (envelope as { payloadType?: unknown }).payloadType;
  if (type === IN_TOTO_PAYLOAD_TYPE) return undefined;
  return type === undefined
    ? `the DSSE envelope has no payloadType (an attestation needs ${IN_TOTO_PAYLOAD_TYPE})`
    : `DSSE payload type is ${JSON.stringify(type)}, not ${IN_TOTO_PAYLOAD_TYPE}`;
}

function isMessageSignatureBundle(doc: unknown): boolean {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return false;
  const { mediaType } = doc as { mediaType?: unknown };
  return (
    typeof mediaType === 'string' &&
    mediaType.startsWith('application/vnd.dev.sigstore.bundle') &&
    !('dsseEnvelope' in doc)
  );
}

function report(result: PredicateEvaluation | AttestationEvaluation, json: boolean, io: CliIO): void {
  if (json) {
    io.out(JSON.stringify(result, null, 2));
    return;
  }
  // A result with a code is an engine, policy or input error (exit 2), not the policy saying no.
  const verdict = result.ok ? 'PASS' : result.code ? `ERROR ${result.code}` : 'FAIL';
  io.out(`${verdict} (${result.engine}): ${result.reason}`);
  for (const e of result.errors) if (e !== result.reason) io.out(`  error: ${e}`);
  for (const w of result.warnings) io.out(`  warning: ${w}`);
}

export const evalPredicateCommand: Command = {
  name: 'eval-predicate',
  summary: 'evaluate a CUE or Rego policy against an attestation',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseCommandLine(
      argv,
      {
        policy: { type: 'string' },
        type: { type: 'string' },
        input: { type: 'string' },
        'predicate-type': { type: 'string' },
        opa: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      false,
    );
    if (!values.policy) throw new UsageError('--policy is required');
    if (!values.input) throw new UsageError('--input is required');
    if (values.type !== undefined && values.type !== 'cue' && values.type !== 'rego') {
      throw new UsageError(`--type must be cue or rego, not ${values.type}`);
    }

    let policy: PredicatePolicy;
    try {
      policy = await readPolicyFile(values.policy, values.type as 'cue' | 'rego' | undefined);
    } catch (e) {
      if (e instanceof PredicateError) throw new UsageError(e.message);
      throw e;
    }
    let text: string;
    try {
      text = readFileSync(values.input, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read --input ${values.input}: ${describeFileError(e)}`);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`--input ${values.input} is not JSON: ${(e as Error).message}`);
    }
    const deep = depthProblem(doc, 'the document');
    if (deep) throw new UsageError(`--input ${values.input}: ${deep}`);

    if (isMessageSignatureBundle(doc)) {
      // Evaluated "as it is", CUE would unify the policy with the bundle JSON and could pass.
      throw new UsageError(
        `--input ${values.input} is a Sigstore bundle with a message signature, not an attestation: there is no in-toto statement to evaluate`,
      );
    }

    // The engine runs in a worker that is terminated at the time limit (ENGINE_LIMIT, exit 2).
    const options = {
      regoCompiler: opaCompiler(values.opa ? { opaPath: values.opa } : {}),
      evaluator: sharedWorkerEvaluator(),
    };
    let result: PredicateEvaluation | AttestationEvaluation;
    if (isAttestationDocument(doc)) {
      const typeProblem = payloadTypeProblem(doc);
      if (typeProblem) throw new UsageError(`--input ${values.input}: ${typeProblem}`);
      // Without --predicate-type, a bare statement is taken as of its own type (generic shape);
      // an envelope is decoded first to find it.
      let predicateType = values['predicate-type'];
      if (!predicateType) {
        try {
          predicateType = attestationPredicateType(doc as object);
        } catch (e) {
          if (e instanceof PredicateError) throw new UsageError(`--input ${values.input}: ${e.message}`);
          throw e;
        }
        if (!predicateType)
          throw new UsageError(`--input ${values.input}: the statement has no predicateType; give --predicate-type`);
      }
      result = await evaluateAttestationPolicy(policy, doc as object, predicateType, options);
    } else {
      result = await evaluatePredicatePolicy(policy, doc, { ...options, name: 'ClusterImagePolicy' });
    }
    report(result, values.json, io);
    if (result.ok) return EXIT_OK;
    return result.code ? EXIT_USAGE : EXIT_DENIED;
  },
};
