// What a user types wrong, for every subcommand: each is exit 2 with a message naming what was
// wrong (never a stack trace), `--help` is exit 0 with the usage, and a denial is exit 1.
// Runs the CLI's main() in-process on the in-repo samples (packages/sigguard/samples).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { main } from './main.ts';
import { CONFORMANCE_BEACON, sigguardSample as sample } from '@sigguard/test-vectors/support/locations';

const tmp = mkdtempSync(join(tmpdir(), 'sigguard-user-errors-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, content: string) => {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
};

const { subject: BEACON, issuer: GHA } = CONFORMANCE_BEACON;
const IMAGE =
  'ghcr.io/sigstore-conformance/a-txt@sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf';
const policyText = readFileSync(sample('policy.yaml'), 'utf8');
const truncatedBundle = file(
  'truncated.sigstore.json',
  readFileSync(sample('a.txt.intoto.sigstore.json'), 'utf8').slice(0, 300),
);

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function assertUsageError(r: { code: number; out: string; err: string }, message: RegExp, what: string) {
  assert.equal(r.code, 2, `${what}: exit ${r.code}\n${r.out}\n${r.err}`);
  assert.match(r.err + r.out, message, what);
  assert.doesNotMatch(r.err + r.out, /\n\s+at .*:\d+:\d+/, `${what}: no stack trace`);
  assert.doesNotMatch(r.err, /To specify a positional argument/, `${what}: no node:util advice`);
  // The synopsis once, not the whole option list twice.
  assert.ok((r.err.match(/usage: sigguard/g) ?? []).length <= 1, `${what}: usage printed once`);
}

test('--help and -h print the subcommand usage and exit 0, for every subcommand', async () => {
  for (const argv of [
    ['verify-bundle', '--help'],
    ['verify-image', '--help'],
    ['verify-image', 'x', '-h'],
    ['eval-predicate', '--help'],
    ['trust-root', '--help'],
    ['trust-root', 'inspect', '-h'],
  ]) {
    const r = await run(...argv);
    assert.equal(r.code, 0, `${argv.join(' ')}: ${r.err}`);
    assert.match(r.out, new RegExp(`^usage: sigguard ${argv[0]}`), argv.join(' '));
    assert.equal(r.err, '');
  }
});

test('sigguard help COMMAND is COMMAND --help', async () => {
  const r = await run('help', 'eval-predicate');
  assert.equal(r.code, 0);
  assert.match(r.out, /^usage: sigguard eval-predicate/);
});

test('an unknown option is named, without node:util advice about "--"', async () => {
  for (const sub of [['verify-bundle'], ['verify-image'], ['eval-predicate'], ['trust-root', 'inspect']]) {
    const r = await run(...sub, '--polcy', 'x');
    assertUsageError(r, /Unknown option '--polcy'/, sub.join(' '));
    assert.match(r.err, /--help lists every option/);
  }
});

test('missing files and directories given as files say which option and what is wrong', async () => {
  const cases: [string[], RegExp][] = [
    [
      [
        'verify-bundle',
        '--bundle',
        join(tmp, 'absent.json'),
        '--certificate-identity',
        BEACON,
        '--certificate-oidc-issuer',
        GHA,
        sample('a.txt'),
      ],
      /cannot read --bundle file .*absent\.json: no such file or directory \(ENOENT\)/,
    ],
    [
      [
        'verify-bundle',
        '--bundle',
        tmp,
        '--certificate-identity',
        BEACON,
        '--certificate-oidc-issuer',
        GHA,
        sample('a.txt'),
      ],
      /cannot read --bundle file .*: is a directory, not a file \(EISDIR\)/,
    ],
    [
      [
        'verify-bundle',
        '--bundle',
        sample('a.txt.sigstore.json'),
        '--certificate-identity',
        BEACON,
        '--certificate-oidc-issuer',
        GHA,
        tmp,
      ],
      /cannot read artifact .*: is a directory/,
    ],
    [
      ['verify-image', IMAGE, '--policy', tmp, '--bundle', sample('a.txt.intoto.sigstore.json')],
      /cannot read --policy file .*: is a directory, not a file \(EISDIR\)/,
    ],
    [
      ['verify-image', IMAGE, '--policy', join(tmp, 'absent.yaml'), '--bundle', sample('a.txt.intoto.sigstore.json')],
      /cannot read --policy file .*absent\.yaml: no such file/,
    ],
    [
      ['verify-image', IMAGE, '--policy', sample('policy.yaml'), '--bundle', tmp],
      /cannot read --bundle file .*: is a directory/,
    ],
    [
      ['verify-image', IMAGE, '--policy', sample('policy.yaml'), '--local-image', join(tmp, 'absent-dir')],
      /--local-image .*absent-dir: .*not an OCI image layout/,
    ],
    [
      ['eval-predicate', '--policy', sample('provenance.cue'), '--input', tmp],
      /cannot read --input .*: is a directory/,
    ],
    [['trust-root', 'inspect', join(tmp, 'absent.json')], /absent\.json: cannot read trust root file: ENOENT/],
  ];
  for (const [argv, message] of cases) assertUsageError(await run(...argv), message, argv.join(' '));
});

test('truncated JSON is an input error naming the file, for each subcommand that reads JSON', async () => {
  const truncatedRoot = file(
    'trusted_root.json',
    '{"mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1", "tlogs": [',
  );
  const cases: [string[], RegExp][] = [
    [
      [
        'verify-bundle',
        '--bundle',
        truncatedBundle,
        '--certificate-identity',
        BEACON,
        '--certificate-oidc-issuer',
        GHA,
        sample('a.txt'),
      ],
      /bundle is not valid JSON/,
    ],
    [
      ['verify-image', IMAGE, '--policy', sample('policy.yaml'), '--bundle', truncatedBundle],
      /--bundle .*truncated\.sigstore\.json is not JSON/,
    ],
    [
      [
        'verify-image',
        IMAGE,
        '--policy',
        sample('policy.yaml'),
        '--bundle',
        sample('a.txt.intoto.sigstore.json'),
        '--trusted-root',
        truncatedRoot,
      ],
      /--trusted-root .*trusted_root\.json: trusted root is not valid JSON/,
    ],
    [['trust-root', 'inspect', truncatedRoot], /trusted_root\.json: not valid JSON/],
    [
      ['eval-predicate', '--policy', sample('provenance.cue'), '--input', truncatedBundle],
      /--input .*truncated\.sigstore\.json is not JSON/,
    ],
  ];
  for (const [argv, message] of cases) {
    const r = await run(...argv);
    assertUsageError(r, message, argv.join(' '));
    assert.doesNotMatch(r.err + r.out, /YAML/, `${argv.join(' ')}: a JSON file is not reported as YAML`);
  }
});

test('a policy with a misspelt field or an RE2-invalid regexp is refused before anything is verified', async () => {
  const typo = file('typo.yaml', policyText.replace('identities:', 'identites:'));
  const r = await run('verify-image', IMAGE, '--policy', typo, '--bundle', sample('a.txt.intoto.sigstore.json'));
  assertUsageError(
    r,
    /--policy .*typo\.yaml: validation failed: 2 problems:\n {2}- unknown field: spec\.authorities\[0\]\.keyless\.identites/,
    'typo',
  );
  assert.equal(r.err.match(/unknown field/g)?.length, 1, 'each problem listed once');

  const re2 = file(
    're2.yaml',
    policyText.replace(/subjectRegExp: .*/, 'subjectRegExp: "^https://github\\\\.com/(?=acme)"'),
  );
  assertUsageError(
    await run('verify-image', IMAGE, '--policy', re2, '--bundle', sample('a.txt.intoto.sigstore.json')),
    /subjectRegExp: invalid Go \(RE2\) regular expression .*\(\?=/,
    'lookahead',
  );
  assertUsageError(
    await run(
      'verify-bundle',
      '--bundle',
      sample('a.txt.sigstore.json'),
      '--certificate-identity-regexp',
      'a(?=b)',
      '--certificate-oidc-issuer',
      GHA,
      sample('a.txt'),
    ),
    /--certificate-identity-regexp: invalid Go \(RE2\) regular expression/,
    'verify-bundle lookahead',
  );
});

test('registry flags with offline evidence are a usage error, not silently ignored', async () => {
  assertUsageError(
    await run(
      'verify-image',
      IMAGE,
      '--policy',
      sample('policy.yaml'),
      '--bundle',
      sample('a.txt.intoto.sigstore.json'),
      '--registry-auth',
      'ghcr.io=u:p',
    ),
    /--registry-auth and --insecure-registry apply only when reading from a registry/,
    'registry-auth with --bundle',
  );
});

test('trust-root inspect on the wrong kind of file names the file', async () => {
  assertUsageError(
    await run('trust-root', 'inspect', sample('a.txt.sigstore.json')),
    /a\.txt\.sigstore\.json: trusted root: .*verificationMaterial is not a known field/,
    'bundle as trust root',
  );
});

test('an image without a digest, or a malformed digest argument, is a usage error', async () => {
  assertUsageError(
    await run(
      'verify-image',
      'ghcr.io/sigstore-conformance/a-txt:v1',
      '--policy',
      sample('policy.yaml'),
      '--bundle',
      sample('a.txt.intoto.sigstore.json'),
    ),
    /a-txt:v1 has no digest: give IMAGE@sha256:…/,
    'tag',
  );
  assertUsageError(
    await run(
      'verify-bundle',
      '--bundle',
      sample('a.txt.sigstore.json'),
      '--certificate-identity',
      BEACON,
      '--certificate-oidc-issuer',
      GHA,
      'sha256:abc',
    ),
    /sha256:abc: not a file, and not a digest of the form sha256:<64 hex digits>/,
    'short digest',
  );
});

test('eval-predicate refuses a message-signature bundle: it holds no statement to evaluate', async () => {
  const r = await run('eval-predicate', '--policy', sample('provenance.cue'), '--input', sample('a.txt.sigstore.json'));
  assertUsageError(r, /is a Sigstore bundle with a message signature, not an attestation/, 'message bundle');
});

test('the in-repo samples: verify-image admits, and a denial says which check failed and what evidence there was', async () => {
  const ok = await run(
    'verify-image',
    IMAGE,
    '--policy',
    sample('policy.yaml'),
    '--bundle',
    sample('a.txt.intoto.sigstore.json'),
  );
  assert.equal(ok.code, 0, ok.err + ok.out);
  assert.match(ok.out, /^ALLOWED /);
  assert.match(
    ok.out,
    /evidence from 1 bundle file\(s\): 0 signatures, 1 attestation \(https:\/\/slsa\.dev\/provenance\/v1\)/,
  );

  // The message-signature bundle is a signature; the policy asks for a provenance attestation.
  const none = await run(
    'verify-image',
    IMAGE,
    '--policy',
    sample('policy.yaml'),
    '--bundle',
    sample('a.txt.sigstore.json'),
  );
  assert.equal(none.code, 1);
  assert.match(none.out, /no matching attestations for authority beacon/);
  assert.match(none.out, /evidence from 1 bundle file\(s\): 1 signature, 0 attestations$/m);

  const other = file('other-signer.yaml', policyText.replace('extremely-dangerous-public-oidc-beacon/', 'other-repo/'));
  const denied = await run('verify-image', IMAGE, '--policy', other, '--bundle', sample('a.txt.intoto.sigstore.json'));
  assert.equal(denied.code, 1);
  assert.match(
    denied.out,
    /^ {2}✗ policy provenance-from-beacon: no authority passed: beacon: … \[NO_AUTHORITY_PASSED\]$/m,
  );
  assert.match(denied.out, /^ {8}✗ identity: no identity matched .*no SAN matches subjectRegExp .*other-repo/m);
  assert.match(
    denied.out,
    /^ {8}- statement: statement \(predicateType https:\/\/slsa\.dev\/provenance\/v1\) not evaluated: the attestation did not verify$/m,
  );

  const json = await run(
    'verify-image',
    IMAGE,
    '--policy',
    other,
    '--bundle',
    sample('a.txt.intoto.sigstore.json'),
    '--json',
  );
  assert.equal(json.code, 1);
  const d = JSON.parse(json.out);
  assert.equal(d.allowed, false);
  assert.match(d.policies[0].reason, /no SAN matches subjectRegExp/, 'JSON keeps the whole reason chain');
  assert.equal(d.policies[0].children[0].children[0].code, 'IDENTITY');
});

test('eval-predicate on the sample provenance: pass, and fail (exit 1) with the CUE conflict', async () => {
  const pass = await run(
    'eval-predicate',
    '--policy',
    sample('provenance.cue'),
    '--input',
    sample('a.txt.intoto.sigstore.json'),
  );
  assert.equal(pass.code, 0, pass.out + pass.err);
  assert.match(pass.out, /^PASS \(cue\)/);
  const strict = file(
    'strict.cue',
    readFileSync(sample('provenance.cue'), 'utf8').replace('"refs/heads/main"', '"refs/tags/v1"'),
  );
  const fail = await run('eval-predicate', '--policy', strict, '--input', sample('a.txt.intoto.sigstore.json'));
  assert.equal(fail.code, 1, fail.out + fail.err);
  assert.match(fail.out, /^FAIL \(cue\): .*ref: conflicting values/);
});

test('verify-image: a warn-mode failure is reported once, on stderr', async () => {
  const warn = file(
    'warn.yaml',
    `${policyText}---
apiVersion: policy.sigstore.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: warn-only }
spec:
  mode: warn
  images: [{ glob: "**" }]
  authorities: [{ static: { action: fail } }]
`,
  );
  const r = await run('verify-image', IMAGE, '--policy', warn, '--bundle', sample('a.txt.intoto.sigstore.json'));
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /^ALLOWED /);
  assert.match(r.out, /! policy warn-only: /);
  assert.doesNotMatch(r.out, /warning:/);
  assert.equal(r.err.match(/warning: failed policy: warn-only/g)?.length, 1, r.err);
});

test('verify-image: when no policy matched, the globs are listed (the usual cause)', async () => {
  const narrow = file(
    'narrow.yaml',
    policyText.replace('"ghcr.io/sigstore-conformance/**"', '"ghcr.io/sigstore-conformance/*"'),
  );
  const r = await run(
    'verify-image',
    IMAGE.replace('/a-txt@', '/team/a-txt@'),
    '--policy',
    narrow,
    '--bundle',
    sample('a.txt.intoto.sigstore.json'),
  );
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.out, /denied: no matching policies/);
  assert.match(
    r.out,
    /no policy's images glob matched ghcr\.io\/sigstore-conformance\/team\/a-txt@sha256:\S+ \(in a glob, \* stops at \/, \*\* does not; --no-match-policy decides what then\):\n {2}provenance-from-beacon: "ghcr\.io\/sigstore-conformance\/\*"$/m,
  );

  const empty = file('empty.yaml', '# nothing here\n');
  const none = await run('verify-image', IMAGE, '--policy', empty, '--bundle', sample('a.txt.intoto.sigstore.json'));
  assert.equal(none.code, 1);
  assert.match(none.out, /no ClusterImagePolicy in the --policy files/);
});

test('eval-predicate: an engine or policy error says ERROR with its code (exit 2), not FAIL', async () => {
  const broken = file('broken.cue', 'predicate: {"unterminated\n');
  const r = await run('eval-predicate', '--policy', broken, '--input', sample('a.txt.intoto.sigstore.json'));
  assert.equal(r.code, 2, r.out + r.err);
  assert.match(r.out, /^ERROR PREDICATE_POLICY_INVALID \(cue\): /);
});
