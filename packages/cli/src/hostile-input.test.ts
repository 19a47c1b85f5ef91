// Hostile documents through every CLI input path (issue 11 items 3, 4 and 7): YAML alias
// bombs, aliases across documents, oversized YAML and documents nested 100,000 levels deep
// are exit 2 with a message naming the file and document, never `internal error` or a stack
// trace; eval-predicate requires the in-toto payloadType as verify-image does.
// Runs the CLI's main() in-process on the in-repo samples (packages/sigguard/samples).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PolicyError } from '@sigguard/policy';
import { verifyImage } from 'sigguard';
import { main } from './main.ts';
import { sigguardSample as sample } from '@sigguard/test-vectors/support/locations';

const tmp = mkdtempSync(join(tmpdir(), 'sigguard-hostile-input-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, content: string) => {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
};

const IMAGE =
  'ghcr.io/sigstore-conformance/a-txt@sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf';
const BUNDLE = sample('a.txt.intoto.sigstore.json');
const policyText = readFileSync(sample('policy.yaml'), 'utf8');
const DEEP = 100_000;
const deepArray = `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`;
const aliasBomb = [
  'x0: &a [x,x,x,x,x,x,x,x,x]',
  'x1: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'x2: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'x3: [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
].join('\n');
const trustRootHead = 'apiVersion: policy.sigstore.dev/v1alpha1\nkind: TrustRoot\nmetadata: { name: hostile }\n';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function assertInputError(r: { code: number; out: string; err: string }, message: RegExp, what: string) {
  assert.equal(r.code, 2, `${what}: exit ${r.code}\n${r.out}\n${r.err}`);
  assert.match(r.err + r.out, message, what);
  assert.doesNotMatch(
    r.err + r.out,
    /internal error|ReferenceError|RangeError|\n\s+at .*:\d+:\d+/,
    `${what}: no crash`,
  );
}

test('verify-image --policy: alias bomb, cross-document alias, deep and oversized YAML name file and document', async () => {
  const cases: [string, string, RegExp][] = [
    [
      'bomb.yaml',
      `${policyText}---\n${aliasBomb}\n`,
      /bomb\.yaml: validation failed: YAML: YAML aliases expand past the limit of 100 .*\(in .*bomb\.yaml document 2\)/,
    ],
    [
      'cross.yaml',
      `${policyText}---\nx: &shared [1]\n---\ny: *shared\n`,
      /cross\.yaml[\s\S]*alias \*shared has no anchor earlier in the same document .*\(in .*cross\.yaml document 3\)/,
    ],
    [
      'deep.yaml',
      `${policyText}---\nx: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`,
      /--policy .*deep\.yaml: YAML document 2 is nested more than 1000 levels deep \(at line 26\)/,
    ],
    [
      'deep-block.yaml',
      `x: ${'['.repeat(1200)}${']'.repeat(1200)}\n`,
      /--policy .*deep-block\.yaml: YAML document 1 is nested more than 1000 levels deep \(at line 1\)/,
    ],
    [
      'huge.yaml',
      `# ${'x'.repeat(33 * 1024 * 1024)}\n`,
      /--policy .*huge\.yaml: YAML text is \d+ bytes, over the 33554432-byte limit/,
    ],
  ];
  for (const [name, text, message] of cases) {
    assertInputError(await run('verify-image', IMAGE, '--policy', file(name, text), '--bundle', BUNDLE), message, name);
  }
});

test('TrustRoot YAML: an alias bomb in --policy and in trust-root inspect names the document', async () => {
  const bomb = `${trustRootHead}spec:\n  sigstoreKeys: {}\n${aliasBomb.replace(/^/gm, '  ')}\n`;
  assertInputError(
    await run('verify-image', IMAGE, '--policy', file('tr-bomb.yaml', `${policyText}---\n${bomb}`), '--bundle', BUNDLE),
    /tr-bomb\.yaml[\s\S]*aliases expand past the limit .*document 2/,
    'TrustRoot in --policy',
  );
  assertInputError(
    await run('trust-root', 'inspect', file('tr-only.yaml', bomb)),
    /tr-only\.yaml document 1, line 1: invalid YAML: YAML aliases expand past the limit/,
    'trust-root inspect',
  );
  assertInputError(
    await run('trust-root', 'inspect', file('tr-cross.yaml', `a: &r 1\n---\n${trustRootHead}spec: *r\n`)),
    /tr-cross\.yaml document 2, line 2: invalid YAML: YAML alias \*r has no anchor/,
    'trust-root inspect, cross-document alias',
  );
});

test('the facade refuses a policy text with an alias bomb with a PolicyError, not a ReferenceError', async () => {
  await assert.rejects(
    verifyImage(IMAGE, {
      policies: `${policyText}---\n${aliasBomb}\n`,
      evidence: { bundles: [readFileSync(BUNDLE, 'utf8')] },
    }),
    (e: unknown) =>
      e instanceof PolicyError && /aliases expand past the limit.*options\.policies document 2/.test(e.message),
  );
});

test('documents nested 100,000 levels deep: eval-predicate, verify-image --bundle, --trusted-root, trust-root inspect', async () => {
  const statement = `{"_type":"https://in-toto.io/Statement/v1","subject":[],"predicateType":"https://slsa.dev/provenance/v1","predicate":${deepArray}}`;
  const envelope = JSON.stringify({
    payloadType: 'application/vnd.in-toto+json',
    payload: Buffer.from(statement).toString('base64'),
    signatures: [],
  });
  const bundle = JSON.stringify({ ...JSON.parse(readFileSync(BUNDLE, 'utf8')), x: 0 }).replace(
    '"x":0',
    `"x":${deepArray}`,
  );
  const root = `{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1","tlogs":${deepArray}}`;
  const cases: [string[], RegExp][] = [
    [
      ['eval-predicate', '--policy', sample('provenance.cue'), '--input', file('deep-statement.json', statement)],
      /--input .*deep-statement\.json: the document is nested more than 1000 levels deep \(at \$\.predicate\[0\]/,
    ],
    [
      ['eval-predicate', '--policy', sample('provenance.cue'), '--input', file('deep-envelope.json', envelope)],
      /unmarshaling in-toto statement is nested more than 1000 levels deep/,
    ],
    [
      ['verify-image', IMAGE, '--policy', sample('policy.yaml'), '--bundle', file('deep-bundle.json', bundle)],
      /--bundle .*deep-bundle\.json: the bundle is nested more than 1000 levels deep \(at \$\.x\[0\]/,
    ],
    [
      [
        'verify-image',
        IMAGE,
        '--policy',
        sample('policy.yaml'),
        '--bundle',
        BUNDLE,
        '--trusted-root',
        file('deep-root.json', root),
      ],
      /--trusted-root .*deep-root\.json: trusted root is nested more than 1000 levels deep/,
    ],
    [
      ['trust-root', 'inspect', join(tmp, 'deep-root.json')],
      /deep-root\.json: trusted root is nested more than 1000 levels deep/,
    ],
  ];
  for (const [argv, message] of cases) assertInputError(await run(...argv), message, argv.slice(0, 5).join(' '));
});

test('eval-predicate requires the in-toto payloadType of an envelope, bare or in a bundle', async () => {
  const bundle = JSON.parse(readFileSync(BUNDLE, 'utf8'));
  const envelope = bundle.dsseEnvelope;
  const cases: [string, unknown, RegExp][] = [
    [
      'no-type.json',
      { payload: envelope.payload, signatures: envelope.signatures },
      /the DSSE envelope has no payloadType \(an attestation needs application\/vnd\.in-toto\+json\)/,
    ],
    [
      'other-type.json',
      { ...envelope, payloadType: 'text/plain' },
      /DSSE payload type is "text\/plain", not application\/vnd\.in-toto\+json/,
    ],
    [
      'bundle-type.json',
      { ...bundle, dsseEnvelope: { ...envelope, payloadType: 'application/json' } },
      /DSSE payload type is "application\/json"/,
    ],
  ];
  for (const [name, doc, message] of cases) {
    assertInputError(
      await run('eval-predicate', '--policy', sample('provenance.cue'), '--input', file(name, JSON.stringify(doc))),
      message,
      name,
    );
  }
  // The sample itself (payloadType in-toto) is evaluated: pass or fail, not an input error.
  const ok = await run('eval-predicate', '--policy', sample('provenance.cue'), '--input', BUNDLE);
  assert.ok(ok.code === 0 || ok.code === 1, `${ok.code}: ${ok.out}${ok.err}`);
  assert.doesNotMatch(ok.err + ok.out, /payloadType|payload type/);
});
