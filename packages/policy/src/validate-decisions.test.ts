// validateClusterImagePolicy's own decisions (mutation testing): the envelope, an authority's
// one-of rules, key and ca-cert data, keyless defaulting, sources, static and required authorities.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DEFAULT_KEYLESS_URL, REQUIRED_AUTHORITIES_ANNOTATION, validateClusterImagePolicy } from './validate.ts';

const pem = (name: string) => readFileSync(new URL(`../../../test-vectors/keys/${name}`, import.meta.url), 'utf8');
const spec = (extra: Record<string, unknown> = {}) => ({
  images: [{ glob: '**' }],
  authorities: [{ static: { action: 'pass' } }],
  ...extra,
});
const cip = (s: unknown, metadata: unknown = { name: 'p' }) => ({
  apiVersion: 'policy.sigstore.dev/v1beta1',
  kind: 'ClusterImagePolicy',
  metadata,
  spec: s,
});
const withAuthority = (authority: unknown) => cip(spec({ authorities: [authority] }));
const problemsOf = (doc: unknown) => validateClusterImagePolicy(doc).problems;
const authorityOf = (authority: unknown) => {
  const result = validateClusterImagePolicy(withAuthority(authority));
  assert.deepEqual(result.problems, []);
  return result.policy!.authorities[0]!;
};
const a0 = 'spec.authorities[0]';
const KMS_SCHEMES = 'awskms://, azurekms://, hashivault://, gcpkms://';

test('the envelope: a missing document, apiVersion, kind and spec are each refused by name', () => {
  assert.deepEqual(problemsOf(undefined), ['missing field(s): spec']);
  assert.deepEqual(problemsOf(null), ['missing field(s): spec']);
  assert.deepEqual(problemsOf('x'), [': Invalid value: "string": must be of type object']);
  const ok = validateClusterImagePolicy(cip(spec()));
  assert.deepEqual(ok.problems, []);
  assert.equal(ok.policy!.apiVersion, 'policy.sigstore.dev/v1beta1');
  assert.equal(ok.policy!.kind, 'ClusterImagePolicy');
  assert.equal(ok.policy!.name, 'p');
  assert.equal(ok.policy!.mode, 'enforce');
  assert.deepEqual(ok.policy!.images, [{ glob: '**' }]);
  assert.equal(ok.policy!.requiredAuthorities, undefined);
  assert.equal(
    validateClusterImagePolicy({ ...cip(spec()), apiVersion: 'policy.sigstore.dev/v1alpha1' }).policy!.apiVersion,
    'policy.sigstore.dev/v1alpha1',
  );
  assert.deepEqual(problemsOf({ ...cip(spec()), apiVersion: 'policy.sigstore.dev/v1' }), [
    'invalid value: policy.sigstore.dev/v1: apiVersion',
  ]);
  assert.deepEqual(problemsOf({ ...cip(spec()), kind: 'ImagePolicy' }), ['invalid value: ImagePolicy: kind']);
  assert.deepEqual(problemsOf({ ...cip(spec()), kind: undefined }), ['invalid value: undefined: kind']);
  assert.deepEqual(problemsOf(cip(undefined)), ['missing field(s): spec']);
  assert.deepEqual(problemsOf({ ...cip(spec()), extra: 1 }), ['unknown field: extra']);
  assert.deepEqual(problemsOf(cip(spec({ mode: 'audit' }))), ['invalid value: audit: spec.mode']);
  assert.equal(validateClusterImagePolicy(cip(spec({ mode: 'warn' }))).policy!.mode, 'warn');
  assert.equal(validateClusterImagePolicy(cip(spec({ mode: '' }))).policy!.mode, 'enforce');
  assert.equal(validateClusterImagePolicy(cip(spec({ mode: 'enforce' }))).policy!.mode, 'enforce');
});

