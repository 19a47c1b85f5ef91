// Inputs of the hot-path differential test: every bundle vector the repo and ../shared hold (the public samples,
// test-vectors/expected.json, the sigstore-conformance bundle-verify cases) and deterministic mutants of each
// (a bit flipped in the middle and near the end of every signed or signing field, log times moved, parts dropped).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CONFORMANCE_BEACON,
  conformanceManifest,
  PUBLIC_GOOD_TRUSTED_ROOT,
  REPO_DIR,
  sharedVectors,
} from '@sigguard/test-vectors/support/locations';

export interface DifferentialCase {
  name: string;
  bundle: Uint8Array;
  artifact: Uint8Array;
  trustedRootPath: string;
  identity?: { subject: string; issuer: string };
  keyPem?: string;
  now?: Date;
}

export const SKIP_NO_CONFORMANCE = sharedVectors('sigstore-conformance').skip;

function samples(): DifferentialCase[] {
  const data = join(import.meta.dirname, '..', 'testdata');
  const publicGood = PUBLIC_GOOD_TRUSTED_ROOT;
  const artifact = readFileSync(join(data, 'a.txt'));
  const beacon = CONFORMANCE_BEACON;
  const one = (name: string, extra: Partial<DifferentialCase>): DifferentialCase => ({
    name: `sample ${name}`,
    bundle: readFileSync(join(data, `${name}.sigstore.json`)),
    artifact,
    trustedRootPath: publicGood,
    ...extra,
  });
  return [
    one('happy-path-v0.1', { identity: beacon }),
    one('happy-path-v0.3', { identity: beacon }),
    one('happy-path-intoto-in-dsse-v3', { identity: beacon }),
    one('rekor2-happy-path', { identity: beacon, trustedRootPath: join(data, 'rekor2-staging.trusted_root.json') }),
    one('managed-key-happy-path', { keyPem: readFileSync(join(data, 'managed-key.pub'), 'utf8') }),
  ];
}

function testVectors(): DifferentialCase[] {
  const tv = join(REPO_DIR, 'test-vectors');
  const expected = JSON.parse(readFileSync(join(tv, 'expected.json'), 'utf8'));
  return expected.cases.map((c: any) => ({
    name: `test-vectors ${c.name}`,
    bundle: readFileSync(join(tv, c.bundle)),
    artifact: readFileSync(join(tv, c.artifact)),
    trustedRootPath: join(tv, c.trustedRoot ?? expected.trustedRoot),
    ...(c.identity ? { identity: c.identity } : {}),
    ...(c.key ? { keyPem: readFileSync(join(tv, c.key), 'utf8') } : {}),
    ...(c.verifyAt ? { now: new Date(c.verifyAt) } : {}),
  }));
}

/** The conformance bundle-verify cases, or undefined when ../shared is absent. */
export function conformanceCases(): DifferentialCase[] | undefined {
  return conformanceManifest()?.map((c) => ({
    name: `conformance ${c.name}`,
    bundle: readFileSync(c.bundle),
    artifact: readFileSync(c.artifact),
    trustedRootPath: (c.trustedRoot ?? c.defaultTrustedRoot)!,
    ...(c.key ? { keyPem: readFileSync(c.key, 'utf8') } : { identity: { subject: c.identity, issuer: c.issuer } }),
  }));
}

export function repoCases(): DifferentialCase[] {
  return [...samples(), ...testVectors()];
}

type Json = any;
const flip = (b64: string, at: number): string => {
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length === 0) return b64;
  const i = Math.max(0, Math.min(bytes.length - 1, at < 0 ? bytes.length + at : at));
  bytes[i]! ^= 0x01;
  return bytes.toString('base64');
};

// Where a bundle carries signed or signing bytes (base64), as [label, getter-of-parent, key].
function byteFields(b: Json): [string, Json, string][] {
  const vm = b.verificationMaterial ?? {};
  const out: [string, Json, string][] = [];
  const add = (label: string, parent: Json, key: string) => {
    if (parent && typeof parent[key] === 'string' && parent[key].length > 0) out.push([label, parent, key]);
  };
  add('certificate', vm.certificate, 'rawBytes');
  add('chain leaf', vm.x509CertificateChain?.certificates?.[0], 'rawBytes');
  add('signature', b.messageSignature, 'signature');
  add('message digest', b.messageSignature?.messageDigest, 'digest');
  add('DSSE signature', b.dsseEnvelope?.signatures?.[0], 'sig');
  add('DSSE payload', b.dsseEnvelope, 'payload');
  const entry = vm.tlogEntries?.[0];
  add('log body', entry, 'canonicalizedBody');
  add('SET', entry?.inclusionPromise, 'signedEntryTimestamp');
  add('proof root hash', entry?.inclusionProof, 'rootHash');
  if (entry?.inclusionProof?.hashes?.length) add('proof hash', entry.inclusionProof.hashes, '0');
  add('RFC3161 token', vm.timestampVerificationData?.rfc3161Timestamps?.[0], 'signedTimestamp');
  return out;
}

/** Deterministic mutants of one case's bundle. */
export function mutants(c: DifferentialCase): DifferentialCase[] {
  let base: Json;
  try {
    base = JSON.parse(Buffer.from(c.bundle).toString('utf8'));
  } catch {
    return [];
  }
  const out: DifferentialCase[] = [];
  const emit = (label: string, edit: (b: Json) => void) => {
    const b = structuredClone(base);
    edit(b);
    out.push({ ...c, name: `${c.name} / ${label}`, bundle: Buffer.from(JSON.stringify(b)) });
  };
  byteFields(base).forEach(([label], k) => {
    for (const at of [0.5, -2]) {
      emit(`${label} bit flipped at ${at}`, (b) => {
        const [, parent, key] = byteFields(b)[k]!;
        const len = Buffer.from(parent[key], 'base64').length;
        parent[key] = flip(parent[key], at === 0.5 ? Math.floor(len / 2) : at);
      });
    }
  });
  const entry = base.verificationMaterial?.tlogEntries?.[0];
  if (entry?.integratedTime) {
    emit(
      'integrated time +1',
      (b) => (b.verificationMaterial.tlogEntries[0].integratedTime = String(Number(entry.integratedTime) + 1)),
    );
    emit(
      'integrated time -100 days',
      (b) => (b.verificationMaterial.tlogEntries[0].integratedTime = String(Number(entry.integratedTime) - 8640000)),
    );
  }
  if (entry?.logIndex)
    emit('log index +1', (b) => (b.verificationMaterial.tlogEntries[0].logIndex = String(Number(entry.logIndex) + 1)));
  if (entry) emit('no log entries', (b) => (b.verificationMaterial.tlogEntries = []));
  if (base.verificationMaterial?.timestampVerificationData?.rfc3161Timestamps?.length) {
    emit('no RFC3161 timestamps', (b) => (b.verificationMaterial.timestampVerificationData.rfc3161Timestamps = []));
  }
  const chain = base.verificationMaterial?.x509CertificateChain?.certificates;
  if (chain?.length > 1)
    emit('chain reversed', (b) => b.verificationMaterial.x509CertificateChain.certificates.reverse());
  return out;
}
