// The worker side of an isolated evaluator (isolated-evaluator.ts): answers `start` and
// `evaluate` requests with the in-thread engines. Used by the Node worker and the browser's
// Web Worker entry alike.
import {
  compiledRegoArtifact,
  evaluatePredicatePolicy,
  startPredicateEngine,
  type EvaluateOptions,
  type PredicatePolicy,
} from './evaluate.ts';
import { adoptArtifactDigest } from './rego/rego-engine.ts';
import type { PredicateEngine, PredicateEvaluation } from './result.ts';

export type EngineRequest =
  | { id: number; kind: 'start'; engine: PredicateEngine; maxMemoryBytes: number }
  | {
      id: number;
      kind: 'evaluate';
      policy: PredicatePolicy;
      input: unknown;
      options: EvaluateOptions;
      artifactDigest?: string;
    };

export interface EngineReply {
  id: number;
  error?: string;
  result?: PredicateEvaluation;
  /** The engine crashed and Go's runtime said "out of memory": the memory ceiling was reached. */
  outOfMemory?: boolean;
}

let engineOutput = '';

/**
 * Go's runtime inside cue-wasm prints through console.log (a fatal "out of memory" trace among
 * its messages). In a worker, keep the tail to classify a crash, and print nothing.
 */
export function captureEngineOutput(): void {
  const keep = (...args: unknown[]) => {
    engineOutput = (engineOutput + args.map(String).join(' ') + '\n').slice(-4096);
  };
  const sink = console as unknown as Record<string, unknown>;
  for (const method of ['log', 'info', 'warn', 'error', 'debug']) sink[method] = keep;
}

export async function handleEngineRequest(request: EngineRequest): Promise<EngineReply> {
  if (request.kind === 'start') {
    try {
      await startPredicateEngine(request.engine, request.maxMemoryBytes);
      return { id: request.id };
    } catch (e) {
      return { id: request.id, error: e instanceof Error ? e.message : String(e) };
    }
  }
  engineOutput = '';
  const artifact = compiledRegoArtifact(request.policy);
  if (artifact && request.artifactDigest) adoptArtifactDigest(artifact, request.artifactDigest);
  const result = await evaluatePredicatePolicy(request.policy, request.input, request.options);
  return {
    id: request.id,
    result,
    outOfMemory: result.code === 'ENGINE_FAILURE' && /out of memory/.test(engineOutput),
  };
}
