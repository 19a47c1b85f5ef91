// How the CLI writes, as a peer of docker/cosign/kubectl would: `--version`; colours only on a
// terminal and never with NO_COLOR (the terminal is real: util-linux `script` gives the CLI a
// pty); each subcommand's decision on stdout and its diagnostics on stderr.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runCliInProcess } from './support/run-cli-in-process.ts';
import { BIN, type CliResult, runCli } from './support/run-sigguard-cli.ts';
import { sigguardSample as sample } from '@sigguard/test-vectors/support/locations';

const IMAGE =
  'ghcr.io/sigstore-conformance/a-txt@sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf';
const DENIED = ['verify-image', IMAGE, '--policy', sample('policy.yaml'), '--bundle', sample('a.txt.sigstore.json')];
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts an ANSI colour code
const ANSI = /\x1b\[/;
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** Runs the CLI on a pseudo-terminal; returns what the terminal showed. */
function onTerminal(args: string[], env: Record<string, string>): string {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('script', ['-qefc', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, ...env } });
  return r.stdout;
}

test('sigguard --version / -v', async () => {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  // The bin's wiring once (real process); -v is the same branch of main(), asserted equal through it.
  const real = await runCli(['--version']);
  assert.equal(real.code, 0);
  assert.equal(real.stdout, `sigguard ${version}\n`);
  assert.equal(real.stderr, '');
  const short = await runCliInProcess(['-v']);
  assert.deepEqual({ ...short, stdout: `${short.stdout}\n` }, real);
});

test('no ANSI escapes when piped or with NO_COLOR; colours on a terminal otherwise', {
  skip: !hasScript && 'util-linux script is not installed',
}, async () => {
  const piped = await runCli(DENIED);
  assert.equal(piped.code, 1);
  assert.match(piped.stdout, /^DENIED/);
  assert.equal(piped.stderr, '', 'a decision writes nothing on stderr');
  assert.doesNotMatch(piped.stdout + piped.stderr, ANSI);
  const env = { NO_COLOR: '' };
  assert.match(onTerminal(DENIED, env), ANSI, 'a terminal gets colours (so the checks below can fail)');
  const noColor = onTerminal(DENIED, { NO_COLOR: '1' });
  assert.doesNotMatch(noColor, ANSI);
  assert.match(noColor, /DENIED/);
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
  // Which stream a line goes to is main()'s choice (bin.ts only writes io.out to stdout, io.err to stderr): every
  // command runs through main() in this process, one decision and one input error also as real processes (the
  // bin's wiring, and nothing else writing to the streams), side by side.
  const [realDecision, realError] = await Promise.all([runCli(decisions[0]![0]), runCli(errors[0]!)]);
  const results: CliResult[] = [];
  for (const args of [...decisions.map(([a]) => a), ...errors]) {
    const r = await runCliInProcess(args);
    results.push({ ...r, stdout: r.stdout && `${r.stdout}\n`, stderr: r.stderr && `${r.stderr}\n` });
  }
  assert.deepEqual(realDecision, results[0], 'the process writes what main() decided, on the same streams');
  assert.deepEqual(realError, results[decisions.length], 'the process writes what main() reported, on stderr');
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
