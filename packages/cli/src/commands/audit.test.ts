// `sigguard audit` through main() with files the test Sigstore signed: exit 1 for a planted signer in bundle
// and layout modes, 0 when every signer is admitted, 2 for usage errors and an incomplete audit (a log that
// cannot be reached); --since parsing.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseImageReference } from '@sigguard/oci';
import { sharedTestSigstore, type TestSigstore } from '@sigguard/test-vectors';
import {
  LayoutWriter,
  pushImage,
  pushLegacy,
  type Pushed,
  bundleSignature,
  legacySignatureLayer,
  CI,
  keylessPolicy,
  MALLORY,
} from '@sigguard/test-vectors/support';
import { main } from '../main.ts';
import { parseSince, progressLine } from './audit.ts';

const REPO = 'registry.sigguard.test/acme/app';
let ts: TestSigstore;
let dir: string;
let root: string;
let image: Pushed;
let layout: string;
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const policy = (name: string, subjects: string[]) =>
  file(`${name}.yaml`, keylessPolicy(name, 'registry.sigguard.test/**', subjects));

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['audit', ...argv], { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

before(async () => {
  ts = await sharedTestSigstore();
  dir = mkdtempSync(join(tmpdir(), 'sigguard-audit-cli-'));
  root = file('trusted_root.json', JSON.stringify(ts.trustedRoot()));
  layout = join(dir, 'layout');
  const w = new LayoutWriter(layout);
  image = await pushImage(w, parseImageReference(REPO), 'cli', `${REPO}:v1`);
  await pushLegacy(w, parseImageReference(REPO), image.digest, 'sig', [
    await legacySignatureLayer(ts, REPO, image.digest, { signer: CI }),
    await legacySignatureLayer(ts, REPO, image.digest, { signer: MALLORY }),
  ]);
  file('ci.json', JSON.stringify((await bundleSignature(ts, image.digest, CI)).bundle));
  file('mallory.json', JSON.stringify((await bundleSignature(ts, image.digest, MALLORY)).bundle));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('bundle mode: exit 1 with the planted signer, 0 with the authorized one only', async () => {
  const ci = policy('ci', [CI.subject]);
  const ref = `${REPO}@${image.digest}`;
  const found = await cli([
    '--policy',
    ci,
    '--bundle',
    join(dir, 'ci.json'),
    '--bundle',
    join(dir, 'mallory.json'),
    '--image',
    ref,
    '--trusted-root',
    root,
    '--json',
  ]);
  assert.equal(found.code, 1, found.stderr);
  const report = JSON.parse(found.stdout);
  assert.deepEqual(
    report.findings.map((f: { signer: string }) => f.signer),
    [`certificate:${MALLORY.issuer} ${MALLORY.subject}`],
  );
  const clean = await cli(['--policy', ci, '--bundle', join(dir, 'ci.json'), '--image', ref, '--trusted-root', root]);
  assert.equal(clean.code, 0, clean.stderr + clean.stdout);
  assert.match(clean.stdout, /^ok\s+ci@example\.com/m);
});

test('layout mode: the layout full ref names are the images; exit 1, then 0 when a policy admits both', async () => {
  const found = await cli(['--policy', policy('ci', [CI.subject]), '--local-image', layout, '--trusted-root', root]);
  assert.equal(found.code, 1, found.stderr + found.stdout);
  assert.match(found.stdout, /^UNAUTHORIZED\s+mallory@evil\.example/m);
  const both = await cli([
    '--policy',
    policy('both', [CI.subject, MALLORY.subject]),
    '--local-image',
    layout,
    '--trusted-root',
    root,
  ]);
  assert.equal(both.code, 0, both.stderr + both.stdout);
});

test('an unreachable Rekor log: exit 2, the report says the audit is incomplete', async () => {
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const r = await cli([
    '--policy',
    policy('ci', [CI.subject]),
    '--rekor',
    `http://127.0.0.1:${port}`,
    '--image',
    `${REPO}@${image.digest}`,
    '--trusted-root',
    root,
  ]);
  assert.equal(r.code, 2, r.stderr + r.stdout);
  assert.match(r.stdout, /errors: the audit is incomplete/);
  assert.match(r.stderr, /sigguard audit: incomplete: 1 error/);
});

test('usage errors exit 2 and say what is wrong', async () => {
  const ci = policy('ci', [CI.subject]);
  const cases: [string[], RegExp][] = [
    [['--repository', 'r.test/a'], /at least one --policy/],
    [['--policy', ci], /give the evidence to audit/],
    [['--policy', ci, '--repository', 'r.test/a', '--local-image', layout], /one kind of evidence at a time/],
    [['--policy', ci, '--bundle', join(dir, 'ci.json')], /--bundle needs --image/],
    [['--policy', ci, '--local-image', layout, '--email', 'a@b.c'], /--email and --subject apply only with --rekor/],
    [['--policy', ci, '--local-image', layout, '--since', 'yesterday'], /--since "yesterday"/],
    [['--policy', ci, '--bundle', join(dir, 'ci.json'), '--image', `${REPO}:v1`], /has no digest/],
  ];
  for (const [argv, message] of cases) {
    const r = await cli(argv);
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stdout}`);
    assert.match(r.stderr + r.stdout, message, argv.join(' '));
  }
});

test('--since: a date, an RFC 3339 time, or a span back from now', () => {
  const now = new Date('2026-03-01T00:00:00Z');
  assert.equal(parseSince('30d', now).toISOString(), '2026-01-30T00:00:00.000Z');
  assert.equal(parseSince('12h', now).toISOString(), '2026-02-28T12:00:00.000Z');
  assert.equal(parseSince('2026-01-31').toISOString(), '2026-01-31T00:00:00.000Z');
  assert.equal(parseSince('2026-01-31T12:00:00+02:00').toISOString(), '2026-01-31T10:00:00.000Z');
  assert.throws(() => parseSince('2026-13-45'), /--since/);
});

test('progress: one line rewritten in place on a terminal, cut to its width, cleared at the end; nothing otherwise', () => {
  const written: string[] = [];
  const tty = { isTTY: true, columns: 40, write: (s: string) => written.push(s) > 0 };
  const line = progressLine(tty as never)!;
  line.update({ phase: 'verifying', done: 0, total: 2, current: `${REPO}@sha256:${'a'.repeat(64)}` });
  line.update({ phase: 'verifying', done: 2, total: 2 });
  line.clear();
  assert.equal(written[0], `\r\x1b[Kaudit: verifying 0/2 ${REPO}`.slice(0, 4 + 39));
  assert.equal(written[1], '\r\x1b[Kaudit: verifying 2/2');
  assert.equal(written[2], '\r\x1b[K');
  assert.equal(progressLine({ ...tty, isTTY: false } as never), undefined);
});
