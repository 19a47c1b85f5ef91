// An EvidenceVerifier for tests: returns the verification results the test constructs, per
// authority name, and records what it was asked (so tests can check it was consulted).
import type { EvidenceResult, EvidenceVerifier, InTotoStatement } from '../evidence.ts';
import type { ImageRef } from '../reference.ts';
import type { Authority } from '../types.ts';

type Script = EvidenceResult[] | Error;

export class ScriptedVerifier implements EvidenceVerifier {
  readonly calls: string[] = [];
  readonly signatureScript: Record<string, Script> = {};
  readonly attestationScript: Record<string, Script> = {};
  configs?: Record<string, unknown>;

  async signatures(image: ImageRef, authority: Authority): Promise<EvidenceResult[]> {
    this.calls.push(`signatures ${authority.name} ${image.name}`);
    return play(this.signatureScript[authority.name]);
  }

  async attestations(image: ImageRef, authority: Authority): Promise<EvidenceResult[]> {
    this.calls.push(`attestations ${authority.name} ${image.name}`);
    return play(this.attestationScript[authority.name]);
  }

  imageConfigs = async (image: ImageRef): Promise<Record<string, unknown>> => {
    this.calls.push(`configs ${image.name}`);
    if (!this.configs) throw new Error('no config in this registry');
    return this.configs;
  };
}

function play(script: Script | undefined): EvidenceResult[] {
  if (script instanceof Error) throw script;
  return script ?? [];
}

export function verifiedSignature(id: string, subject?: string, issuer?: string): EvidenceResult {
  const r: EvidenceResult = {
    id,
    ok: true,
    checks: [
      { name: 'signature', status: 'pass', reason: 'signature verifies over the image digest' },
      { name: 'identity', status: 'pass', reason: `matched ${subject ?? 'key'}` },
    ],
  };
  if (subject || issuer) r.signer = { ...(subject ? { subject } : {}), ...(issuer ? { issuer } : {}) };
  return r;
}

export function failedSignature(id: string, check: string, reason: string, code: string): EvidenceResult {
  return {
    id,
    ok: false,
    checks: [
      { name: 'signature', status: 'pass', reason: 'signature verifies' },
      { name: check, status: 'fail', reason, code },
    ],
  };
}

export function attestation(id: string, predicateType: string, predicate: unknown, ok = true): EvidenceResult {
  const statement: InTotoStatement = {
    _type: 'https://in-toto.io/Statement/v1',
    predicateType,
    subject: [{ name: 'ghcr.io/acme/app', digest: { sha256: 'ab'.repeat(32) } }],
    predicate,
  };
  return {
    id,
    ok,
    checks: [
      {
        name: 'dsse',
        status: ok ? 'pass' : 'fail',
        reason: ok ? 'envelope verifies' : 'envelope signature invalid',
        ...(ok ? {} : { code: 'SIGNATURE' }),
      },
    ],
    statement,
    digest: `sha256:${id.padEnd(64, '0').slice(0, 64)}`,
    signer: {
      subject: 'https://github.com/acme/app/.github/workflows/release.yaml@refs/heads/main',
      issuer: 'https://token.actions.githubusercontent.com',
    },
  };
}