test('spec.images: at least one, each a valid glob', () => {
  assert.deepEqual(problemsOf(cip(spec({ images: [] }))), ['missing field(s): spec.images']);
  assert.deepEqual(problemsOf(cip(spec({ images: undefined }))), ['missing field(s): spec.images']);
  assert.deepEqual(problemsOf(cip(spec({ images: [{}] }))), ['missing field(s): spec.images[0].glob']);
  assert.deepEqual(problemsOf(cip(spec({ images: [{ glob: '' }] }))), ['missing field(s): spec.images[0].glob']);
  const two = validateClusterImagePolicy(cip(spec({ images: [{ glob: 'ghcr.io/a/*' }, { glob: 'b' }] })));
  assert.deepEqual(two.policy!.images, [{ glob: 'ghcr.io/a/*' }, { glob: 'b' }]);
});

test('authorities: none is refused unless allowed, an empty entry is refused', () => {
  assert.deepEqual(problemsOf(cip(spec({ authorities: [] }))), ['missing field(s): spec.authorities']);
  const allowed = validateClusterImagePolicy(cip(spec({ authorities: [] })), { failOnEmptyAuthorities: false });
  assert.deepEqual(allowed.problems, []);
  assert.deepEqual(allowed.policy!.authorities, []);
  assert.deepEqual(problemsOf(cip(spec({ authorities: [null] }))), [`missing field(s): ${a0}`]);
  const neither = `expected exactly one, got neither: ${a0}.key, ${a0}.keyless, ${a0}.static`;
  assert.deepEqual(problemsOf(withAuthority({})), [neither]);
  assert.deepEqual(problemsOf(withAuthority({ key: null, keyless: null, static: null })), [neither]);
  const both = `expected exactly one, got both: ${a0}.key, ${a0}.keyless, ${a0}.static`;
  assert.ok(
    problemsOf(
      withAuthority({
        keyless: { identities: [{ issuer: 'i', subject: 's' }] },
        static: {
          action: 'pass',
        },
      }),
    ).includes(both),
  );
  const st = authorityOf({ name: 'named', static: { action: 'fail', message: 'no' } });
  assert.deepEqual(st, {
    name: 'named',
    index: 0,
    source: [],
    attestations: [],
    signatureFormat: 'legacy',
    static: { action: 'fail', message: 'no' },
  });
  assert.equal(authorityOf({ name: '', static: { action: 'pass' } }).name, 'authority-0');
});

test('static: action pass or fail only, and it stands alone', () => {
  assert.deepEqual(authorityOf({ static: { action: 'pass' } }).static, { action: 'pass' });
  assert.deepEqual(authorityOf({ static: { action: 'pass', message: '' } }).static, { action: 'pass' });
  assert.deepEqual(problemsOf(withAuthority({ static: { action: 'allow' } })), [
    `invalid value: allow: ${a0}.static.action`,
  ]);
  assert.deepEqual(problemsOf(withAuthority({ static: {} })), [`invalid value: : ${a0}.static.action`]);
  for (const [other, value] of [
    ['attestations', [{ name: 'a', predicateType: 'https://x' }]],
    ['source', [{ oci: 'ghcr.io/a/b' }]],
    ['ctlog', { url: 'https://r' }],
    ['rfc3161timestamp', {}],
  ] as const) {
    assert.ok(
      problemsOf(withAuthority({ static: { action: 'pass' }, [other]: value })).includes(
        `expected exactly one, got both: ${a0}.static, ${a0}.${other}`,
      ),
      other,
    );
  }
  assert.deepEqual(problemsOf(withAuthority({ static: { action: 'pass' }, attestations: [], source: null })), []);
});

test('ctlog, rfc3161timestamp and signatureFormat are read and checked', () => {
  const k = { keyless: { identities: [{ issuer: 'i', subject: 's' }] } };
  const a = authorityOf({
    ...k,
    ctlog: { url: 'https://rekor.example', trustRootRef: 'tr' },
    rfc3161timestamp: { trustRootRef: 'tsa' },
    signatureFormat: 'bundle',
  });
  assert.deepEqual(a.ctlog, { url: 'https://rekor.example', trustRootRef: 'tr' });
  assert.deepEqual(a.rfc3161timestamp, { trustRootRef: 'tsa' });
  assert.equal(a.signatureFormat, 'bundle');
  assert.deepEqual(authorityOf({ ...k, ctlog: {}, rfc3161timestamp: {} }).ctlog, {});
  assert.deepEqual(authorityOf({ ...k, rfc3161timestamp: { trustRootRef: '' } }).rfc3161timestamp, {});
  assert.equal(authorityOf({ ...k, ctlog: undefined }).ctlog, undefined);
  assert.equal(authorityOf({ ...k, signatureFormat: 'legacy' }).signatureFormat, 'legacy');
  assert.equal(authorityOf({ ...k, signatureFormat: '' }).signatureFormat, 'legacy');
  assert.deepEqual(problemsOf(withAuthority({ ...k, signatureFormat: 'dsse' })), [
    `invalid value: dsse: ${a0}.signatureFormat`,
  ]);
  assert.deepEqual(problemsOf(withAuthority({ ...k, ctlog: { url: 'not a url' } })), [
    `invalid value: not a url: ${a0}.ctlog.url`,
  ]);
});

