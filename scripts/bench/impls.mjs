// The two implementations, each given one case and returning verify(bundleBytes) -> boolean (the verdict).
//   sigguard: verifyBundleSync of the built facade (dist), strict parsing, per-check results, identity matching.
//   peer:     plain @sigstore/verify (bundleFromJSON + toSignedEntity + Verifier.verify, SAN/issuer policy),
//             the packages sigguard itself depends on, with the same trusted_root.json.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Both implementations, or only `side`'s (`'sigguard'` or `'peer'`): the RSS children load only the side they
 * measure, so neither figure includes the other library's modules.
 */
export async function implementations(repo, side) {
  const dist = (dir, file = 'index.js') => pathToFileURL(join(repo, 'packages', dir, 'dist', file)).href;
  const fromVerify = createRequire(join(repo, 'packages/verify/package.json'));
  const url = (req, name) => pathToFileURL(req.resolve(name)).href;
  const sg = side === 'peer' ? undefined : await import(dist('sigguard'));
  let Verifier, toSignedEntity, toTrustMaterial, bundleFromJSON, TrustedRoot, crypto;
  if (side !== 'sigguard') {
    ({ Verifier, toSignedEntity, toTrustMaterial } = await import(url(fromVerify, '@sigstore/verify')));
    ({ bundleFromJSON } = await import(url(fromVerify, '@sigstore/bundle')));
    const fromSigstore = createRequire(fromVerify.resolve('@sigstore/verify'));
    ({ TrustedRoot } = await import(url(fromSigstore, '@sigstore/protobuf-specs')));
    ({ crypto } = await import(url(fromVerify, '@sigstore/core')));
  }

  const sgRoots = new Map();
  const sgRoot = (path) => {
    if (!sgRoots.has(path)) sgRoots.set(path, sg.parseTrustedRoot(readFileSync(path)));
    return sgRoots.get(path);
  };

  function sigguard(c) {
    const options = { artifact: c.artifact, trustRoot: sgRoot(c.trustedRootPath) };
    if (c.now) options.now = c.now;
    if (c.keyPem) options.keys = [sg.publicKeyFromPem(c.keyPem)];
    else options.identities = [{ subject: c.subject, issuer: c.issuer }];
    return (bytes) => sg.verifyBundleSync(bytes, options).ok;
  }

  function peer(c) {
    const root = TrustedRoot.fromJSON(JSON.parse(readFileSync(c.trustedRootPath, 'utf8')));
    let keys;
    if (c.keyPem) {
      const publicKey = crypto.createPublicKey(c.keyPem);
      keys = () => ({ publicKey, validFor: () => true });
    }
    const verifier = new Verifier(toTrustMaterial(root, keys));
    const policy = c.keyPem ? undefined : { subjectAlternativeName: c.subject, extensions: { issuer: c.issuer } };
    return (bytes) => {
      try {
        const bundle = bundleFromJSON(JSON.parse(Buffer.from(bytes).toString('utf8')));
        verifier.verify(toSignedEntity(bundle, c.artifact), policy);
        return true;
      } catch {
        return false;
      }
    };
  }
  return { sigguard, peer, sg };
}

/** Runs every case once through both and aborts on any verdict that is not the expected one. */
export function checkVerdicts(cases, impls) {
  for (const c of cases) {
    const s = impls.sigguard(c)(c.bundle);
    const p = impls.peer(c)(c.bundle);
    if (s !== c.sigguardOk)
      throw new Error(
        `sigguard ${s ? 'accepted' : 'rejected'} ${c.name} (expected ${c.sigguardOk ? 'accept' : 'reject'})`,
      );
    if (p !== c.peerOk)
      throw new Error(
        `@sigstore/verify ${p ? 'accepted' : 'rejected'} ${c.name} (expected ${c.peerOk ? 'accept' : 'reject'})`,
      );
  }
}
