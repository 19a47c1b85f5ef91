// Runnable README example. From the repository root after `npm run setup`:
//   node packages/predicate/example.mjs
import { evaluateAttestationPolicy, evaluatePredicatePolicy } from '@sigguard/predicate';

const envelope = {
  payloadType: 'application/vnd.in-toto+json',
  payload: btoa(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v0.1',
      predicateType: 'https://cosign.sigstore.dev/attestation/v1',
      subject: [{ name: 'registry.example/app', digest: { sha256: '00'.repeat(32) } }],
      predicate: { Data: 'release build', Timestamp: '2025-05-01T00:00:00Z' },
    }),
  ),
  signatures: [],
};

const policy = { type: 'cue', data: 'predicate: Data: "release build"\npredicate: Timestamp: <"2030"' };
const r = await evaluateAttestationPolicy(policy, envelope, 'custom');
console.log(r.ok, r.reason); // true 'cue policy for custom passed'

// CIP-level policy (spec.policy) against the authorityMatches document:
const cip = await evaluatePredicatePolicy(
  { type: 'cue', data: 'import "list"\nauthorityMatches: signed: signatures: list.MinItems(1)' },
  { authorityMatches: { signed: { signatures: [] } } },
  { name: 'ClusterImagePolicy' },
);
console.log(cip.ok, cip.reason); // false '… authorityMatches.signed.signatures: invalid value [] (does not satisfy list.MinItems(1))'