test('key: exactly one of data, kms, secretRef; a hash algorithm from the list', () => {
  const key = pem('ecdsa-p256.pub.pem');
  assert.deepEqual(authorityOf({ key: { data: key } }).key, { hashAlgorithm: 'sha256', data: key });
  assert.equal(authorityOf({ key: { data: key, hashAlgorithm: ' SHA512 ' } }).key!.hashAlgorithm, 'sha512');
  assert.equal(authorityOf({ key: { data: key, hashAlgorithm: '' } }).key!.hashAlgorithm, 'sha256');
  assert.equal(authorityOf({ key: { data: key, hashAlgorithm: 'sha224' } }).key!.hashAlgorithm, 'sha224');
  assert.deepEqual(problemsOf(withAuthority({ key: { data: key, hashAlgorithm: 'md5' } })), [
    `invalid value: md5: ${a0}.key.hashAlgorithm`,
  ]);
  const oneOf = `${a0}.key.data, ${a0}.key.kms, ${a0}.key.secretref`;
  assert.deepEqual(problemsOf(withAuthority({ key: {} })), [`expected exactly one, got neither: ${oneOf}`]);
  assert.deepEqual(problemsOf(withAuthority({ key: { data: '' } })), [`expected exactly one, got neither: ${oneOf}`]);
  assert.deepEqual(problemsOf(withAuthority({ key: { data: key, secretRef: { name: 's' } } })), [
    `expected exactly one, got both: ${oneOf}`,
  ]);
  assert.deepEqual(problemsOf(withAuthority({ key: { data: 'not a key' } })), [
    `invalid value: not a key: ${a0}.key.data (malformed PEM public key: no "-----BEGIN PUBLIC KEY-----" block found)`,
  ]);
  const junk = problemsOf(
    withAuthority({ key: { data: `${key}-----BEGIN PUBLIC KEY-----\nQUJD\n-----END PUBLIC KEY-----\n` } }),
  );
  assert.equal(junk.length, 1);
  assert.ok(junk[0]!.startsWith(`invalid value: -----BEGIN PUBLIC KEY-----…: ${a0}.key.data (`), junk[0]);
  assert.deepEqual(authorityOf({ key: { secretRef: { name: 's' } } }).key, {
    hashAlgorithm: 'sha256',
    secretRef: { name: 's' },
  });
});

test('key.secretRef: a name, and only the controller namespace', () => {
  assert.deepEqual(authorityOf({ key: { secretRef: { name: 's', namespace: 'cosign-system' } } }).key!.secretRef, {
    name: 's',
    namespace: 'cosign-system',
  });
  assert.deepEqual(authorityOf({ key: { secretRef: { name: 's', namespace: '' } } }).key!.secretRef, { name: 's' });
  assert.deepEqual(problemsOf(withAuthority({ key: { secretRef: { name: 's', namespace: 'default' } } })), [
    `invalid value: default: ${a0}.key.secretRef.namespace (secretRef.namespace must be empty or cosign-system)`,
  ]);
  const own = validateClusterImagePolicy(withAuthority({ key: { secretRef: { name: 's', namespace: 'mine' } } }), {
    controllerNamespace: 'mine',
  });
  assert.deepEqual(own.problems, []);
  assert.deepEqual(
    validateClusterImagePolicy(withAuthority({ key: { secretRef: { name: 's', namespace: 'cosign-system' } } }), {
      controllerNamespace: 'mine',
    }).problems,
    [`invalid value: cosign-system: ${a0}.key.secretRef.namespace (secretRef.namespace must be empty or mine)`],
  );
  assert.deepEqual(problemsOf(withAuthority({ key: { secretRef: {} } })), [
    `missing field(s): ${a0}.key.secretRef.name`,
  ]);
});

