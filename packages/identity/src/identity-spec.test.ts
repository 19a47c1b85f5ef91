// Identity spec validation (policy errors), authority signer validation (key XOR keyless), and the
// cosign verify flag mapping (usage errors).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import {
  compileIdentities,
  identitySpecFromCosignFlags,
  IdentityUsageError,
  KmsUnavailableError,
  PatternError,
  PolicyInvalidError,
  PublicKeyError,
  takeCosignIdentityFlags,
  validateAuthoritySigner,
} from './index-node.ts';
import { signerCertificate } from './testdata/signer-certificate.ts';

const pem = (type: 'ec' | 'ed25519' | 'rsa1024') => {
  const k =
    type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      : type === 'ed25519'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('rsa', { modulusLength: 1024 });
  return k.publicKey.export({ type: 'spki', format: 'pem' }) as string;
};

const cert = signerCertificate;

test('identity specs: missing criteria, unknown fields and bad types are policy errors naming the field', () => {
  const bad: Array<[unknown[], RegExp]> = [
    [[], /at least one identity/],
    [[{ subject: 'a' }], /identities\[0\]: missing issuer/],
    [[{ issuer: 'x' }], /identities\[0\]: missing subject/],
    [[{ issuer: '', subject: 'a' }], /missing issuer/], // empty string is "not set"
    [
      [
        { issuer: 'x', subject: 'a' },
        { issuer: 'x', subjectRegexp: 'a' },
      ],
      /identities\[1\]: unknown field "subjectRegexp"/,
    ],
    [[{ issuer: 'x', subject: 1 }], /identities\[0\]\.subject: must be a string/],
    [[{ issuer: 'x', subject: 'a', extensions: { sourceRepo: 'x' } }], /unknown Fulcio extension "sourceRepo"/],
    [[{ issuer: 'x', subject: 'a', extensions: { sourceRepositoryRef: '' } }], /non-empty string/],
    [[null], /must be an object/],
  ];
  for (const [specs, re] of bad) {
    assert.throws(
      () => compileIdentities(specs as never),
      (e: unknown) => e instanceof PolicyInvalidError && e.code === 'POLICY_INVALID' && re.test(e.message),
      re.source,
    );
  }
});

test('exactlyOne (ClusterImagePolicy admission) rejects exact and regexp together; cosign rules require both to match', () => {
  const both = { issuer: 'https://accounts.example.com', issuerRegExp: 'example', subject: 'alice@example.com' };
  assert.throws(
    () => compileIdentities([both], { exactlyOne: true }),
    /expected exactly one of issuer and issuerRegExp, got both/,
  );
  const m = compileIdentities([both]);
  assert.equal(m.match(cert()).ok, true);
  assert.equal(compileIdentities([{ ...both, issuerRegExp: 'google' }]).match(cert()).ok, false);
});

test('matching: subject against every SAN; unanchored-regexp warning; malformed input fails closed', () => {
  const c = cert({
    sans: [
      { type: 'uri', value: 'https://ci.example.com/job' },
      { type: 'email', value: 'alice@example.com' },
    ],
  });
  const m = compileIdentities([{ issuer: 'https://accounts.example.com', subject: 'alice@example.com' }]);
  const r = m.match(c);
  assert.equal(r.ok, true);
  assert.deepEqual(r.subject, { type: 'email', value: 'alice@example.com' });
  assert.equal(m.match(cert({ sans: [] })).ok, false);
  assert.equal(m.match(undefined as never).ok, false);
  assert.equal(compileIdentities([{ issuer: 'x', subjectRegExp: '@example\\.com' }]).warnings.length, 1);
  assert.equal(compileIdentities([{ issuer: 'x', subjectRegExp: '^alice@example\\.com$' }]).warnings.length, 0);
  assert.equal(compileIdentities([{ issuer: 'x', subjectRegExp: '(?i)^alice@example\\.com\\z' }]).warnings.length, 0);
  assert.equal(
    compileIdentities([{ issuer: 'x', subjectRegExp: '^alice@example\\.com|bob@example\\.com$' }]).warnings.length,
    1,
    'top-level | splits the anchors',
  );
  assert.equal(compileIdentities([{ issuer: 'x', subjectRegExp: '^(alice|bob)@example\\.com$' }]).warnings.length, 0);
  assert.equal(compileIdentities([{ issuer: 'x', subjectRegExp: '^[|a]+$' }]).warnings.length, 0);
});

