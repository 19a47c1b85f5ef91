// How the CLI writes, as a peer of docker/cosign/kubectl would: `--version`; colours only on a
// terminal and never with NO_COLOR (the terminal is real: util-linux `script` gives the CLI a
// pty); each subcommand's decision on stdout and its diagnostics on stderr.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from './support/run-sigguard-cli.ts';
import { sigguardSample as sample } from '@sigguard/test-vectors/support/locations';

const BIN = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const IMAGE =
  'ghcr.io/sigstore-conformance/a-txt@sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf';
const DENIED = ['verify-image', IMAGE, '--policy', sample('policy.yaml'), '--bundle', sample('a.txt.sigstore.json')];
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts an ANSI colour code
const ANSI = /\x1b\[/;
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** Runs the CLI on a pseudo-terminal; returns what the terminal showed. */
function onTerminal(args: string[], env: Record<string, string>): string {
  const command = [process.execPath, '--conditions=@sigguard/source', BIN, ...args].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('script', ['-qefc', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, ...env } });
  return r.stdout;
}

test('sigguard --version / -v', async () => {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  for (const flag of ['--version', '-v']) {
    const r = await runCli([flag]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `sigguard ${version}\n`);
    assert.equal(r.stderr, '');
  }
});

test('no ANSI escapes when piped or with NO_COLOR; colours on a terminal otherwise', {
  skip: !hasScript && 'util-linux script is not installed',
}, async () => {
  const piped = await runCli(DENIED);
  assert.equal(piped.code, 1);
  assert.doesNotMatch(piped.stdout + piped.stderr, ANSI);
  const env = { NO_COLOR: '' };
  assert.match(onTerminal(DENIED, env), ANSI, 'a terminal gets colours (so the checks below can fail)');
  assert.doesNotMatch(onTerminal(DENIED, { NO_COLOR: '1' }), ANSI);
  assert.match(onTerminal(DENIED, { NO_COLOR: '1' }), /DENIED/);
});

test('every subcommand: the decision on stdout, nothing on stderr; input errors on stderr only', async () => {
  const identity = [
    '--certificate-identity-regexp',
    '^https://github\\.com/sigstore-conformance/',
    '--certificate-oidc-issuer',
    'https://token.actions.githubusercontent.com',
  ];
  const decisions: [string[], number, RegExp][] = [
    [['verify-bundle', '--bundle', sample('a.txt.sigstore.json'), ...identity, sample('a.txt')], 0, /^verified: /],
    [
      ['verify-bundle', '--bundle', sample('a.txt.sigstore.json'), ...identity, sample('policy.yaml')],
      1,
      /^not verified: artifact check failed/,
    ],
    [
      ['verify-image', IMAGE, '--policy', sample('policy.yaml'), '--bundle', sample('a.txt.intoto.sigstore.json')],
      0,
      /^ALLOWED/,
    ],
    [DENIED, 1, /^DENIED/],
    [
      ['eval-predicate', '--policy', sample('provenance.cue'), '--input', sample('a.txt.intoto.sigstore.json')],
      0,
      /^PASS/,
    ],
    [['trust-root', 'inspect', 'public-good'], 0, /^trust root /],
  ];
  const errors = [
    ['verify-bundle', '--bundle', sample('policy.yaml'), ...identity, sample('a.txt')],
    ['verify-image', IMAGE, '--policy', sample('a.txt'), '--bundle', sample('a.txt.sigstore.json')],
    ['eval-predicate', '--policy', sample('provenance.cue'), '--input', sample('missing.json')],
    ['trust-root', 'inspect', sample('a.txt')],
  ];
  // Every command at once (separate processes, nothing shared); checked in order.
  const results = await Promise.all([
    ...decisions.map(([args]) => runCli(args)),
    ...errors.map((args) => runCli(args)),
  ]);
  for (const [i, [args, code, first]] of decisions.entries()) {
    const r = results[i]!;
    assert.equal(r.code, code, `${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, first, args.join(' '));
    assert.equal(r.stderr, '', `${args.join(' ')}: nothing on stderr`);
  }
  for (const [i, args] of errors.entries()) {
    const r = results[decisions.length + i]!;
    assert.equal(r.code, 2, `${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
    assert.equal(r.stdout, '', `${args.join(' ')}: nothing on stdout`);
    assert.match(r.stderr, /^sigguard /, args.join(' '));
  }
});