test('key.kms: a reference a KMS provider understands', () => {
  const kms = 'awskms:///arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  assert.deepEqual(authorityOf({ key: { kms } }).key, { hashAlgorithm: 'sha256', kms });
  assert.deepEqual(problemsOf(withAuthority({ key: { kms: 'nokms://x' } })), [
    `invalid value: nokms://x: ${a0}.key.kms (kms reference must start with one of ${KMS_SCHEMES})`,
  ]);
});

const CERT = '-----BEGIN CERTIFICATE-----\nMIIBkTCB+w==\n-----END CERTIFICATE-----\n';
const keylessCa = (data: string) => ({
  keyless: { 'ca-cert': { data }, identities: [{ issuer: 'i', subject: 's' }] },
});

test('keyless ca-cert data: PEM armour and base64 are checked, the chain is left to the verifier', () => {
  assert.deepEqual(authorityOf(keylessCa(CERT)).keyless!.caCert, { hashAlgorithm: 'sha256', data: CERT });
  assert.deepEqual(
    authorityOf(keylessCa(`${CERT}${CERT.replace('MIIBkTCB+w==', 'QUJD\nREVG')}`)).keyless!.caCert!.data,
    `${CERT}${CERT.replace('MIIBkTCB+w==', 'QUJD\nREVG')}`,
  );
  assert.equal(authorityOf(keylessCa(pem('ecdsa-p256.pub.pem'))).keyless!.caCert!.data, pem('ecdsa-p256.pub.pem'));
  const path = `${a0}.keyless.ca-cert.data`;
  const refusal = (data: string) => problemsOf(withAuthority(keylessCa(data)));
  assert.deepEqual(refusal('MIIBkTCB+w=='), [`invalid value: MIIBkTCB+w==: ${path} (not a PEM block)`]);
  assert.deepEqual(refusal('-----BEGIN CERTIFICATE-----\nQUJD\n-----END PUBLIC KEY-----'), [
    `invalid value: -----BEGIN CERTIFICATE-----…: ${path} (not a PEM block)`,
  ]);
  const notBase64 = `invalid value: -----BEGIN CERTIFICATE-----…: ${path} (PEM block "CERTIFICATE" is not valid base64)`;
  assert.deepEqual(refusal('-----BEGIN CERTIFICATE-----\nQU*D\n-----END CERTIFICATE-----'), [notBase64]);
  assert.deepEqual(refusal('-----BEGIN CERTIFICATE-----\nQUJDR\n-----END CERTIFICATE-----'), [notBase64]);
  assert.deepEqual(refusal('-----BEGIN CERTIFICATE-----\nQUJD===\n-----END CERTIFICATE-----'), [notBase64]);
  assert.deepEqual(refusal('-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----'), [notBase64]);
  assert.deepEqual(refusal(`${CERT}-----BEGIN CERTIFICATE-----\nQU!D\n-----END CERTIFICATE-----`), [notBase64]);
  assert.deepEqual(refusal('-----BEGIN CERTIFICATE-----\nQUJD=A==\n-----END CERTIFICATE-----'), [notBase64]);
});

