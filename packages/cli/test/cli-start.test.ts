// Start-up of the built CLI: a command loads only the code it uses (no YAML parser, RE2 engine, ASN.1
// readers or tar/gzip for verify-bundle with exact identities and a trusted_root.json), and Node's compile
// cache is kept in a directory of this user's own (docs/architecture.md, "How the CLI is built and loaded").
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';

const BIN = fileURLToPath(new URL('../bin/sigguard.mjs', import.meta.url));
const skip = existsSync(new URL('../dist/cli.js', import.meta.url))
  ? false
  : 'packages/cli/dist not built (pnpm -r build)';
const VECTORS = new URL('../../../test-vectors/', import.meta.url);
const VECTOR = fileURLToPath(new URL('bundles/keyless-v0.3-message', VECTORS));
const TRUSTED_ROOT = fileURLToPath(new URL('trusted_root.json', VECTORS));
let dir: string;

// Third-party code the bundle inlines keeps esbuild's `// <path>` comment per module: what a run loaded is
// found in the text of the chunk files it read.
const PACKAGES = {
  yaml: /node_modules\/yaml\//,
  re2js: /node_modules\/re2js\//,
  asn1js: /node_modules\/asn1js\//,
  '@peculiar/asn1-schema': /node_modules\/@peculiar\/asn1-schema\//,
  fflate: /node_modules\/fflate\//,
  minimatch: /node_modules\/minimatch\//,
};

before(() => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'sigguard-cli-start-'));
  // Records every file: module loaded (ES modules and require) and prints the list when the process exits.
  writeFileSync(
    join(dir, 'record-loads.mjs'),
    `import module from 'node:module';
const loaded = new Set();
module.registerHooks({ load(url, context, next) { if (url.startsWith('file:')) loaded.add(url); return next(url, context); } });
process.on('exit', () => {
  process.stderr.write('LOADED ' + JSON.stringify([...loaded]) + '\\n');
  const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13));
  process.stderr.write('BUILTINS ' + JSON.stringify(builtins) + '\\n');
});
`,
  );
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

// Node's switches for the cache are removed (the test runner sets NODE_COMPILE_CACHE) unless given here;
// TMPDIR is this test's folder unless given (the CLI's own cache directory is made there).
function run(args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []) {
  const { NODE_COMPILE_CACHE: _, NODE_DISABLE_COMPILE_CACHE: __, ...rest } = process.env;
  return spawnSync(process.execPath, [...nodeArgs, BIN, ...args], {
    encoding: 'utf8',
    env: { ...rest, TMPDIR: dir, ...env },
  });
}

function verifyBundle(identity: string[], trust: string[] = ['--trusted-root', TRUSTED_ROOT]) {
  return [
    'verify-bundle',
    '--bundle',
    join(VECTOR, 'bundle.sigstore.json'),
    ...identity,
    '--certificate-oidc-issuer',
    'https://accounts.example.com',
    ...trust,
    join(VECTOR, 'artifact'),
  ];
}

