// The input document of a CIP-level policy (`spec.policy`), as policy-controller builds it
// (pkg/webhook/validator_result.go): authorityMatches plus optional config/spec/metadata/typemeta.
import type { EvidenceResult } from './evidence.ts';

export interface PolicySignature {
  id: string;
  subject?: string;
  issuer?: string;
  githubWorkflowTrigger?: string;
  githubWorkflowSha?: string;
  githubWorkflowName?: string;
  githubWorkflowRepo?: string;
  githubWorkflowRef?: string;
}

export interface PolicyAttestation extends PolicySignature {
  /** As written in the CIP (short name or URI). */
  predicateType: string;
  digest?: string;
}

export interface AuthorityMatch {
  signatures?: PolicySignature[];
  attestations?: Record<string, PolicyAttestation[]>;
  static?: true;
}

export interface CipPolicyInput {
  authorityMatches: Record<string, AuthorityMatch>;
  config?: Record<string, unknown>;
  spec?: unknown;
  metadata?: unknown;
  typemeta?: { kind: string; apiVersion: string };
}

// Empty values are omitted, like Go's `omitempty`.
function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined | ''): void {
  if (value !== undefined && value !== '') target[key] = value as T[K];
}

export function toPolicySignature(r: EvidenceResult): PolicySignature {
  const s: PolicySignature = { id: r.id };
  const ext = r.signer?.extensions ?? {};
  put(s, 'subject', r.signer?.subject);
  put(s, 'issuer', r.signer?.issuer);
  put(s, 'githubWorkflowTrigger', ext.githubWorkflowTrigger);
  put(s, 'githubWorkflowSha', ext.githubWorkflowSHA);
  put(s, 'githubWorkflowName', ext.githubWorkflowName);
  put(s, 'githubWorkflowRepo', ext.githubWorkflowRepository);
  put(s, 'githubWorkflowRef', ext.githubWorkflowRef);
  return s;
}

export function toPolicyAttestation(r: EvidenceResult, predicateTypeAsWritten: string): PolicyAttestation {
  const a: PolicyAttestation = { ...toPolicySignature(r), predicateType: predicateTypeAsWritten };
  put(a, 'digest', r.digest);
  return a;
}