test('authority signer: key XOR keyless XOR static, as policy-controller validates', () => {
  const keyless = { identities: [{ issuer: 'https://accounts.example.com', subject: 'alice@example.com' }] };
  assert.throws(
    () => validateAuthoritySigner({ key: { data: pem('ec') }, keyless }, { field: 'spec.authorities[0]' }),
    (e: unknown) =>
      e instanceof PolicyInvalidError && /spec\.authorities\[0\]: expected exactly one, got both/.test(e.message),
  );
  assert.throws(() => validateAuthoritySigner({}), /expected exactly one, got neither/);
  const k = validateAuthoritySigner({ key: { data: pem('ec') + pem('ed25519'), hashAlgorithm: 'sha384' } });
  assert.equal(k.kind, 'key');
  if (k.kind === 'key')
    assert.deepEqual(
      k.keys.map((x) => `${x.kind}/${x.hashAlgorithm}`),
      ['ecdsa/sha384', 'ed25519/sha384'],
    );
  const kl = validateAuthoritySigner({ keyless: { url: 'https://fulcio.sigstore.dev', ...keyless } });
  assert.equal(kl.kind, 'keyless');
  if (kl.kind === 'keyless') assert.equal(kl.identities.match(cert()).ok, true);
  assert.deepEqual(validateAuthoritySigner({ static: { action: 'fail' } }), { kind: 'static', action: 'fail' });
  assert.throws(() => validateAuthoritySigner({ static: { action: 'Pass' } }), /must be "pass" or "fail"/);
});

test('authority signer: keyless uses admission rules, bad patterns quote the pattern, unknown fields refused', () => {
  assert.throws(
    () => validateAuthoritySigner({ keyless: { identities: [{ issuer: 'a', issuerRegExp: 'b', subject: 'c' }] } }),
    /got both/,
  );
  assert.throws(
    () => validateAuthoritySigner({ keyless: { identities: [] } }),
    /keyless\.identities: at least one identity/,
  );
  assert.throws(
    () =>
      validateAuthoritySigner(
        { keyless: { identities: [{ issuer: 'a', subjectRegExp: '(?<!x)y' }] } },
        { field: 'spec.authorities[2]' },
      ),
    (e: unknown) =>
      e instanceof PatternError &&
      e.field === 'spec.authorities[2].keyless.identities[0].subjectRegExp' &&
      e.message.includes('"(?<!x)y"'),
  );
  assert.throws(
    () => validateAuthoritySigner({ keyless: { identities: [{ issuer: 'a', subject: 'b' }], caCert: {} } as never }),
    /unknown field "caCert"/,
  );
  assert.throws(
    () => validateAuthoritySigner({ key: { data: pem('ec'), hash: 'sha256' } as never }),
    /unknown field "hash"/,
  );
});

