// sigguard as a dependency, the way the README's "Use it in your project" says: pack every
// public package (scripts/pack.mjs; the tarballs of the last run are reused while nothing they are
// made from changed), `npm install` the tarballs into a scratch project with npm,
// offline (third-party packages come from a registry on 127.0.0.1 that serves what pnpm
// installed here and no @sigguard package), then run the README's ES module code, a CommonJS
// script, the installed CLI and `tsc --noEmit` on a .mts file against the installed packages
// (those three at the same time: each writes its own files into this file's folder of the project).
// The packing and the install are support/packed-project.ts's: once per `npm test` run, shared with the
// runtime and bundler tests.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { installPackedProject, packedProjectSkip, REPO as repo, type PackedProject } from './support/packed-project.ts';

const samples = join(repo, 'packages/sigguard/samples');
const skip = packedProjectSkip();
if (skip) console.log(`# pack-install: skipped: ${skip}`);

let packed: PackedProject | undefined;
let installError: Error | undefined;
let project = '';
let tarballs: string[] = [];

/** Runs a command without blocking this process (checks run side by side). */
function run(cmd: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeout?: number } = {}) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(cmd, args, { cwd: project, encoding: 'utf8', ...options }, (e, stdout, stderr) => {
      resolve({ status: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The README's code blocks of one language under "## Use it in your project". */
function readmeBlocks(lang: string): string[] {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const section = readme.split('## Use it in your project')[1]?.split('\n## ')[0] ?? '';
  return [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

before(async () => {
  if (skip) return;
  try {
    packed = await installPackedProject('sigguard-pack-install-');
  } catch (e) {
    installError = e as Error; // the install test reports it
    return;
  }
  project = packed.dir;
  tarballs = packed.tarballs;
  for (const f of ['a.txt', 'a.txt.sigstore.json', 'a.txt.intoto.sigstore.json', 'policy.yaml'])
    copyFileSync(join(samples, f), join(project, f));
});

after(() => packed?.close());

test('npm run pack: one installable tarball per public package, finished for users', { skip }, () => {
  assert.equal(installError, undefined, installError?.message);
  const names = tarballs.map((t) => t.split('/').at(-1));
  assert.deepEqual(names, [
    'sigguard-0.1.0.tgz',
    'sigguard-audit-0.1.0.tgz',
    'sigguard-browser-0.1.0.tgz',
    'sigguard-cli-0.1.0.tgz',
    'sigguard-identity-0.1.0.tgz',
    'sigguard-image-0.1.0.tgz',
    'sigguard-input-limits-0.1.0.tgz',
    'sigguard-oci-0.1.0.tgz',
    'sigguard-policy-0.1.0.tgz',
    'sigguard-predicate-0.1.0.tgz',
    'sigguard-trust-root-0.1.0.tgz',
    'sigguard-types-0.1.0.tgz',
    'sigguard-verify-0.1.0.tgz',
  ]);
  for (const t of tarballs) {
    const files = execFileSync('tar', ['-tzf', t], { encoding: 'utf8' }).split('\n');
    assert.ok(files.includes('package/LICENSE'), `${t}: LICENSE`);
    const manifest = execFileSync('tar', ['-xzOf', t, 'package/package.json'], { encoding: 'utf8' });
    assert.doesNotMatch(manifest, /workspace:/, `${t}: workspace ranges rewritten`);
    assert.doesNotMatch(manifest, /@sigguard\/source/, `${t}: no in-repo source condition in exports`);
    const m = JSON.parse(manifest);
    assert.equal(m.devDependencies, undefined, `${t}: no devDependencies (they name private packages)`);
    assert.equal(m.license, 'Apache-2.0');
    assert.ok(m.repository?.url && m.homepage && m.engines?.node, `${t}: repository, homepage, engines`);
  }
});

test('npm installs the tarballs offline; README links resolve inside the installed packages', { skip }, async () => {
  const [install] = readmeBlocks('sh').map((b) => b.split('\n').find((l) => l.startsWith('npm install')));
  assert.match(install ?? '', /^npm install \/path\/to\/sigguard\/pack\/\*\.tgz/, 'the README says how to install');
  assert.equal(installError, undefined, installError?.message);
  for (const dir of ['sigguard', '@sigguard/cli', '@sigguard/verify', '@sigguard/policy']) {
    const pkg = join(packed!.root, 'node_modules', dir);
    const readme = readFileSync(join(pkg, 'README.md'), 'utf8');
    for (const [, target] of readme.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target!) || target!.startsWith('#')) continue;
      assert.ok(
        existsSync(join(pkg, target!.split('#')[0]!)),
        `${dir}/README.md links to ${target}, which is not in the package`,
      );
    }
  }
});

describe('against the installed packages', { concurrency: true }, () => {
  test("the README's ES module code runs against the installed package", { skip }, async () => {
    const [code] = readmeBlocks('js');
    assert.ok(code, 'README has a js block');
    writeFileSync(join(project, 'check.mjs'), code);
    const r = await run(process.execPath, ['check.mjs']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^verified: https:\/\/github\.com\/sigstore-conformance\//m);
    assert.match(r.stdout, /^allowed: ghcr\.io\/sigstore-conformance\/a-txt@sha256:a0cf.* satisfies 1 policy/m);
  });

  test('CommonJS require() and the installed CLI', { skip }, async () => {
    writeFileSync(
      join(project, 'check.cjs'),
      `const { readFileSync } = require('node:fs');
const { verifyBundleSync, publicGoodTrustRoot } = require('sigguard');
const r = verifyBundleSync(readFileSync('a.txt.sigstore.json'), {
  artifact: readFileSync('a.txt.sigstore.json'), // the wrong artifact: must not verify
  identities: [{ issuer: 'https://token.actions.githubusercontent.com', subjectRegExp: '.*' }],
  trustRoot: publicGoodTrustRoot(),
});
console.log(r.ok ? 'verified' : 'not verified: ' + r.error.code);
`,
    );
    const r = await run(process.execPath, ['check.cjs']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'not verified: ARTIFACT_DIGEST');

    const bin = join(packed!.root, 'node_modules/.bin/sigguard');
    const version = await run(bin, ['--version']);
    assert.equal(version.stdout.trim(), 'sigguard 0.1.0');
    const denied = await run(bin, [
      'verify-image',
      'ghcr.io/sigstore-conformance/a-txt@sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf',
      '--policy',
      'policy.yaml',
      '--bundle',
      'a.txt.sigstore.json',
    ]);
    assert.equal(denied.status, 1, denied.stderr);
    assert.match(denied.stdout, /^DENIED/);
  });

  test('tsc --noEmit type-checks a .mts file against the installed types', { skip }, async () => {
    writeFileSync(
      join(project, 'check.mts'),
      `import { verifyBundle, verifyImage, type ImageDecision } from 'sigguard';
import type { BundleVerification } from '@sigguard/verify';

const result: BundleVerification = await verifyBundle(new Uint8Array(), { artifact: new Uint8Array() });
const decision: ImageDecision = await verifyImage('registry.example/app@sha256:${'0'.repeat(64)}', { policies: '' });
const allowed: boolean = decision.allowed;
// @ts-expect-error: ok is a boolean, not a string
const wrong: string = result.ok;
export { allowed, wrong };
`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          ...{
            module: 'nodenext',
            moduleResolution: 'nodenext',
            target: 'es2022',
            strict: true,
            noEmit: true,
            lib: ['es2023'],
          },
          // Every declaration file is checked, ours and our dependencies'; Node's types as a user
          // of a Node library has them (the workspace's @types/node).
          skipLibCheck: false,
          types: ['node'],
          typeRoots: [join(repo, 'node_modules/@types')],
        },
        files: ['check.mts'],
      }),
    );
    const tsc = join(repo, 'node_modules/typescript/bin/tsc');
    const r = await run(process.execPath, [tsc, '-p', 'tsconfig.json']);
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.ok(readdirSync(join(packed!.root, 'node_modules/@sigguard')).includes('verify'));
  });
});
