import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatImageReference,
  parseImageReference,
  parseRepositoryName,
  unfetchableRepositoryProblem,
} from './reference.ts';
import { OciError } from './errors.ts';

const D = `sha256:${'a'.repeat(64)}`;

// input -> ggcr v0.21.3 ParseReference(input).Name() (and so what is matched and fetched).
// Rows from go-containerregistry pkg/name/{ref,tag,digest,repository}_test.go and its rules.
const NAMES: [string, string][] = [
  // Docker Hub: only no registry and `docker.io` become index.docker.io; library/ only there.
  ['ubuntu', 'index.docker.io/library/ubuntu:latest'],
  ['library/ubuntu', 'index.docker.io/library/ubuntu:latest'],
  ['docker.io/org/app:1.0', 'index.docker.io/org/app:1.0'],
  ['docker.io/nginx', 'index.docker.io/library/nginx:latest'],
  ['index.docker.io/nginx', 'index.docker.io/library/nginx:latest'],
  ['registry-1.docker.io/nginx', 'registry-1.docker.io/nginx:latest'],
  ['registry-1.docker.io/library/nginx:1', 'registry-1.docker.io/library/nginx:1'],
  ['namespace/pathcomponent/image', 'index.docker.io/namespace/pathcomponent/image:latest'],
  // A first component is a registry only with '.' or ':' (no localhost rule in v0.21.3).
  ['localhost/app', 'index.docker.io/localhost/app:latest'],
  ['localhost:5000/app', 'localhost:5000/app:latest'],
  ['www.example.test:12345/repo/path', 'www.example.test:12345/repo/path:latest'],
  ['domain.with.port:9001/image:latest', 'domain.with.port:9001/image:latest'],
  ['gcr.io/project-id/implicit-latest', 'gcr.io/project-id/implicit-latest:latest'],
  ['gcr.io/google.com/project-id/hello-world', 'gcr.io/google.com/project-id/hello-world:latest'],
  ['ghcr.io:443/foo', 'ghcr.io:443/foo:latest'],
  ['[::1]:5000/app', '[::1]:5000/app:latest'],
  // Upper case: allowed in a registry (kept as written) and a tag, not in a repository.
  ['GHCR.io/org/app', 'GHCR.io/org/app:latest'],
  ['gcr.io/project-id/image:w1th-alpha_num3ric.PLUScaps', 'gcr.io/project-id/image:w1th-alpha_num3ric.PLUScaps'],
  // Digests: the tag in repo:tag@digest is dropped.
  [`nginx@${D}`, `index.docker.io/library/nginx@${D}`],
  [`nginx:latest@${D}`, `index.docker.io/library/nginx@${D}`],
  [`example.text:8443/foo/bar:latest@${D}`, `example.text:8443/foo/bar@${D}`],
  [`127.0.0.1:5000/a/b:v1@${D}`, `127.0.0.1:5000/a/b@${D}`],
  [`localhost/app@${D}`, `index.docker.io/localhost/app@${D}`],
  // ggcr checks characters, not path-component grammar (weak validation).
  ['gcr.io/a//b', 'gcr.io/a//b:latest'],
];

const INVALID: [string, RegExp][] = [
  ['', /empty/],
  ['white space', /repository/],
  ['b@char/image', /digest|'@'/],
  ['Ubuntu/App', /repository 'Ubuntu\/App'/],
  ['library/ubuntu:', /tag name after the colon/],
  ["gcr.io/project-id/bad_chars:c@n'tuse", /digest|'@'/],
  [`gcr.io/project-id/too-many-chars:${'t'.repeat(129)}`, /tag/],
  ['gcr.io/project-id/unknown-alg@unknown:abc123', /unsupported digest algorithm/],
  ['gcr.io/project-id/wrong-length@sha256:d34db33fd34db33f', /64 lowercase hex/],
  ['gcr.io/project-id/missing-digest@', /unsupported digest algorithm/],
  [`repo@sha256:${':'.repeat(64)}`, /64 lowercase hex/],
  [`repo@sha256:${'sh'.repeat(32)}`, /64 lowercase hex/],
  [`repo@sha256:${'A'.repeat(64)}`, /64 lowercase hex/],
  [`repo@${D}@${D}`, /exactly one '@'/],
  [`library/nginx:@${D}`, /repository/],
  ['gcr?com/app', /repository/], // no '.' or ':' => all repository, and '?' is not allowed there
  ['gcr.io?x/app', /registry 'gcr.io\?x'/],
  ['gcr.io:port/app', /registry 'gcr.io:port'/],
  ['a%41.io/app', /registry/],
  ['ghcr.io/x', /2-255 characters/], // v0.21.3: at least 2 characters
  [`ghcr.io/${'a'.repeat(256)}`, /2-255 characters/],
];

test('ParseReference names: go-containerregistry v0.21.3 table', () => {
  for (const [input, name] of NAMES) assert.equal(formatImageReference(parseImageReference(input)), name, input);
});

test('parsed parts: registry as written, library/ only on index.docker.io, default tag latest', () => {
  const hub = 'index.docker.io';
  assert.deepEqual(parseImageReference('ubuntu'), { registry: hub, repository: 'library/ubuntu', tag: 'latest' });
  assert.deepEqual(parseImageReference('registry-1.docker.io/nginx'), {
    registry: 'registry-1.docker.io',
    repository: 'nginx',
    tag: 'latest',
  });
  assert.deepEqual(parseImageReference('localhost/app'), { registry: hub, repository: 'localhost/app', tag: 'latest' });
  const local = '127.0.0.1:5000';
  assert.deepEqual(parseImageReference(`${local}/a/b:v1@${D}`), { registry: local, repository: 'a/b', digest: D });
  assert.deepEqual(parseRepositoryName('docker.io/nginx'), { registry: hub, repository: 'library/nginx' });
});

test('invalid references are refused with the reason', () => {
  for (const [input, why] of INVALID) {
    assert.throws(
      () => parseImageReference(input),
      (e: unknown) => e instanceof OciError && e.code === 'REFERENCE_INVALID' && why.test(e.message),
      input,
    );
  }
});

test('names ggcr accepts but a URL would rewrite are flagged as unfetchable', () => {
  assert.match(unfetchableRepositoryProblem(parseImageReference('gcr.io/a/../b')) ?? '', /'\.\.' path component/);
  assert.match(unfetchableRepositoryProblem(parseImageReference('gcr.io/a//b')) ?? '', /'' path component/);
  assert.equal(unfetchableRepositoryProblem(parseImageReference('gcr.io/a.b/c_d')), undefined);
});

test('a remembered parse is handed out as a copy: editing one result does not change the next', () => {
  const ref = `ghcr.io/acme/app@sha256:${'ab'.repeat(32)}`;
  const first = parseImageReference(ref);
  first.repository = 'edited';
  assert.deepEqual(parseImageReference(ref), {
    registry: 'ghcr.io',
    repository: 'acme/app',
    digest: `sha256:${'ab'.repeat(32)}`,
  });
  assert.throws(() => parseImageReference('ghcr.io/acme/app@sha256:short'), /not sha256/);
  assert.throws(() => parseImageReference('ghcr.io/acme/app@sha256:short'), /not sha256/);
});
