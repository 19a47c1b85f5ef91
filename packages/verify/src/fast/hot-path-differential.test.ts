// The hot path changes no answer: over every bundle vector and its mutants, verifyBundleSync gives the same
// result (verdict, error code, every check and reason) with the hot path on and off, and the same verdict as
// plain @sigstore/verify with the same trust material, except where sigguard deliberately fixes an upstream
// defect (ALLOWED below, each one named and explained). `npm test` compares every vector and a seeded sample of
// the mutants, a few of each kind (differential-sample.ts); `npm run differential` compares all of them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { bundleFromJSON } from '@sigstore/bundle';
import { crypto } from '@sigstore/core';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { compileIdentities } from '@sigguard/identity';
import { parseTrustedRoot, type TrustRoot } from '@sigguard/trust-root';
import { publicKeyFromPem, verifyBundleSync, type BundleVerification } from '../index.ts';
import { setHotPath } from './index.ts';
import {
  SKIP_NO_CONFORMANCE,
  conformanceCases,
  mutants,
  repoCases,
  type DifferentialCase,
} from './differential-cases.ts';
import { fullDifferential, sampleByClass } from './differential-sample.ts';

const roots = new Map<string, TrustRoot>();
const peerRoots = new Map<string, TrustedRoot>();

type Answer = { ok: boolean; code?: string; reason?: string; checks: string[] };

// A deliberate difference: sigguard rejects (never the other way round) for a reason plain @sigstore/verify lacks.
const ALLOWED: { name: string; applies: (c: DifferentialCase, a: Answer) => boolean }[] = [
  {
    // cosign verify-blob-attestation and policy-controller match the artifact digest to an in-toto subject;
    // @sigstore/verify checks the DSSE signature only (test-vectors keyless-dsse-subject-mismatch).
    name: 'DSSE statement subject must name the artifact',
    applies: (c, a) => a.code === 'ARTIFACT_DIGEST' && Buffer.from(c.bundle).includes('"dsseEnvelope"'),
  },
  {
    // Strict bundle parsing (docs/verify.md): an int64 field out of range is malformed, where protobuf-specs
    // reads a negative integratedTime and @sigstore/verify then ignores it (Rekor v2 entries carry 0).
    name: 'negative integratedTime is a malformed bundle',
    applies: (_c, a) =>
      a.code === 'MALFORMED_BUNDLE' && /integratedTime must be a non-negative integer/.test(a.reason ?? ''),
  },
  {
    // docs/trust-roots.md: a log or CA without validFor.start would be trusted for all past time; sigguard refuses
    // the whole trusted root (conformance's production root lists such a log), @sigstore/verify accepts it.
    name: 'trusted root entry without validFor.start is rejected',
    applies: (_c, a) => a.code === 'TRUST_ROOT' && /validFor\.start is required/.test(a.reason ?? ''),
  },
  {
    // sigstore-go refuses an inclusion proof whose rootHash or treeSize is not the signed checkpoint's;
    // @sigstore/verify builds the root from the checkpoint alone and never reads them (checkpoint-binding.ts).
    name: "inclusion proof rootHash/treeSize must be the checkpoint's",
    applies: (_c, a) => a.code === 'TLOG' && /is not the checkpoint's (root hash|tree size)/.test(a.reason ?? ''),
  },
  {
    // sigstore-go proves a Rekor v2 entry at its logIndex, @sigstore/verify at inclusionProof.logIndex; sigguard
    // refuses an entry whose two indices differ (checkpoint-binding.ts).
    name: "a Rekor v2 entry's logIndex must be its proof's",
    applies: (_c, a) => a.code === 'TLOG' && /is not its inclusionProof\.logIndex/.test(a.reason ?? ''),
  },
  {
    // sigstore-go refuses an RFC 3161 token that is not granted, names an unknown signature algorithm, or embeds a
    // signer certificate other than the trusted TSA leaf; @sigstore/verify reads none of these (timestamp-binding.ts).
    name: 'RFC 3161 token status, signature algorithm and embedded signer certificate',
    applies: (_c, a) =>
      a.code === 'TIMESTAMP' &&
      /PKIStatus|embedded (signer )?certificate|embeds certificates|SignerInfo signatureAlgorithm/.test(a.reason ?? ''),
  },
  {
    // Go's crypto/x509 refuses a certificate whose outer signature algorithm differs from the TBSCertificate's or
    // is unknown; @sigstore/core then verifies with Node's default digest (certificate-algorithm.ts).
    name: 'signing certificate signature algorithm identifiers must agree',
    applies: (_c, a) =>
      a.code === 'MALFORMED_BUNDLE' &&
      /signature algorithm (identifier differs|that is not supported)/.test(a.reason ?? ''),
  },
];

