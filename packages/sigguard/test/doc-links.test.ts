// The docs a reader has must not point at nothing: every relative Markdown link in README.md,
// docs/*.md and the package/example READMEs names a file that exists (and, for a link to a
// heading, a heading that exists), every repository path written in backticks exists, and no
// doc sends the reader to `../shared`, which only the project's own checkout has.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

function docFiles(): string[] {
  const files = [
    'README.md',
    'test-vectors/README.md',
    ...readdirSync(join(repo, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  for (const dir of ['packages', 'examples']) {
    for (const p of readdirSync(join(repo, dir)))
      if (existsSync(join(repo, dir, p, 'README.md'))) files.push(`${dir}/${p}/README.md`);
  }
  return files;
}

// GitHub's heading anchors: lower case, punctuation other than `-` and `_` dropped, spaces to `-`.
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of markdown.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6} (.+)$/gm)) {
    const base = heading!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

function links(markdown: string): string[] {
  const text = markdown.replace(/```[\s\S]*?```/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/i.test(t));
}

test('every relative link in the docs names a file (and heading) that exists', () => {
  const broken: string[] = [];
  let seen = 0;
  for (const file of docFiles()) {
    for (const target of links(readFileSync(join(repo, file), 'utf8'))) {
      seen++;
      const [path, anchor] = target.split('#') as [string, string | undefined];
      const resolved = path === '' ? join(repo, file) : join(repo, dirname(file), decodeURI(path));
      if (!existsSync(resolved)) {
        broken.push(`${file}: ${target} (no ${relative(repo, resolved)})`);
      } else if (
        anchor !== undefined &&
        resolved.endsWith('.md') &&
        !anchors(readFileSync(resolved, 'utf8')).has(anchor)
      ) {
        broken.push(`${file}: ${target} (no heading #${anchor} in ${relative(repo, resolved)})`);
      }
    }
  }
  assert.ok(seen > 20, `found only ${seen} links: the link pattern is wrong`);
  assert.deepEqual(broken, []);
});

test('every repository path the docs write in backticks exists', () => {
  const missing: string[] = [];
  let seen = 0;
  for (const file of docFiles()) {
    const text = readFileSync(join(repo, file), 'utf8');
    for (const [, path] of text.matchAll(/`((?:packages|docs|scripts|examples|test-vectors)\/[\w./@-]+)`/g)) {
      if (/[*<>]/.test(path!)) continue;
      seen++;
      // A path is written from the repository root, or (in a package README) from the package.
      const candidates = [join(repo, path!), join(repo, dirname(file), path!)];
      if (!candidates.some((c) => existsSync(c.replace(/:.*$/, '')))) missing.push(`${file}: ${path}`);
    }
  }
  assert.ok(seen > 20, `found only ${seen} paths: the path pattern is wrong`);
  assert.deepEqual(missing, []);
});

test('no doc mentions ../shared, which users of the repository do not have', () => {
  const mentions = docFiles().filter((file) => readFileSync(join(repo, file), 'utf8').includes('../shared'));
  assert.deepEqual(mentions, []);
});