test('keyless: url or ca-cert, defaulted to public Fulcio; identities are required', () => {
  const ids = [{ issuer: 'https://issuer', subject: 'me@example.com' }];
  assert.deepEqual(authorityOf({ keyless: { identities: ids } }).keyless, {
    identities: ids,
    insecureIgnoreSCT: false,
    url: DEFAULT_KEYLESS_URL,
  });
  assert.deepEqual(
    authorityOf({
      keyless: { url: 'https://fulcio.example', identities: ids, insecureIgnoreSCT: true, trustRootRef: 't' },
    }).keyless,
    { identities: ids, insecureIgnoreSCT: true, url: 'https://fulcio.example', trustRootRef: 't' },
  );
  assert.equal(authorityOf({ keyless: { url: '', identities: ids } }).keyless!.url, DEFAULT_KEYLESS_URL);
  assert.equal(authorityOf(keylessCa(CERT)).keyless!.url, undefined);
  const k = `${a0}.keyless`;
  assert.deepEqual(
    problemsOf(withAuthority({ keyless: { url: 'https://f', 'ca-cert': { data: CERT }, identities: ids } })),
    [`expected exactly one, got both: ${k}.ca-cert, ${k}.url`],
  );
  assert.deepEqual(problemsOf(withAuthority({ keyless: { url: 'fulcio', identities: ids } })), [
    `invalid value: fulcio: ${k}.url`,
  ]);
  assert.deepEqual(problemsOf(withAuthority({ keyless: {} })), [
    `${k}.identities: Invalid value: "null": ${k}.identities in body must be of type array (at least one identity is required)`,
  ]);
  assert.deepEqual(problemsOf(withAuthority({ keyless: { identities: [] } })), [`missing field(s): ${k}.identities`]);
  assert.deepEqual(problemsOf(withAuthority({ keyless: { identities: 'x' } })), [
    `${k}.identities: Invalid value: "string": must be of type array`,
  ]);
});

test('identities: exactly one of exact and regexp for issuer and for subject', () => {
  const p = `${a0}.keyless.identities[0]`;
  const ids = (id: unknown) => problemsOf(withAuthority({ keyless: { identities: [id] } }));
  assert.deepEqual(ids({ subject: 's' }), [`missing field(s): ${p}.issuer, ${p}.issuerRegExp`]);
  assert.deepEqual(ids({ issuer: 'i', subject: '' }), [`missing field(s): ${p}.subject, ${p}.subjectRegExp`]);
  assert.deepEqual(ids({ issuer: 'i', issuerRegExp: '.*', subject: 's' }), [
    `expected exactly one, got both: ${p}.issuer, ${p}.issuerRegExp`,
  ]);
  assert.deepEqual(ids({ issuer: 'i', subject: 's', subjectRegExp: 's' }), [
    `expected exactly one, got both: ${p}.subject, ${p}.subjectRegExp`,
  ]);
  const bad = ids({ issuer: 'i', subjectRegExp: '(' });
  assert.equal(bad.length, 1);
  assert.match(bad[0]!, new RegExp(`^invalid value: \\(: ${p.replace(/[[\]]/g, '\\$&')}\\.subjectRegExp \\(.+\\)$`));
  assert.deepEqual(
    authorityOf({ keyless: { identities: [{ issuerRegExp: '^https://i$', subjectRegExp: '.+@example\\.com' }] } })
      .keyless!.identities,
    [{ issuerRegExp: '^https://i$', subjectRegExp: '.+@example\\.com' }],
  );
});

test('source: one only, an OCI repository with an explicit registry, and named pull secrets', () => {
  const k = { static: undefined, keyless: { identities: [{ issuer: 'i', subject: 's' }] } };
  const s = `${a0}.source`;
  assert.deepEqual(
    authorityOf({ ...k, source: [{ oci: 'ghcr.io/a/sigs', tagPrefix: 'v', signaturePullSecrets: [{ name: 'ps' }] }] })
      .source,
    [{ oci: 'ghcr.io/a/sigs', tagPrefix: 'v', signaturePullSecrets: [{ name: 'ps' }] }],
  );
  assert.deepEqual(authorityOf({ ...k, source: [{ oci: 'localhost:5000/sigs' }] }).source, [
    { oci: 'localhost:5000/sigs', signaturePullSecrets: [] },
  ]);
  assert.deepEqual(authorityOf({ ...k, source: [{}] }).source, [{ signaturePullSecrets: [] }]);
  assert.deepEqual(problemsOf(withAuthority({ ...k, source: [{}, {}] })), [`only single source is supported: ${s}`]);
  assert.deepEqual(problemsOf(withAuthority({ ...k, source: [{ oci: 'busybox/sigs' }] })), [
    `invalid value: busybox/sigs: ${s}[0].oci (strict validation requires the registry to be specified)`,
  ]);
  assert.deepEqual(problemsOf(withAuthority({ ...k, source: [{ oci: 'sigs' }] })), [
    `invalid value: sigs: ${s}[0].oci (strict validation requires the registry to be specified)`,
  ]);
  assert.deepEqual(problemsOf(withAuthority({ ...k, source: [{ oci: 'index.docker.io/sigs' }] })), [
    `invalid value: index.docker.io/sigs: ${s}[0].oci (strict validation requires the full repository path (missing 'library'))`,
  ]);
  assert.equal(problemsOf(withAuthority({ ...k, source: [{ oci: 'ghcr.io/a/sigs:tag' }] })).length, 1);
  assert.deepEqual(problemsOf(withAuthority({ ...k, source: [{ signaturePullSecrets: [{}] }] })), [
    `missing field(s): ${s}[0].signaturePullSecrets[0].name`,
  ]);
});

