// cosign's certificate flags as the CLI reads them: what counts as given, what is left for the
// rest of the command line, and which flag a bad regexp is blamed on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  hasCosignIdentityFlags,
  identitySpecFromCosignFlags,
  IdentityUsageError,
  takeCosignIdentityFlags,
} from './index-node.ts';

test('hasCosignIdentityFlags: any certificate flag, even an empty one, counts as given', () => {
  assert.equal(hasCosignIdentityFlags({}), false);
  assert.equal(hasCosignIdentityFlags({ certificateIdentity: undefined }), false);
  assert.equal(hasCosignIdentityFlags({ certificateGithubWorkflowRef: 'refs/heads/main' }), true);
  assert.equal(hasCosignIdentityFlags(takeCosignIdentityFlags(['--certificate-oidc-issuer=']).flags), true);
});

test('only exact flag names are taken; look-alikes and other flags stay in the rest, in order', () => {
  const argv = [
    '=--certificate-identity',
    '--certificate-identity-regexps',
    'x',
    '--key=k.pub',
    '--certificate-identity=a@example.com',
    'artifact',
  ];
  const { flags, rest } = takeCosignIdentityFlags(argv);
  assert.deepEqual(flags, { certificateIdentity: 'a@example.com' });
  assert.deepEqual(rest, ['=--certificate-identity', '--certificate-identity-regexps', 'x', '--key=k.pub', 'artifact']);
  // The value after "=" is kept whole, "=" included.
  assert.deepEqual(takeCosignIdentityFlags(['--certificate-oidc-issuer=https://x/?a=b']).flags, {
    certificateOidcIssuer: 'https://x/?a=b',
  });
});

test('an empty flag value is "not given" for the requirement, as in cosign', () => {
  const { flags } = takeCosignIdentityFlags([
    '--certificate-identity=',
    '--certificate-oidc-issuer',
    'https://accounts.example.com',
  ]);
  assert.throws(
    () => identitySpecFromCosignFlags(flags),
    (e: unknown) =>
      e instanceof IdentityUsageError &&
      /--certificate-identity or --certificate-identity-regexp is required/.test(e.message),
  );
  assert.deepEqual(
    identitySpecFromCosignFlags({ ...flags, certificateIdentityRegexp: '^a@', certificateGithubWorkflowSha: '' }),
    {
      subjectRegExp: '^a@',
      issuer: 'https://accounts.example.com',
    },
  );
});

test('a bad issuer regexp is blamed on --certificate-oidc-issuer-regexp, a bad identity regexp on its own flag', () => {
  const blame = (flags: Parameters<typeof identitySpecFromCosignFlags>[0]) => {
    try {
      identitySpecFromCosignFlags(flags);
    } catch (e) {
      assert.ok(e instanceof IdentityUsageError);
      return e.message.slice(0, e.message.indexOf(':'));
    }
    return assert.fail('accepted');
  };
  assert.equal(
    blame({ certificateIdentity: 'a', certificateOidcIssuerRegexp: '(?<=x)' }),
    '--certificate-oidc-issuer-regexp',
  );
  assert.equal(
    blame({ certificateIdentityRegexp: '(?<=x)', certificateOidcIssuer: 'i' }),
    '--certificate-identity-regexp',
  );
});
