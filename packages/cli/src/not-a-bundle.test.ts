// A --bundle file that is valid JSON but no usable Sigstore bundle is an input error (exit 2)
// naming the file, in every subcommand that reads bundles; verifyImage() refuses it by index.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { verifyImage, VerifyImageError } from 'sigguard';
import { runCliInProcess } from '../test/support/run-cli-in-process.ts';
import { sigguardSample as sample } from '@sigguard/test-vectors/support/locations';

const IMAGE =
  'ghcr.io/sigstore-conformance/a-txt@sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf';
const tmp = mkdtempSync(join(tmpdir(), 'sigguard-not-a-bundle-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const NOT_BUNDLES: Record<string, unknown> = {
  'plain-object.json': { hello: 'world' },
  'array.json': [1, 2, 3],
  'bundle-media-type-only.json': { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' },
  'both-contents.json': {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    messageSignature: {},
    dsseEnvelope: {},
  },
};

const run = async (...argv: string[]) => {
  const r = await runCliInProcess(argv);
  return { code: r.code, out: r.stdout, err: r.stderr };
};

for (const [name, doc] of Object.entries(NOT_BUNDLES)) {
  const file = join(tmp, name);
  writeFileSync(file, JSON.stringify(doc));

  test(`${name}: verify-image and verify-bundle exit 2 naming the file`, async () => {
    // Next to a good attestation that would admit the image on its own: the bad file still stops the run.
    const image = await run(
      'verify-image',
      IMAGE,
      '--policy',
      sample('policy.yaml'),
      '--bundle',
      sample('a.txt.intoto.sigstore.json'),
      '--bundle',
      file,
    );
    assert.equal(image.code, 2, image.out + image.err);
    assert.ok(image.err.includes(`--bundle ${file}`), image.err);
    assert.match(image.err, /not a (usable )?Sigstore bundle/);
    assert.equal(image.out, '');

    const bundle = await run(
      'verify-bundle',
      '--bundle',
      file,
      '--certificate-identity',
      'x',
      '--certificate-oidc-issuer',
      'y',
      sample('a.txt'),
    );
    assert.equal(bundle.code, 2, bundle.out + bundle.err);
    assert.ok(bundle.err.includes(`--bundle ${file}`), bundle.err);
    assert.equal(bundle.out, '');
  });

  test(`${name}: verifyImage() refuses it as an input error naming the bundle`, async () => {
    await assert.rejects(
      verifyImage(IMAGE, { policies: '', evidence: { bundles: [JSON.stringify(doc)] } }),
      (e: unknown) =>
        e instanceof VerifyImageError &&
        e.code === 'INPUT_INVALID' &&
        /^bundle #1 is not a (usable )?Sigstore bundle/.test(e.message),
    );
  });
}
