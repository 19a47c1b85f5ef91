// Decisions of identity and authority specs that the broader tests pass over: what is not an
// object, what is copied at compile time, which field an error names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import {
  compileIdentities,
  compileIdentity,
  PolicyInvalidError,
  validateAuthoritySigner,
  type SignerCertificate,
} from './index-node.ts';
import { signerCertificate } from './testdata/signer-certificate.ts';

const ISSUER = 'https://accounts.example.com';
const cert = (over: Partial<SignerCertificate> = {}) =>
  signerCertificate({ extensions: { issuer: ISSUER, sourceRepositoryRef: 'refs/heads/main' }, ...over });

/** The PolicyInvalidError `f` throws: its field and message. */
function invalid(f: () => unknown): { field: string; message: string } {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof PolicyInvalidError && e.code === 'POLICY_INVALID', String(e));
    return { field: e.field, message: e.message };
  }
  return assert.fail('accepted');
}

test('an identity that is a list, or extensions that are not a map, are refused naming the field', () => {
  assert.deepEqual(
    invalid(() => compileIdentity([{ issuer: ISSUER }] as never, 'identities[3]')),
    {
      field: 'identities[3]',
      message: 'identities[3]: an identity must be an object',
    },
  );
  for (const extensions of [null, ['sourceRepositoryRef'], 'refs/heads/main']) {
    const e = invalid(() =>
      compileIdentity({ issuer: ISSUER, subject: 'alice@example.com', extensions } as never, 'id'),
    );
    assert.equal(e.field, 'id.extensions');
    assert.equal(e.message, 'id.extensions: must be an object of Fulcio extension names to required values');
  }
  assert.deepEqual(
    invalid(() => compileIdentity({ issuer: ISSUER, subject: 'a', extensions: { buildTrigger: 7 } } as never, 'id')),
    {
      field: 'id.extensions.buildTrigger',
      message: 'id.extensions.buildTrigger: required value must be a non-empty string',
    },
  );
  assert.deepEqual(
    invalid(() => compileIdentity({ issuer: ISSUER, subject: 'a', issuerRegExp: 5 } as never, 'id')),
    {
      field: 'id.issuerRegExp',
      message: 'id.issuerRegExp: must be a string',
    },
  );
  assert.deepEqual(
    invalid(() => compileIdentity('alice@example.com' as never, 'id')),
    { field: 'id', message: 'id: an identity must be an object' },
  );
  assert.deepEqual(
    invalid(() => compileIdentity({ issuer: ISSUER, subjct: 'a' } as never, 'id')),
    {
      field: 'id.subjct',
      message: 'id: unknown field "subjct" (known: issuer, issuerRegExp, subject, subjectRegExp, extensions)',
    },
  );
  const unknownExtension = invalid(() =>
    compileIdentity({ issuer: ISSUER, subject: 'a', extensions: { repo: 'x' } } as never, 'id'),
  );
  assert.equal(unknownExtension.field, 'id.extensions.repo');
  assert.match(
    unknownExtension.message,
    /^id\.extensions: unknown Fulcio extension "repo" \(known: issuer, githubWorkflowTrigger, .*, sourceRepositoryVisibilityAtSigning\)$/,
  );
});

test('both exact and regexp subject under admission rules is refused; missing criteria name what would be accepted', () => {
  assert.equal(
    invalid(() => compileIdentities([{ issuer: ISSUER, subject: 'a', subjectRegExp: 'a' }], { exactlyOne: true }))
      .message,
    'identities[0]: expected exactly one of subject and subjectRegExp, got both',
  );
  assert.equal(
    invalid(() => compileIdentities([{ issuer: ISSUER, subjectRegExp: '' }])).message,
    'identities[0]: missing subject: set subject or subjectRegExp ' +
      '(an identity without subject criteria would accept any subject)',
  );
  assert.equal(
    invalid(() => compileIdentities([{ issuerRegExp: '', subject: 'a' }], { field: 'spec.identities' })).field,
    'spec.identities[0]',
  );
});

