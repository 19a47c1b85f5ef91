// Scenario entry for the size test: verifyImage with ClusterImagePolicy YAML and offline evidence.
// Whether CUE, Rego or RE2 load depends on the policies, at run time.
import { verifyImage } from 'sigguard';

export function mayRun(ref, policiesYaml, bundles) {
  return verifyImage(ref, { policies: policiesYaml, evidence: { bundles } });
}
