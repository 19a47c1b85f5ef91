// Scenario entry for the size test: bundle verification with the sigguard facade, as an application
// would write it. Identities are data: exact ones need no RE2 engine, regexps load it on first use.
import { verifyBundle } from 'sigguard';

export function mayRun(bundleJson, artifact, identities) {
  return verifyBundle(bundleJson, { artifact, identities });
}