test('a compiled identity does not change when the caller later edits its spec', () => {
  const spec = { issuer: ISSUER, subject: 'alice@example.com', extensions: { sourceRepositoryRef: 'refs/heads/main' } };
  const matcher = compileIdentities([spec]);
  assert.equal(matcher.match(cert()).ok, true);
  spec.subject = 'mallory@example.com';
  spec.extensions.sourceRepositoryRef = 'refs/heads/evil';
  assert.equal(matcher.match(cert()).ok, true, 'still the validated values');
  assert.equal(matcher.match(cert({ sans: [{ type: 'email', value: 'mallory@example.com' }] })).ok, false);
  const compiled = compileIdentity(spec, 'id');
  assert.deepEqual(compiled.spec, spec);
  assert.notEqual(compiled.spec.extensions, spec.extensions);
});

test('authority signer: what is not an object is refused before anything else is read', () => {
  const pem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString();
  assert.deepEqual(
    invalid(() => validateAuthoritySigner(null as never, { field: 'a' })),
    { field: 'a', message: 'a: must be an object' },
  );
  assert.deepEqual(
    invalid(() => validateAuthoritySigner({ key: [pem] } as never, { field: 'a' })),
    { field: 'a.key', message: 'a.key: must be an object' },
  );
  assert.deepEqual(
    invalid(() => validateAuthoritySigner({ keyless: 'fulcio' } as never)),
    { field: 'authority.keyless', message: 'authority.keyless: must be an object' },
  );
  assert.deepEqual(
    invalid(() => validateAuthoritySigner({ key: { data: 42 } } as never)),
    { field: 'authority.key.data', message: 'authority.key.data: must be a PEM string' },
  );
  assert.deepEqual(
    invalid(() => validateAuthoritySigner({ keyless: { identities: {} } } as never)),
    {
      field: 'authority.keyless.identities',
      message: 'authority.keyless.identities: at least one identity is required',
    },
  );
  // null and '' mean "not given", as in the Go types.
  assert.equal(
    validateAuthoritySigner({ key: { data: pem, kms: '', secretRef: null }, keyless: null } as never).kind,
    'key',
  );
  assert.deepEqual(
    invalid(() => validateAuthoritySigner({ key: { data: '', kms: '' } })),
    {
      field: 'authority.key',
      message:
        'authority.key: expected exactly one, got neither: ' +
        'authority.key.data, authority.key.kms, authority.key.secretRef',
    },
  );
  assert.deepEqual(
    invalid(() => validateAuthoritySigner({ static: {} })),
    {
      field: 'authority.static.action',
      message: 'authority.static.action: must be "pass" or "fail", got undefined',
    },
  );
  assert.deepEqual(validateAuthoritySigner({ static: { action: 'pass' } }), { kind: 'static', action: 'pass' });
  // A signer that is present but not an object is named as such, whichever kind it is.
  assert.deepEqual(
    invalid(() => validateAuthoritySigner({ key: '' } as never)),
    { field: 'authority.key', message: 'authority.key: must be an object' },
  );
  assert.deepEqual(
    invalid(() => validateAuthoritySigner({ keyless: 0 } as never)),
    { field: 'authority.keyless', message: 'authority.keyless: must be an object' },
  );
  assert.deepEqual(
    invalid(() => validateAuthoritySigner('key' as never)),
    { field: 'authority', message: 'authority: must be an object' },
  );
});

test('authority signer: the keyless fields policy-controller defines are accepted; errors name the exact field', () => {
  const identities = [{ issuer: ISSUER, subject: 'alice@example.com' }];
  const keyless = {
    url: 'https://fulcio.example.com',
    identities,
    'ca-cert': { data: 'PEM' },
    trustRootRef: 'root',
    insecureIgnoreSCT: true,
  };
  const signer = validateAuthoritySigner({ keyless });
  assert.equal(signer.kind === 'keyless' && signer.identities.match(cert()).ok, true);
  assert.deepEqual(
    invalid(() => validateAuthoritySigner({ keyless: { identities, caCert: {} } } as never)),
    {
      field: 'authority.keyless.caCert',
      message:
        'authority.keyless: unknown field "caCert" (known: url, identities, ca-cert, trustRootRef, insecureIgnoreSCT)',
    },
  );
  assert.equal(invalid(() => validateAuthoritySigner({ key: { kms: 'file:///k.pub' } })).field, 'authority.key.kms');
  assert.equal(
    invalid(() => validateAuthoritySigner({ key: { secretRef: { name: 's' } } })).field,
    'authority.key.secretRef',
  );
});