test('authority signer keys: KMS refused offline, secretRef refused, weak RSA refused unless allowed, data+kms is both', () => {
  assert.throws(
    () => validateAuthoritySigner({ key: { kms: 'gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k' } }),
    (e: unknown) => e instanceof KmsUnavailableError && /not available offline; export the public key/.test(e.message),
  );
  assert.throws(() => validateAuthoritySigner({ key: { kms: 'file:///key.pub' } }), /not a recognised KMS reference/);
  assert.throws(
    () => validateAuthoritySigner({ key: { secretRef: { name: 's' } } }),
    /secrets are not available offline/,
  );
  assert.throws(() => validateAuthoritySigner({ key: { data: pem('ec'), kms: 'awskms:///k' } }), /got both/);
  const weak = pem('rsa1024');
  assert.throws(
    () => validateAuthoritySigner({ key: { data: weak } }),
    (e: unknown) => e instanceof PublicKeyError && e.code === 'KEY_WEAK',
  );
  assert.equal(validateAuthoritySigner({ key: { data: weak } }, { allowWeakRSA: true }).kind, 'key');
  assert.throws(
    () => validateAuthoritySigner({ key: { data: 'not pem' } }),
    (e: unknown) => e instanceof PublicKeyError && e.code === 'KEY_INVALID',
  );
});

test('cosign flags: take from argv, map to an IdentitySpec', () => {
  const { flags, rest } = takeCosignIdentityFlags([
    '--bundle',
    'b.json',
    '--certificate-identity-regexp',
    '^https://github\\.com/acme/',
    '--certificate-oidc-issuer=https://token.actions.githubusercontent.com',
    '--certificate-github-workflow-trigger',
    'push',
    '--certificate-github-workflow-sha',
    'abc',
    '--certificate-github-workflow-name',
    'release',
    '--certificate-github-workflow-repository',
    'acme/app',
    '--certificate-github-workflow-ref',
    'refs/tags/v1',
    'artifact.txt',
  ]);
  assert.deepEqual(rest, ['--bundle', 'b.json', 'artifact.txt']);
  assert.deepEqual(identitySpecFromCosignFlags(flags), {
    subjectRegExp: '^https://github\\.com/acme/',
    issuer: 'https://token.actions.githubusercontent.com',
    extensions: {
      githubWorkflowTrigger: 'push',
      githubWorkflowSHA: 'abc',
      githubWorkflowName: 'release',
      githubWorkflowRepository: 'acme/app',
      githubWorkflowRef: 'refs/tags/v1',
    },
  });
});

test('cosign flags: usage errors as cosign reports them', () => {
  const usage = (f: () => unknown, re: RegExp) =>
    assert.throws(
      f,
      (e: unknown) => e instanceof IdentityUsageError && e.code === 'USAGE' && re.test(e.message),
      re.source,
    );
  usage(
    () => identitySpecFromCosignFlags({ certificateOidcIssuer: 'x' }),
    /--certificate-identity or --certificate-identity-regexp is required/,
  );
  usage(
    () => identitySpecFromCosignFlags({ certificateIdentity: 'x' }),
    /--certificate-oidc-issuer or --certificate-oidc-issuer-regexp is required/,
  );
  usage(
    () => identitySpecFromCosignFlags({ certificateIdentityRegexp: '(?=x)', certificateOidcIssuer: 'i' }),
    /--certificate-identity-regexp: invalid Go \(RE2\) regular expression "\(\?=x\)"/,
  );
  usage(
    () => identitySpecFromCosignFlags({ certificateIdentity: 'x', certificateOidcIssuerRegexp: 'a{2000}' }),
    /--certificate-oidc-issuer-regexp: .*"a\{2000\}".*invalid repeat count/,
  );
  usage(() => takeCosignIdentityFlags(['--certificate-identity']), /needs a value/);
  usage(() => takeCosignIdentityFlags(['--certificate-identity', '--bundle']), /needs a value/);
  usage(
    () => takeCosignIdentityFlags(['--certificate-identity', 'a', '--certificate-identity=b']),
    /given more than once/,
  );
  // exact and regexp together are allowed by cosign; both must then match
  const spec = identitySpecFromCosignFlags({
    certificateIdentity: 'alice@example.com',
    certificateIdentityRegexp: 'bob',
    certificateOidcIssuer: 'https://accounts.example.com',
  });
  assert.equal(compileIdentities([spec]).match(cert()).ok, false);
});
