#!/usr/bin/env bash
# The main job on built-in sample data: verify sample artifacts with the sigguard CLI,
# offline, and print each decision. Exits 0 only when every decision is the expected one.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

samples=packages/sigguard/samples
identity='https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main'
issuer='https://token.actions.githubusercontent.com'
failures=0

# expect EXIT DESCRIPTION -- sigguard args...
expect() {
  local want=$1 what=$2
  shift 3
  echo
  echo "### $what"
  echo "\$ sigguard $*"
  set +e
  sigguard "$@" 2>&1 | sed 's/^/  /'
  local got=${PIPESTATUS[0]}
  set -e
  if [ "$got" = "$want" ]; then
    echo "  => decision as expected (exit $got)"
  else
    echo "  => UNEXPECTED: exit $got, wanted $want"
    failures=$((failures + 1))
  fi
}

expect 0 "public-good keyless signature over $samples/a.txt (built-in trust root, offline)" -- \
  verify-bundle --bundle $samples/a.txt.sigstore.json \
  --certificate-identity "$identity" --certificate-oidc-issuer "$issuer" $samples/a.txt

expect 0 "SLSA provenance attestation (DSSE) whose subject is a.txt, checked by digest" -- \
  verify-bundle --bundle $samples/a.txt.intoto.sigstore.json \
  --certificate-identity "$identity" --certificate-oidc-issuer "$issuer" \
  "sha256:$(node -e 'process.stdout.write(require("crypto").createHash("sha256").update(require("fs").readFileSync(process.argv[1])).digest("hex"))' $samples/a.txt)"

tampered=$(mktemp)
trap 'rm -f "$tampered"' EXIT
{ cat $samples/a.txt; echo "tampered"; } > "$tampered"
expect 1 "the same bundle against a modified artifact is denied" -- \
  verify-bundle --bundle $samples/a.txt.sigstore.json \
  --certificate-identity "$identity" --certificate-oidc-issuer "$issuer" "$tampered"

expect 1 "the right signature, but required from someone else, is denied" -- \
  verify-bundle --bundle $samples/a.txt.sigstore.json \
  --certificate-identity "https://github.com/someone/else/.github/workflows/release.yml@refs/heads/main" \
  --certificate-oidc-issuer "$issuer" $samples/a.txt

image="ghcr.io/sigstore-conformance/a-txt@sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf"
expect 0 "ClusterImagePolicy $samples/policy.yaml: SLSA provenance from the beacon workflow (the image digest is a.txt's)" -- \
  verify-image "$image" --policy $samples/policy.yaml --bundle $samples/a.txt.intoto.sigstore.json

expect 1 "the same policy with a signature but no provenance attestation is denied" -- \
  verify-image "$image" --policy $samples/policy.yaml --bundle $samples/a.txt.sigstore.json

expect 0 "the CUE attestation policy $samples/provenance.cue against the provenance" -- \
  eval-predicate --policy $samples/provenance.cue --input $samples/a.txt.intoto.sigstore.json

if [ -f test-vectors/trusted_root.json ]; then
  expect 0 "project test vector: DSSE attestation from the private test Sigstore instance (custom trusted root)" -- \
    verify-bundle --trusted-root test-vectors/trusted_root.json \
    --bundle test-vectors/bundles/keyless-dsse-subject-match/bundle.sigstore.json \
    --certificate-identity alice@example.com --certificate-oidc-issuer https://accounts.example.com \
    test-vectors/bundles/keyless-dsse-subject-match/artifact
fi

echo
if [ "$failures" -ne 0 ]; then
  echo "sample: $failures decision(s) differed from what was expected"
  exit 1
fi
echo "sample: every decision as expected"
