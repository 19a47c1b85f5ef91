#!/usr/bin/env bash
# CI gate: refuse to ship an image the cluster would refuse to run.
# Checks IMAGE against the cluster's ClusterImagePolicies, offline, using an OCI image layout
# that holds the image and its signatures/attestations (cosign save / oras copy --to-oci-layout).
#
#   ci-gate.sh IMAGE LAYOUT_DIR POLICY_FILE [TRUSTED_ROOT_JSON]
#
# Exit 0: the cluster would admit it. 1: denied (the reasons are printed). 2: bad input.
# SIGGUARD overrides the command (default: sigguard from PATH).
set -euo pipefail

if [ $# -lt 3 ] || [ $# -gt 4 ]; then
  echo "usage: $0 IMAGE LAYOUT_DIR POLICY_FILE [TRUSTED_ROOT_JSON]" >&2
  exit 2
fi
image=$1 layout=$2 policy=$3 trusted_root=${4:-}
read -r -a sigguard <<<"${SIGGUARD:-sigguard}"

args=(verify-image "$image" --local-image "$layout" --policy "$policy")
if [ -n "$trusted_root" ]; then args+=(--trusted-root "$trusted_root"); fi

set +e
"${sigguard[@]}" "${args[@]}"
code=$?
set -e
case $code in
  0) echo "ci-gate: $image would be admitted by the cluster policies" ;;
  1) echo "ci-gate: $image would be DENIED by the cluster policies (see above)" >&2 ;;
  *) echo "ci-gate: could not check $image (usage or input error, exit $code)" >&2 ;;
esac
exit "$code"