function recordLoads(args: string[]) {
  const r = run(args, { NODE_DISABLE_COMPILE_CACHE: '1' }, ['--import', join(dir, 'record-loads.mjs')]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  return r;
}

function loadedPackages(args: string[]): string[] {
  const r = recordLoads(args);
  assert.match(r.stdout, /^verified: signed by alice@example\.com/);
  const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '));
  assert.ok(line, r.stderr);
  const files: string[] = JSON.parse(line.slice('LOADED '.length)).map((u: string) => fileURLToPath(u));
  assert.ok(
    files.some((f) => f.endsWith('cli.js')),
    files.join(' '),
  );
  const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');
  return Object.entries(PACKAGES)
    .filter(([, path]) => path.test(text))
    .map(([name]) => name);
}

test('verify-bundle with exact identities and a trusted_root.json loads no YAML, RE2, ASN.1 or tar code', {
  skip,
}, () => {
  assert.deepEqual(loadedPackages(verifyBundle(['--certificate-identity', 'alice@example.com'])), []);
});

// Node's own modules a start must not load: the streams and fs/promises that an ES module import of node:fs
// evaluates, the diff and colour code of node:util's, and WebCrypto, which @noble/curves probes when its
// curves are built (they are built on first use: only digest-only ECDSA and the Ed25519ph diagnosis need them).
const NOT_NEEDED_BUILTINS = [
  'internal/fs/streams',
  'internal/fs/promises',
  'internal/util/diff',
  'internal/crypto/webcrypto',
];

function loadedBuiltins(args: string[]): string[] {
  const r = recordLoads(args);
  const line = r.stderr.split('\n').find((l) => l.startsWith('BUILTINS '));
  assert.ok(line, r.stderr);
  return JSON.parse(line.slice('BUILTINS '.length));
}

test("verify-bundle loads none of Node's streams, fs/promises, util diff or WebCrypto", { skip }, () => {
  const builtins = loadedBuiltins(verifyBundle(['--certificate-identity', 'alice@example.com']));
  assert.ok(builtins.includes('crypto'), builtins.join(' ')); // the list is real: the signature checks use node:crypto
  assert.deepEqual(
    NOT_NEEDED_BUILTINS.filter((m) => builtins.includes(m)),
    [],
  );
});

test('verify-bundle builds the ECDSA curves on first use, for a digest-only signature', { skip }, () => {
  const digest = `sha256:${createHash('sha256')
    .update(readFileSync(join(VECTOR, 'artifact')))
    .digest('hex')}`;
  const args = verifyBundle(['--certificate-identity', 'alice@example.com']);
  args[args.length - 1] = digest;
  const r = recordLoads(args);
  assert.match(r.stdout, /^verified: signed by alice@example\.com/);
  assert.match(r.stdout, /pass signature +signature verifies over the artifact digest \(prehashed ECDSA\)/);
  const builtins = JSON.parse(
    r.stderr
      .split('\n')
      .find((l) => l.startsWith('BUILTINS '))!
      .slice(9),
  );
  assert.ok(builtins.includes('internal/crypto/webcrypto'), 'the curves were built, and probed WebCrypto');
});

test('verify-bundle loads the RE2 engine for a regexp flag, the YAML parser for --trust-root', { skip }, () => {
  assert.deepEqual(loadedPackages(verifyBundle(['--certificate-identity-regexp', '^alice@example[.]com$'])), ['re2js']);
  // --trust-root reads TrustRoot YAML (or, as here, a trusted_root.json): its reader comes with the YAML parser
  const yaml = loadedPackages(
    verifyBundle(['--certificate-identity', 'alice@example.com'], ['--trust-root', TRUSTED_ROOT]),
  );
  assert.ok(yaml.includes('yaml'), yaml.join(' '));
  assert.ok(!yaml.includes('re2js'), yaml.join(' '));
  // an invalid regexp is still a usage error naming the flag, after the engine loaded
  const bad = run(verifyBundle(['--certificate-identity-regexp', '^alice@(']));
  assert.equal(bad.status, 2, bad.stderr);
  assert.match(bad.stderr, /--certificate-identity-regexp: invalid Go \(RE2\) regular expression/);
});

const uid = process.getuid?.();
test("the compile cache is a directory of the user's own under the temp dir, and Node's switches win", {
  skip: skip || (uid === undefined && 'POSIX owners and modes'),
}, () => {
  const args = verifyBundle(['--certificate-identity', 'alice@example.com']);
  const tmp = join(dir, 'tmp-fresh');
  mkdirSync(tmp);
  const cache = join(tmp, `sigguard-compile-cache-${uid}`);
  assert.equal(run(args, { TMPDIR: tmp }).status, 0);
  assert.equal(statSync(cache).mode & 0o777, 0o700);
  const entries = readdirSync(cache).flatMap((d) => readdirSync(join(cache, d)));
  assert.ok(entries.length > 0, 'the first run fills the cache');

  // A directory others can write (someone could plant code there) is not used.
  const shared = join(dir, 'tmp-shared');
  mkdirSync(join(shared, `sigguard-compile-cache-${uid}`), { recursive: true });
  chmodSync(join(shared, `sigguard-compile-cache-${uid}`), 0o777);
  assert.equal(run(args, { TMPDIR: shared }).status, 0);
  assert.deepEqual(readdirSync(join(shared, `sigguard-compile-cache-${uid}`)), []);

  const off = join(dir, 'tmp-off');
  mkdirSync(off);
  assert.equal(run(args, { TMPDIR: off, NODE_DISABLE_COMPILE_CACHE: '1' }).status, 0);
  assert.deepEqual(readdirSync(off), []);
  const own = join(dir, 'own-cache');
  assert.equal(run(args, { TMPDIR: off, NODE_COMPILE_CACHE: own }).status, 0);
  assert.deepEqual(readdirSync(off), [], 'NODE_COMPILE_CACHE is used instead');
  assert.ok(readdirSync(own).length > 0);
});
