// The Fulcio extension table against Fulcio's docs/oid-info.md (OID, field name as sigstore-go's
// certificate.Extensions spells it, raw or DER encoding): every arc found by its OID, no other.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  FULCIO_EXTENSION_NAMES,
  FULCIO_OID_PREFIX,
  SIGSTORE_OTHERNAME_OID,
  fulcioExtensionByOid,
} from './fulcio-extensions.ts';

// docs/oid-info.md: 1.1-1.6 raw UTF-8 (deprecated), 1.7 is the otherName SAN type, 1.8-1.22 DER UTF8String.
const OID_INFO: [number, string, 'raw' | 'der'][] = [
  [1, 'issuer', 'raw'],
  [2, 'githubWorkflowTrigger', 'raw'],
  [3, 'githubWorkflowSHA', 'raw'],
  [4, 'githubWorkflowName', 'raw'],
  [5, 'githubWorkflowRepository', 'raw'],
  [6, 'githubWorkflowRef', 'raw'],
  [8, 'issuer', 'der'],
  [9, 'buildSignerURI', 'der'],
  [10, 'buildSignerDigest', 'der'],
  [11, 'runnerEnvironment', 'der'],
  [12, 'sourceRepositoryURI', 'der'],
  [13, 'sourceRepositoryDigest', 'der'],
  [14, 'sourceRepositoryRef', 'der'],
  [15, 'sourceRepositoryIdentifier', 'der'],
  [16, 'sourceRepositoryOwnerURI', 'der'],
  [17, 'sourceRepositoryOwnerIdentifier', 'der'],
  [18, 'buildConfigURI', 'der'],
  [19, 'buildConfigDigest', 'der'],
  [20, 'buildTrigger', 'der'],
  [21, 'runInvocationURI', 'der'],
  [22, 'sourceRepositoryVisibilityAtSigning', 'der'],
];

test('every Fulcio extension is found by its OID with its field name and encoding', () => {
  assert.equal(FULCIO_OID_PREFIX, '1.3.6.1.4.1.57264.1.');
  for (const [arc, name, encoding] of OID_INFO) {
    const oid = `1.3.6.1.4.1.57264.1.${arc}`;
    assert.deepEqual(fulcioExtensionByOid(oid), { oid, name, encoding }, oid);
  }
  assert.deepEqual([...FULCIO_EXTENSION_NAMES].sort(), [...new Set(OID_INFO.map(([, n]) => n))].sort());
});

test('other OIDs are not Fulcio extensions we read', () => {
  assert.equal(SIGSTORE_OTHERNAME_OID, '1.3.6.1.4.1.57264.1.7');
  for (const oid of [
    SIGSTORE_OTHERNAME_OID,
    '1.3.6.1.4.1.57264.1.23',
    '1.3.6.1.4.1.57264.1.',
    '1.3.6.1.4.1.57264.1.1.1',
    '1.3.6.1.4.1.57264.1.08',
    '2.5.29.17',
    '',
  ]) {
    assert.equal(fulcioExtensionByOid(oid), undefined, oid);
  }
});