test('attestations: a name and a predicate type each; a non-URI type is only a warning', () => {
  const k = { keyless: { identities: [{ issuer: 'i', subject: 's' }] } };
  const p = `${a0}.attestations[0]`;
  assert.deepEqual(
    authorityOf({ ...k, attestations: [{ name: 'a', predicateType: 'https://slsa.dev/provenance/v1' }] }).attestations,
    [{ name: 'a', predicateType: 'https://slsa.dev/provenance/v1' }],
  );
  assert.deepEqual(problemsOf(withAuthority({ ...k, attestations: [{}] })), [
    `missing field(s): ${p}.name`,
    `missing field(s): ${p}.predicateType`,
  ]);
  const custom = validateClusterImagePolicy(
    withAuthority({ ...k, attestations: [{ name: 'a', predicateType: 'custom' }] }),
  );
  assert.deepEqual(custom.problems, []);
  assert.deepEqual(custom.warnings, [
    `deprecated value, please use RFC 3986 conformant values: ${p}.predicateType (custom)`,
  ]);
  for (const predicateType of ['/abs/path', 'urn:x', 'cosign.sigstore.dev:x']) {
    assert.deepEqual(
      validateClusterImagePolicy(withAuthority({ ...k, attestations: [{ name: 'a', predicateType }] })).warnings,
      [],
      predicateType,
    );
  }
});

test('the required-authorities annotation: a whole number from 1 to the number of authorities', () => {
  const two = spec({ authorities: [{ static: { action: 'pass' } }, { static: { action: 'pass' } }] });
  const annotated = (raw: string) =>
    validateClusterImagePolicy(cip(two, { name: 'p', annotations: { [REQUIRED_AUTHORITIES_ANNOTATION]: raw } }));
  assert.equal(annotated('2').policy!.requiredAuthorities, 2);
  assert.equal(annotated(' 1 ').policy!.requiredAuthorities, 1);
  const path = `metadata.annotations.${REQUIRED_AUTHORITIES_ANNOTATION}`;
  for (const raw of ['0', '3', '01', '1.5', '-1', 'two', '', '99999999999999999999']) {
    assert.deepEqual(
      annotated(raw).problems,
      [`invalid value: ${raw}: ${path} (must be a whole number from 1 to the number of authorities (2))`],
      raw,
    );
  }
});

