# workerd configuration of the edge-worker example: one Worker (dist/worker.js, built by build.mjs)
# with the fixed policy set as a text binding, served on port 8080. It needs no network: its outbound
# fetch() goes to a network service that allows nothing, so a policy can never make it reach out.
#   workerd serve examples/edge-worker/config.capnp          (after node build.mjs)
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "may-run", worker = .mayRun),
    (name = "offline", network = (allow = [])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:8080", http = (), service = "may-run") ],
);

const mayRun :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "dist/worker.js") ],
  bindings = [
    (name = "POLICIES", text = embed "policy.yaml"),
    # To trust another Sigstore instance than public-good, add its trusted_root.json:
    # (name = "TRUSTED_ROOT", text = embed "trusted_root.json"),
  ],
  compatibilityDate = "2025-09-01",
  globalOutbound = "offline",
);
