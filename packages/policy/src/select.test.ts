import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { selectPolicies, guessResource, matchesSelector } from './select.ts';
import { parseImageRef } from './reference.ts';
import type { MatchResource } from './types.ts';
import { readShared, readSharedJson, skipWithoutShared } from './testdata/shared.ts';

interface MatchVector {
  image: string;
  kind: string;
  apiVersion: string;
  labels: Record<string, string>;
  wantPolicies?: string[];
  wantIncludes?: string[];
  wantCount?: number;
}

// The vectors use policy-controller's compiled ConfigMap form; selection needs only name, images, match.
function compiledPolicies() {
  const configMap = parse(readShared('pkg/apis/config/testdata/config-image-policies.yaml'));
  const entries = parse(configMap.data._example) as Record<string, string>;
  return Object.entries(entries).map(([name, body]) => {
    const cip = parse(body) as { images: { glob: string }[]; match?: Partial<MatchResource>[] };
    const match = (cip.match ?? []).map((m) => ({
      group: m.group ?? '',
      version: m.version ?? '',
      resource: m.resource ?? '',
      ...(m.selector ? { selector: m.selector } : {}),
    }));
    return { name, images: cip.images.map((i) => ({ glob: i.glob })), match };
  });
}

test('GetMatchingPolicies vectors (config-image-policies.yaml _example)', { skip: skipWithoutShared }, () => {
  const policies = compiledPolicies();
  assert.ok(policies.length >= 12);
  const { vectors } = readSharedJson<{ vectors: MatchVector[] }>('_extracted/get_matching_policies_vectors.json');
  assert.equal(vectors.length, 13);
  for (const v of vectors) {
    assert.ok(
      v.wantPolicies || v.wantIncludes?.length || v.wantCount !== undefined,
      `${v.image}: a vector without an expectation`,
    );
    const resource = { kind: v.kind, apiVersion: v.apiVersion, metadata: { labels: v.labels } };
    // Upstream's test hands GetMatchingPolicies the raw string (glob.Match's fallback applies).
    const got = selectPolicies(v.image, policies, resource);
    assert.deepEqual(got.errors, []);
    const names = got.matched.map((p) => p.name).sort();
    const what = `${v.image} ${v.kind} ${v.apiVersion}: got ${names.join(',')}`;
    if (v.wantPolicies) assert.deepEqual(names, [...v.wantPolicies].sort(), what);
    for (const n of v.wantIncludes ?? []) assert.ok(names.includes(n), what);
    if (v.wantCount !== undefined) assert.equal(names.length, v.wantCount, what);
  }
});

test('kind to resource guess and label selectors', () => {
  assert.equal(guessResource('Pod'), 'pods');
  assert.equal(guessResource('Deployment'), 'deployments');
  assert.equal(guessResource('CronJob'), 'cronjobs');
  assert.equal(guessResource('Ingress'), 'ingresses');
  assert.equal(guessResource('NetworkPolicy'), 'networkpolicies');
  const sel = {
    matchLabels: { app: 'web' },
    matchExpressions: [
      { key: 'tier', operator: 'In' as const, values: ['a', 'b'] },
      { key: 'skip', operator: 'DoesNotExist' as const, values: [] },
    ],
  };
  assert.equal(matchesSelector(sel, { app: 'web', tier: 'a' }), true);
  assert.equal(matchesSelector(sel, { app: 'web', tier: 'c' }), false);
  assert.equal(matchesSelector(sel, { app: 'web', tier: 'a', skip: '' }), false);
  assert.equal(matchesSelector(sel, { tier: 'a' }), false);
});

test('policies with spec.match apply (with a warning) when no resource is given', () => {
  const policies = [
    { name: 'deploys', images: [{ glob: '**' }], match: [{ group: 'apps', version: 'v1', resource: 'deployments' }] },
  ];
  const got = selectPolicies(parseImageRef('ghcr.io/a/b'), policies, undefined);
  assert.deepEqual(
    got.matched.map((p) => p.name),
    ['deploys'],
  );
  assert.match(got.warnings[0]!, /spec\.match but no resource/);
  const pod = selectPolicies(parseImageRef('ghcr.io/a/b'), policies, { kind: 'Pod', apiVersion: 'v1' });
  assert.deepEqual(pod.matched, []);
  const deploy = selectPolicies(parseImageRef('ghcr.io/a/b'), policies, { kind: 'Deployment', apiVersion: 'apps/v1' });
  assert.equal(deploy.matched.length, 1);
});

test('admission matches globs on ref.Name() only: Docker Hub hosts, localhost as ggcr names them', () => {
  const D = `sha256:${'c'.repeat(64)}`;
  const policy = (glob: string) => ({ name: glob, images: [{ glob }], match: [] });
  const cases: [glob: string, image: string, matches: boolean][] = [
    ['registry-1.docker.io/**', `registry-1.docker.io/org/app@${D}`, true],
    ['index.docker.io/**', `registry-1.docker.io/org/app@${D}`, false],
    ['index.docker.io/**', `docker.io/org/app@${D}`, true],
    ['index.docker.io/library/*', 'nginx', true],
    ['localhost/**', 'localhost/app', false], // glob.Match's raw-string fallback would say true
    ['index.docker.io/localhost/**', 'localhost/app', true],
    ['localhost:5000/**', `localhost:5000/app@${D}`, true],
    ['rando', 'rando', false], // ref.Name() is index.docker.io/library/rando:latest
  ];
  for (const [glob, image, want] of cases) {
    const got = selectPolicies(parseImageRef(image), [policy(glob)], undefined);
    assert.deepEqual(got.errors, []);
    assert.equal(got.matched.length === 1, want, `${glob} vs ${image} (name ${parseImageRef(image).name})`);
  }
  // The same strings given as plain subjects keep glob.Match's fallback (upstream's unit tests).
  assert.equal(selectPolicies('localhost/app', [policy('localhost/**')], undefined).matched.length, 1);
});
