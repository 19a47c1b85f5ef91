// Every certificate the differential vectors hold (bundle signing certificates and chains, trust-root CA and
// TSA chains), as DER, and deterministic bit-flip mutants of the signing certificates: the inputs on which the
// hot path's certificate reading and encoding are compared with @sigstore/core's and @sigguard/identity's own.
import { readFileSync } from 'node:fs';
import { conformanceCases, repoCases, type DifferentialCase } from './differential-cases.ts';

export interface CertificateCorpus {
  leaves: Buffer[];
  others: Buffer[];
}

type Json = any;

function add(into: Map<string, Buffer>, b64: unknown): void {
  if (typeof b64 === 'string' && b64.length > 0) into.set(b64, Buffer.from(b64, 'base64'));
}

export function certificateCorpus(): CertificateCorpus {
  const leaves = new Map<string, Buffer>();
  const others = new Map<string, Buffer>();
  const cases: DifferentialCase[] = [...repoCases(), ...(conformanceCases() ?? [])];
  const roots = new Set<string>();
  for (const c of cases) {
    roots.add(c.trustedRootPath);
    let b: Json;
    try {
      b = JSON.parse(Buffer.from(c.bundle).toString('utf8'));
    } catch {
      continue;
    }
    const vm = b?.verificationMaterial ?? {};
    add(leaves, vm.certificate?.rawBytes);
    const chain: Json[] = vm.x509CertificateChain?.certificates ?? [];
    chain.forEach((cert, i) => add(i === 0 ? leaves : others, cert?.rawBytes));
  }
  for (const path of roots) {
    const root: Json = JSON.parse(readFileSync(path, 'utf8'));
    for (const ca of [...(root.certificateAuthorities ?? []), ...(root.timestampAuthorities ?? [])]) {
      for (const cert of ca.certChain?.certificates ?? []) add(others, cert.rawBytes);
    }
  }
  return { leaves: [...leaves.values()], others: [...others.values()] };
}

/** Copies of `der` with one bit flipped, for every `step`-th byte and each of the given bit masks. */
export function bitFlips(der: Buffer, step: number, masks: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < der.length; i += step) {
    for (const mask of masks) {
      const m = Buffer.from(der);
      m[i]! ^= mask;
      out.push(m);
    }
  }
  return out;
}