test('a value of the wrong type is refused naming its own field, and nothing is kept', () => {
  const ids = [{ issuer: 'i', subject: 's' }];
  const type = (path: string, got: string, want: string) => `${path}: Invalid value: "${got}": must be of type ${want}`;
  const cases: [unknown, string][] = [
    [{ ...cip(spec()), apiVersion: 1 }, type('apiVersion', 'integer', 'string')],
    [cip('x'), type('spec', 'string', 'object')],
    [withAuthority({ name: 1, static: { action: 'pass' } }), type(`${a0}.name`, 'integer', 'string')],
    [withAuthority({ keyless: { identities: ids }, ctlog: { url: 1 } }), type(`${a0}.ctlog.url`, 'integer', 'string')],
    [
      withAuthority({ keyless: { identities: ids }, ctlog: { trustRootRef: 1 } }),
      type(`${a0}.ctlog.trustRootRef`, 'integer', 'string'),
    ],
    [
      withAuthority({ keyless: { identities: ids }, signatureFormat: true }),
      type(`${a0}.signatureFormat`, 'boolean', 'string'),
    ],
    [withAuthority({ key: { kms: 'awskms:///k', secretRef: 'x' } }), type(`${a0}.key.secretRef`, 'string', 'object')],
    [
      withAuthority({ key: { kms: 'awskms:///k', hashAlgorithm: 256 } }),
      type(`${a0}.key.hashAlgorithm`, 'integer', 'string'),
    ],
    [withAuthority({ key: 'x' }), type(`${a0}.key`, 'string', 'object')],
    [withAuthority({ keyless: 'x' }), type(`${a0}.keyless`, 'string', 'object')],
    [
      withAuthority({ keyless: { identities: ids, insecureIgnoreSCT: 'yes' } }),
      type(`${a0}.keyless.insecureIgnoreSCT`, 'string', 'boolean'),
    ],
    [
      withAuthority({ keyless: { identities: ids, 'ca-cert': 'x' } }),
      type(`${a0}.keyless.ca-cert`, 'string', 'object'),
    ],
    [withAuthority({ static: { action: 'pass', message: 1 } }), type(`${a0}.static.message`, 'integer', 'string')],
    [
      withAuthority({ keyless: { identities: ids }, source: [{ oci: 1 }] }),
      type(`${a0}.source[0].oci`, 'integer', 'string'),
    ],
    [
      withAuthority({ keyless: { identities: ids }, source: [{ tagPrefix: 1 }] }),
      type(`${a0}.source[0].tagPrefix`, 'integer', 'string'),
    ],
    [cip(spec({ match: [{ resource: 'pods', version: 1 }] })), type('spec.match[0].version', 'integer', 'string')],
    [
      cip(spec({ match: [{ resource: 'pods', version: 'v1', group: 1 }] })),
      type('spec.match[0].group', 'integer', 'string'),
    ],
  ];
  const kl = { keyless: { identities: ids } };
  const src = `${a0}.source[0]`;
  cases.push(
    [withAuthority({ ...kl, ctlog: 'x' }), type(`${a0}.ctlog`, 'string', 'object')],
    [withAuthority({ ...kl, rfc3161timestamp: 'x' }), type(`${a0}.rfc3161timestamp`, 'string', 'object')],
    [
      withAuthority({ ...kl, rfc3161timestamp: { trustRootRef: 1 } }),
      type(`${a0}.rfc3161timestamp.trustRootRef`, 'integer', 'string'),
    ],
    [withAuthority({ key: { data: 1, kms: 'awskms:///k' } }), type(`${a0}.key.data`, 'integer', 'string')],
    [withAuthority({ key: { data: pem('ecdsa-p256.pub.pem'), kms: 1 } }), type(`${a0}.key.kms`, 'integer', 'string')],
    [withAuthority({ key: { secretRef: { name: 1 } } }), type(`${a0}.key.secretRef.name`, 'integer', 'string')],
    [
      withAuthority({ key: { secretRef: { name: 's', namespace: 1 } } }),
      type(`${a0}.key.secretRef.namespace`, 'integer', 'string'),
    ],
    [withAuthority({ keyless: { identities: ids, url: 1 } }), type(`${a0}.keyless.url`, 'integer', 'string')],
    [
      withAuthority({ ...kl, source: [{ signaturePullSecrets: 'x' }] }),
      type(`${src}.signaturePullSecrets`, 'string', 'array'),
    ],
    [
      withAuthority({ ...kl, source: [{ signaturePullSecrets: ['x'] }] }),
      type(`${src}.signaturePullSecrets[0]`, 'string', 'object'),
    ],
    [
      withAuthority({ ...kl, source: [{ signaturePullSecrets: [{ name: 1 }] }] }),
      type(`${src}.signaturePullSecrets[0].name`, 'integer', 'string'),
    ],
    [
      withAuthority({ ...kl, attestations: [{ name: 1, predicateType: 'https://x' }] }),
      type(`${a0}.attestations[0].name`, 'integer', 'string'),
    ],
    [
      withAuthority({ ...kl, attestations: [{ name: 'a', predicateType: 1 }] }),
      type(`${a0}.attestations[0].predicateType`, 'integer', 'string'),
    ],
    [cip(spec({ match: 'x' })), type('spec.match', 'string', 'array')],
  );
  assert.deepEqual(problemsOf(withAuthority({ ...kl, source: [{ signaturePullSecrets: [null] }] })), [
    `missing field(s): ${src}.signaturePullSecrets[0].name`,
  ]);
  assert.deepEqual(problemsOf(withAuthority({ keyless: { identities: null } })), [
    `${a0}.keyless.identities: Invalid value: "null": ${a0}.keyless.identities in body must be of type array (at least one identity is required)`,
  ]);
  for (const [doc, want] of cases) {
    const result = validateClusterImagePolicy(doc);
    assert.equal(result.problems[0], want);
    assert.equal(result.policy, undefined, want);
  }
  const resource = problemsOf(cip(spec({ match: [{ resource: 1 }] })));
  assert.deepEqual(resource, [
    type('spec.match[0].resource', 'integer', 'string'),
    'invalid value: : spec.match[0].resource',
  ]);
  const expr = (x: unknown) =>
    problemsOf(cip(spec({ match: [{ resource: 'pods', version: 'v1', selector: { matchExpressions: [x] } }] })));
  const e = 'spec.match[0].selector.matchExpressions[0]';
  assert.deepEqual(expr({ key: 1, operator: 'Exists' }), [
    type(`${e}.key`, 'integer', 'string'),
    `missing field(s): ${e}.key`,
  ]);
  assert.deepEqual(expr({ key: 'a', operator: 1 }), [
    type(`${e}.operator`, 'integer', 'string'),
    `invalid value: : ${e}.operator`,
  ]);
});

