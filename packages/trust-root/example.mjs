// Runnable README example. From the repository root after `npm run setup`:
//   node packages/trust-root/example.mjs
import { readFileSync } from 'node:fs';
import {
  loadTrustRootsFromYaml,
  publicGoodTrustRoot,
  TrustRootLoadError,
  withCertificateChain,
} from '@sigguard/trust-root';
import { loadTrustRootFile } from '@sigguard/trust-root/node';

const now = new Date('2026-12-01T00:00:00Z'); // TUF expiry is judged at this time (default: now)

// Zero-config and offline: the embedded public-good root.
const publicGood = publicGoodTrustRoot();
console.log(publicGood.name, publicGood.summary().tlogs.length, 'tlogs');

// TrustRoot YAML with several documents (mirrorFS, legacy targets, sigstoreKeys), chosen by metadata.name.
const roots = await loadTrustRootsFromYaml(readFileSync('test-vectors/tuf/trustroots.yaml', 'utf8'), {
  where: 'trustroots.yaml',
  now,
});
console.log(roots.names); // [ 'trusted-root', 'legacy-targets', 'inline-keys' ]
const airGapped = roots.get('trusted-root'); // roots.get('nope') throws: trustRootRef "nope" not found (...)
console.log(airGapped.digest, airGapped.summary().certificateAuthorities[0]?.subject);

// One authority's own PEM chain replaces the CA set; logs and TSAs are kept.
const chained = withCertificateChain(airGapped, readFileSync('test-vectors/tuf/fulcio_chain.pem', 'utf8'));
console.log(chained.trustedRoot.certificateAuthorities.length, 'CA');

// Refusals say what and where.
try {
  await loadTrustRootsFromYaml(readFileSync('test-vectors/tuf/expired-timestamp/trustroot.yaml', 'utf8'), { now });
} catch (e) {
  if (e instanceof TrustRootLoadError) console.log(e.reason, e.message);
}

// Node: a trusted_root.json or TrustRoot YAML file (pass { name } when it holds several).
const legacy = await loadTrustRootFile('test-vectors/tuf/legacy-targets/trustroot.yaml', { now });
console.log(legacy.name, legacy.summary().ctlogs[0]?.logId);
