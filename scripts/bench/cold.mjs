// Cold CLI wall times: fresh processes, interleaved, medians. sigguard's CLI against a plain
// @sigstore/verify client script (written to a temporary directory, never into the repo) and empty node.
// The CLI turns on Node's compile cache (packages/cli/bin/sigguard.mjs); here it is a fresh directory in the
// bench's temporary directory (NODE_COMPILE_CACHE, which the CLI respects), filled by an untimed first round,
// so the timed sigguard runs read a warm cache, as every start after the first does. The plain client and
// empty node run without one (plain node); one more row times verify-bundle with the cache off.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { imageInputs, imagePolicy } from './image.mjs';
import { median, ms, p95, table } from './stats.mjs';

function peerClient(repo) {
  const fromVerify = createRequire(join(repo, 'packages/verify/package.json'));
  const fromSigstore = createRequire(fromVerify.resolve('@sigstore/verify'));
  const url = (req, name) => JSON.stringify(pathToFileURL(req.resolve(name)).href);
  return `// A plain @sigstore/verify client: verify-bundle BUNDLE ROOT ARTIFACT SUBJECT ISSUER, exit 0 when verified.
import { readFileSync } from 'node:fs';
import { Verifier, toSignedEntity, toTrustMaterial } from ${url(fromVerify, '@sigstore/verify')};
import { bundleFromJSON } from ${url(fromVerify, '@sigstore/bundle')};
import { TrustedRoot } from ${url(fromSigstore, '@sigstore/protobuf-specs')};
const [bundlePath, rootPath, artifactPath, subject, issuer] = process.argv.slice(2);
try {
  const root = TrustedRoot.fromJSON(JSON.parse(readFileSync(rootPath, 'utf8')));
  const bundle = bundleFromJSON(JSON.parse(readFileSync(bundlePath, 'utf8')));
  new Verifier(toTrustMaterial(root)).verify(toSignedEntity(bundle, readFileSync(artifactPath)), {
    subjectAlternativeName: subject, extensions: { issuer },
  });
  console.log('Verified OK');
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
`;
}

export function coldCli(repo, runs) {
  const tmp = mkdtempSync(join(tmpdir(), 'sigguard-bench-'));
  try {
    const client = join(tmp, 'peer-client.mjs');
    writeFileSync(client, peerClient(repo));
    const policy = join(tmp, 'policy.yaml');
    writeFileSync(policy, imagePolicy({ cue: false }));
    const img = imageInputs(repo);
    const imgBundle = join(tmp, 'attestation.json');
    writeFileSync(imgBundle, img.bundle);
    const v = join(repo, 'test-vectors/bundles/keyless-v0.3-message');
    const root = join(repo, 'test-vectors/trusted_root.json');
    const bin = join(repo, 'packages/cli/bin/sigguard.mjs');
    const id = ['alice@example.com', 'https://accounts.example.com'];
    const cache = join(tmp, 'compile-cache');
    const { NODE_COMPILE_CACHE: _, NODE_DISABLE_COMPILE_CACHE: __, ...plainEnv } = process.env;
    const withCache = { ...plainEnv, NODE_COMPILE_CACHE: cache };
    const verifyBundle = [
      bin,
      'verify-bundle',
      '--bundle',
      join(v, 'bundle.sigstore.json'),
      '--certificate-identity',
      id[0],
      '--certificate-oidc-issuer',
      id[1],
      '--trusted-root',
      root,
      join(v, 'artifact'),
    ];
    const commands = {
      'sigguard verify-bundle': [verifyBundle, withCache],
      'plain @sigstore/verify client': [
        [client, join(v, 'bundle.sigstore.json'), root, join(v, 'artifact'), ...id],
        plainEnv,
      ],
      'sigguard verify-image (no CUE)': [
        [bin, 'verify-image', img.ref, '--policy', policy, '--trusted-root', root, '--bundle', imgBundle],
        withCache,
      ],
      'sigguard verify-bundle, compile cache off': [verifyBundle, { ...plainEnv, NODE_DISABLE_COMPILE_CACHE: '1' }],
      'empty node': [['-e', '0'], plainEnv],
    };
    const runOnce = (name, [args, env]) => {
      const t = performance.now();
      const r = spawnSync(process.execPath, args, { encoding: 'utf8', env });
      if (r.status !== 0) throw new Error(`${name} did not succeed (exit ${r.status}): ${r.stderr}${r.stdout}`);
      return performance.now() - t;
    };
    // Untimed first round: fills the compile cache (and the OS file cache, for every command alike).
    for (const [name, command] of Object.entries(commands)) runOnce(name, command);
    const cached = readdirSync(cache).flatMap((d) => readdirSync(join(cache, d))).length;
    const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
    for (let i = 0; i < runs; i++) {
      for (const [name, command] of Object.entries(commands)) times[name].push(runOnce(name, command));
    }
    const med = Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, median(xs)]));
    console.log(`\ncold CLI, wall time of a fresh process (${runs} interleaved runs each, after one untimed round)`);
    console.log(
      cached > 0
        ? `  compile cache: warm for the sigguard rows (${cached} entries, written by the untimed round into a fresh directory)`
        : '  compile cache: NOT used (the untimed round wrote no entry): the sigguard rows compiled every time',
    );
    table([['command', 'median', 'p95'], ...Object.entries(times).map(([k, xs]) => [k, ms(med[k]), ms(p95(xs))])]);
    return {
      bundle: med['sigguard verify-bundle'],
      bundleNoCache: med['sigguard verify-bundle, compile cache off'],
      image: med['sigguard verify-image (no CUE)'],
      peer: med['plain @sigstore/verify client'],
      node: med['empty node'],
      cacheWarm: cached > 0,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