test('only fields that were given are set on the defaulted policy', () => {
  const ok = validateClusterImagePolicy(cip(spec()));
  assert.equal(Object.hasOwn(ok.policy!, 'requiredAuthorities'), false);
  assert.equal(Object.hasOwn(ok.policy!, 'policy'), false);
  const refused = validateClusterImagePolicy(cip(spec({ mode: 'x' })));
  assert.equal(Object.hasOwn(refused, 'policy'), false);
  const ca = authorityOf({ keyless: { 'ca-cert': { data: CERT }, identities: [{ issuer: 'i', subject: 's' }] } });
  assert.deepEqual(Object.keys(ca.keyless!).sort(), ['caCert', 'identities', 'insecureIgnoreSCT']);
  const nullCa = authorityOf({ keyless: { 'ca-cert': null, identities: [{ issuer: 'i', subject: 's' }] } });
  assert.deepEqual(Object.keys(nullCa.keyless!).sort(), ['identities', 'insecureIgnoreSCT', 'url']);
  assert.equal(nullCa.keyless!.url, DEFAULT_KEYLESS_URL);
});

test('edge cases of the registry, predicate type and required-authorities checks', () => {
  const k = { keyless: { identities: [{ issuer: 'i', subject: 's' }] } };
  assert.deepEqual(problemsOf(withAuthority({ ...k, source: [{ oci: 'busybox/a.b' }] })), [
    `invalid value: busybox/a.b: ${a0}.source[0].oci (strict validation requires the registry to be specified)`,
  ]);
  const warned = validateClusterImagePolicy(
    withAuthority({ ...k, attestations: [{ name: 'a', predicateType: '1abc:x' }] }),
  );
  assert.equal(warned.warnings.length, 1);
  const ten = Array.from({ length: 10 }, () => ({ static: { action: 'pass' } }));
  const annotations = { [REQUIRED_AUTHORITIES_ANNOTATION]: '10' };
  const all = validateClusterImagePolicy(cip(spec({ authorities: ten }), { name: 'p', annotations }));
  assert.equal(all.policy!.requiredAuthorities, 10);
  const shortKey = problemsOf(withAuthority({ key: { data: '\n  not a key\n' } }));
  assert.equal(shortKey.length, 1);
  assert.ok(shortKey[0]!.startsWith(`invalid value: not a key: ${a0}.key.data (`), shortKey[0]);
});