function sigguard(c: DifferentialCase, hotPath: boolean): Answer {
  let root = roots.get(c.trustedRootPath);
  let keys;
  try {
    if (!root) roots.set(c.trustedRootPath, (root = parseTrustedRoot(readFileSync(c.trustedRootPath))));
    keys = c.keyPem ? [publicKeyFromPem(c.keyPem)] : undefined;
  } catch (e) {
    return { ok: false, code: (e as { code: string }).code, reason: (e as Error).message, checks: [] };
  }
  setHotPath(hotPath);
  try {
    return answer(
      verifyBundleSync(c.bundle, {
        artifact: c.artifact,
        trustRoot: root,
        ...(c.now ? { now: c.now } : {}),
        ...(keys ? { keys } : { identities: compileIdentities([c.identity!]) }),
      }),
    );
  } finally {
    setHotPath(true);
  }
}

/** Plain @sigstore/verify: undefined when it verifies, else its error code. */
function peer(c: DifferentialCase): string | undefined {
  let root = peerRoots.get(c.trustedRootPath);
  if (!root)
    peerRoots.set(
      c.trustedRootPath,
      (root = TrustedRoot.fromJSON(JSON.parse(readFileSync(c.trustedRootPath, 'utf8')))),
    );
  try {
    let keys;
    if (c.keyPem) {
      const publicKey = crypto.createPublicKey(c.keyPem);
      keys = () => ({ publicKey, validFor: () => true });
    }
    const bundle = bundleFromJSON(JSON.parse(Buffer.from(c.bundle).toString('utf8')));
    const policy = c.identity
      ? { subjectAlternativeName: c.identity.subject, extensions: { issuer: c.identity.issuer } }
      : {};
    new Verifier(toTrustMaterial(root, keys)).verify(toSignedEntity(bundle, Buffer.from(c.artifact)), policy);
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code ?? (e as Error).name ?? 'ERROR';
  }
}

function answer(r: BundleVerification): Answer {
  const a: Answer = { ok: r.ok, checks: r.checks.map((k) => `${k.name}:${k.status}:${k.reason}`) };
  if (r.error) Object.assign(a, { code: r.error.code, reason: r.error.message });
  return a;
}

// Per kind of mutant (28 kinds: each signed field flipped in two places, log times, dropped parts), in npm test.
// Three keep every allowed difference that five reached in each test (two lose the Rekor v2 logIndex one in the
// repo vectors); each mutant costs ~40 ms of CPU on and off the hot path and through @sigstore/verify.
const MUTANTS_PER_KIND = 3;

function compare(cases: DifferentialCase[]): { n: number; allowed: Map<string, number>; differences: string[] } {
  const differences: string[] = [];
  const allowed = new Map<string, number>();
  let n = 0;
  // Mutants of the bundles that verify: a mutant of a rejected bundle says little about the hot path.
  const firsts = new Map(cases.map((c) => [c, sigguard(c, true)]));
  const all = cases.flatMap((c) => (firsts.get(c)!.ok ? mutants(c) : []));
  // A mutant's kind is its label after the case name ("proof root hash bit flipped at 0.5", "chain reversed").
  const kind = (x: DifferentialCase) => x.name.slice(x.name.lastIndexOf(' / ') + 3);
  const sample = sampleByClass(all, kind, (x) => x.name, MUTANTS_PER_KIND, fullDifferential());
  for (const x of [...cases, ...sample]) {
    n++;
    const on = firsts.get(x) ?? sigguard(x, true);
    assert.deepEqual(on, sigguard(x, false), `${x.name}: the hot path changed the answer`);
    const p = peer(x);
    if (on.ok === (p === undefined)) continue;
    const why = !on.ok && p === undefined ? ALLOWED.find((a) => a.applies(x, on)) : undefined;
    if (why) allowed.set(why.name, (allowed.get(why.name) ?? 0) + 1);
    else
      differences.push(
        `${x.name}: sigguard ${on.ok ? 'ok' : `${on.code} (${on.reason})`}, @sigstore/verify ${p ?? 'ok'}`,
      );
  }
  return { n, allowed, differences };
}

function check({ n, allowed, differences }: ReturnType<typeof compare>, min: number): void {
  assert.ok(n >= min, `only ${n} bundles compared`);
  assert.deepEqual(differences, [], 'verdicts differ from plain @sigstore/verify');
  console.log(`${n} bundles compared; allowed differences: ${JSON.stringify(Object.fromEntries(allowed))}`);
}

test('hot path on/off and plain @sigstore/verify agree on the repo vectors and their mutants', () => {
  const r = compare(repoCases());
  check(r, fullDifferential() ? 500 : 130);
  assert.ok(r.allowed.has(ALLOWED[0]!.name), 'the DSSE subject vector exercises its allowed difference');
  assert.ok(r.allowed.has(ALLOWED[3]!.name), 'root-hash mutants exercise the checkpoint binding difference');
});

test('... and on the sigstore-conformance bundle-verify vectors and their mutants', (t) => {
  const cases = conformanceCases();
  if (!cases) return t.skip(SKIP_NO_CONFORMANCE || 'no manifest.json in the conformance vectors');
  check(compare(cases), fullDifferential() ? 300 : 140);
});
